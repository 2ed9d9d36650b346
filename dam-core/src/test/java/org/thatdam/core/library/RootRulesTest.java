package org.thatdam.core.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which folders may become library roots: every refused case and the allowed neighbours of each. */
class RootRulesTest {

    static final Path HOME = Path.of("/home/me/.dam");
    static final List<Path> ROOTS = List.of(Path.of("/home/me/Footage"), Path.of("/mnt/card"));

    static Optional<String> check(String candidate) {
        return RootRules.refusal(Path.of(candidate), HOME, ROOTS);
    }

    @Test
    void theWholeFileSystemIsRefused() {
        assertThat(check("/")).hasValueSatisfying(r -> assertThat(r).isEqualTo("/ is the whole file system: choose the folder that holds your media"));
    }

    @Test
    void systemTreesAndEverythingInsideThemAreRefused() {
        for (String system : List.of("/proc", "/sys", "/dev", "/run", "/boot")) {
            assertThat(check(system)).as(system).hasValueSatisfying(r -> assertThat(r).isEqualTo(system + " is the system folder " + system + ", which holds no media"));
            assertThat(check(system + "/x/y")).as(system + "/x/y")
                    .hasValueSatisfying(r -> assertThat(r).isEqualTo(system + "/x/y is inside the system folder " + system + ", which holds no media"));
        }
        assertThat(check("/dev/shm")).isPresent();
        assertThat(check("/run/user/1000")).isPresent();
        // Only whole path components count: these are ordinary folders.
        assertThat(check("/procedures")).isEmpty();
        assertThat(check("/devices/cam")).isEmpty();
        assertThat(check("/srv/proc")).isEmpty();
        assertThat(check("/runs")).isEmpty();
    }

    @Test
    void removableDrivesMountedUnderRunMediaAreAllowed() {
        assertThat(check("/run/media/me/CARD")).isEmpty();
        assertThat(check("/run/media")).isEmpty();
        assertThat(check("/run/mediaX")).isPresent();
    }

    @Test
    void theDataFolderAndFoldersInsideItAreRefused() {
        assertThat(check("/home/me/.dam")).hasValue("/home/me/.dam is the library's own data folder");
        assertThat(check("/home/me/.dam/derivatives")).hasValue("/home/me/.dam/derivatives is inside the library's own data folder /home/me/.dam");
        // A folder holding the data folder is fine: scans skip the data folder.
        assertThat(RootRules.refusal(Path.of("/home/me"), HOME, List.of())).isEmpty();
        assertThat(check("/home/me/.dam2")).isEmpty();
    }

    @Test
    void theLibraryFolderOfTheHomeMayBeARoot() {
        // where the library keeps media it received (uploads): the one part of the home that is media
        assertThat(check("/home/me/.dam/library")).isEmpty();
        assertThat(check("/home/me/.dam/library/uploads")).isEmpty();
        assertThat(check("/home/me/.dam/library2")).hasValue("/home/me/.dam/library2 is inside the library's own data folder /home/me/.dam");
    }

    @Test
    void overlappingRootsAreRefusedNamingTheOtherRoot() {
        assertThat(check("/home/me/Footage/2024")).hasValue(
                "/home/me/Footage/2024 is inside the library root /home/me/Footage, which already covers it");
        assertThat(check("/mnt")).hasValue("/mnt contains the library root /mnt/card: remove that root first");
        assertThat(check("/home/me")).hasValue("/home/me contains the library root /home/me/Footage: remove that root first");
        assertThat(check("/home/me/Footage2")).isEmpty();
        assertThat(check("/mnt/cards")).isEmpty();
    }

    @Test
    void anExistingRootAgainIsNotARefusal() {
        assertThat(check("/home/me/Footage")).isEmpty();
        assertThat(check("/mnt/card")).isEmpty();
    }

    @Test
    void aFolderBesideEverythingIsAllowed() {
        assertThat(check("/home/me/Music")).isEmpty();
        assertThat(check("/media/me/disk")).isEmpty();
        assertThat(check("/tmp/x")).isEmpty();
    }
}
