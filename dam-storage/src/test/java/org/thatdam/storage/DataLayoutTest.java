package org.thatdam.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's home is private to its owner: the catalog inside holds password hashes and share tokens. */
class DataLayoutTest {

    @TempDir Path tmp;

    @BeforeEach
    void posixOnly() {
        org.junit.jupiter.api.Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    }

    @Test
    void aNewHomeIsOwnerOnlyAndItsParentsAreLeftAlone() throws Exception {
        Path parent = tmp.resolve("srv/data");
        DataLayout layout = new DataLayout(parent.resolve("home")).create();
        assertThat(mode(layout.home())).isEqualTo("rwx------");
        assertThat(mode(parent)).as("folders made on the way keep the usual permissions")
                .isEqualTo(mode(Files.createDirectory(tmp.resolve("reference"))));
        for (Path p : new Path[] {layout.indexDir(), layout.derivativesDir(), layout.uploadsDir(), layout.logsDir()}) {
            assertThat(p).isDirectory();
        }
    }

    @Test
    void anExistingHomeOthersCanReadIsMadePrivateWithWhatIsInIt() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("catalog.db"), "kept");
        new DataLayout(home).create();
        assertThat(mode(home)).isEqualTo("rwx------");
        assertThat(Files.readString(home.resolve("catalog.db"))).isEqualTo("kept");

        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("r-x-w---x"));
        new DataLayout(home).create();
        assertThat(mode(home)).as("only others' rights go; the owner's stay as they were").isEqualTo("r-x------");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aPrivateHomeIsLeftAsItIs() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        new DataLayout(home).create();
        new DataLayout(home).create();
        assertThat(mode(home)).isEqualTo("rwx------");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
