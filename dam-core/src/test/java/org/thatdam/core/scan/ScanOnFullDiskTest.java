package org.thatdam.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.SmallDisk;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.ScanReport;

/** A catalog on a disk that fills during a scan: the scan stops with one message, the next one finishes the job once. */
class ScanOnFullDiskTest {

    static final int FILES = 30;

    @TempDir Path tmp;

    @Test
    void aScanStoppedByAFullDiskIsFinishedByTheNextWithEveryFileOnce() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media")).toRealPath();
        byte[] png = Files.readAllBytes(TestMedia.png());
        for (int i = 0; i < FILES; i++) {
            byte[] b = java.util.Arrays.copyOf(png, png.length + 1); // distinct content: a byte after the image's end
            b[b.length - 1] = (byte) i;
            Path f = Files.createDirectories(media.resolve("f" + (i % 3))).resolve("p" + i + ".png");
            Files.write(f, b);
            DamTesting.age(f, Duration.ofHours(1));
        }
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 32)) {
            Path home = disk.dir().resolve("home");
            try (Dam dam = Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString(),
                    ConfigKey.SCAN_SETTLE_SECONDS, "0", ConfigKey.STORAGE_MIN_FREE_MB, "0")))) {
                Path filler = disk.fill("filler", 0);
                assertThatThrownBy(() -> DamTesting.scan(dam, media))
                        .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DISK_FULL))
                        .hasMessageContaining("the scan stopped (what it catalogued so far is kept)");
                Files.delete(filler);

                ScanReport r = DamTesting.scan(dam, media);
                assertThat(r.failed()).isZero();
                assertThat(r.added() + r.unchanged()).isEqualTo(FILES);
                assertThat(DamTesting.all(dam)).hasSize(FILES);
                assertThat(DamTesting.allLocations(dam)).hasSize(FILES);
            }
        }
    }
}
