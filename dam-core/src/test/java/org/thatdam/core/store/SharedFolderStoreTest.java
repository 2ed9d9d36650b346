package org.thatdam.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.Derivative;
import org.thatdam.model.ErrorCode;

/**
 * {@code storage.url = file:/…}: a folder several nodes share. Derivatives made by one node are stored
 * there before the catalog names them; another node (its own home, the same catalog) uses the shared
 * files themselves, without copying them; forgetting the asset removes them.
 */
class SharedFolderStoreTest {

    @TempDir Path tmp;

    Dam node(String name, Path catalog, Path shared) {
        Map<ConfigKey, String> flags = new java.util.HashMap<>(Map.of(ConfigKey.HOME, tmp.resolve(name).toString(),
                ConfigKey.SCAN_SETTLE_SECONDS, "0", ConfigKey.SEMANTIC_AUTO, "false",
                ConfigKey.STORAGE_URL, "file:" + shared));
        if (catalog != null) flags.put(ConfigKey.CATALOG_URL, "sqlite:" + catalog);
        return Dam.open(ConfigLoader.load(Map.of(), null, flags));
    }

    @Test
    void derivativesGoToTheSharedFolderAndEveryNodeUsesThemThere() throws Exception {
        Path shared = tmp.resolve("shared");
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media, "clip.mp4");
        try (Dam maker = node("a", null, shared)) {
            DamTesting.scan(maker, media);
            maker.engine().start();
            assertThat(maker.engine().awaitIdle(Duration.ofMinutes(2))).isTrue();
            long id = DamTesting.at(maker, media.resolve("clip.mp4")).asset().id();
            Derivative poster = maker.assets().details(id).orElseThrow().derivative("poster-large").orElseThrow();
            Path object = shared.resolve("derivatives").resolve(poster.path());
            assertThat(object).isRegularFile().hasSize(poster.sizeBytes());
            assertThat(maker.readinessChecks().get("storage").get()).isEqualTo("ok");

            try (Dam other = node("b", maker.layout().catalogDb(), shared)) {
                Path used = other.assets().derivativeFile(id, "poster-large").orElseThrow();
                assertThat(used).isEqualTo(object); // the shared file itself: nothing copied
                assertThat(other.layout().derivativesDir().resolve(poster.path())).doesNotExist();
                other.assets().delete(id, Actor.commandLine());
            }
            assertThat(object).doesNotExist();
            try (var left = Files.walk(shared.resolve("derivatives"))) {
                assertThat(left.filter(Files::isRegularFile)).isEmpty();
            }
        }
    }

    @Test
    void aSharedFolderIsAnAbsolutePathWithoutTricks() {
        DamConfig.Storage base = new DamConfig.Storage(0, "", "", "us-east-1", DamConfig.ServeMode.PROXY);
        for (String bad : new String[] {"file:relative/dir", "file://host/dir", "file:/a/../etc", "file:/a?x=1", "file:"}) {
            assertCode(() -> LibraryStores.open(new DamConfig.Storage(0, bad, "", "us-east-1", DamConfig.ServeMode.PROXY),
                    tmp, Map.of()), ErrorCode.INVALID, "storage.url");
        }
        assertThat(LibraryStores.folder("file:///srv/dam")).isEqualTo(Path.of("/srv/dam"));
        assertThat(LibraryStores.open(base, tmp, Map.of()).describe()).contains(tmp.toString());
    }

    @Test
    void aSharedFolderStaysApartFromTheLibraryRoots() {
        java.util.function.Function<String, DamConfig.Storage> at = url -> new DamConfig.Storage(0, url, "", "us-east-1",
                DamConfig.ServeMode.PROXY);
        List<Path> roots = List.of(Path.of("/media/footage"));
        assertCode(() -> LibraryStores.checkFolder(at.apply("file:/media/footage/store"), roots), ErrorCode.INVALID,
                "overlaps the library root /media/footage");
        assertCode(() -> LibraryStores.checkFolder(at.apply("file:/media"), roots), ErrorCode.INVALID, "overlaps the library root");
        assertCode(() -> LibraryStores.checkFolder(at.apply("file:/"), roots), ErrorCode.INVALID, "the whole file system");
        LibraryStores.checkFolder(at.apply("file:/srv/dam"), roots);
        LibraryStores.checkFolder(at.apply(""), roots);
    }
}
