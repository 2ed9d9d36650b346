package org.thatdam.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** One place recognises a full disk, however it is worded by the layer that hit it. */
class IoErrorsTest {

    @Test
    void recognisesAFullDiskFromEveryLayer() {
        assertThat(IoErrors.isDiskFull(new IOException("No space left on device"))).isTrue();
        assertThat(IoErrors.isDiskFull(new FileSystemException("/h/x", null, "No space left on device"))).isTrue();
        assertThat(IoErrors.isDiskFull(new RuntimeException("catalog write failed",
                new Exception("[SQLITE_FULL] Insertion failed because database is full (database or disk is full)")))).isTrue();
        assertThat(IoErrors.isDiskFull(new RuntimeException("ffmpeg failed: av_interleaved_write_frame(): No space left on device")))
                .isTrue();
        RuntimeException suppressedOnly = new RuntimeException("commit failed");
        suppressedOnly.addSuppressed(new UncheckedIOException(new IOException("Disk quota exceeded")));
        assertThat(IoErrors.isDiskFull(suppressedOnly)).isTrue();
        assertThat(IoErrors.isDiskFull(new DiskFullException(Path.of("/h"), 0, "x", null))).isTrue();
    }

    @Test
    void otherFailuresAreNotAFullDisk() {
        assertThat(IoErrors.isDiskFull(new IOException("Input/output error"))).isFalse();
        assertThat(IoErrors.isDiskFull(new RuntimeException())).isFalse();
        assertThat(IoErrors.isDiskFull(null)).isFalse();
        RuntimeException loop = new RuntimeException("a");
        RuntimeException other = new RuntimeException("b", loop);
        loop.initCause(other);
        assertThat(IoErrors.isDiskFull(loop)).isFalse();
    }

    @Test
    void describesItInOneLine() {
        assertThat(IoErrors.describe(new FileSystemException("/h/p.jpg", null, "No space left on device")))
                .isEqualTo("the disk is full (/h/p.jpg)");
        DiskFullException e = new DiskFullException(Path.of("/home/u/.dam"), 12L * 1024 * 1024, 1024L * 1024 * 1024,
                "paused work that writes there; it resumes when space returns", null);
        assertThat(e.getMessage()).isEqualTo("the disk holding /home/u/.dam is full (12 MiB free, below the 1024 MiB kept free):"
                + " paused work that writes there; it resumes when space returns");
        assertThat(e.code().wire()).isEqualTo("disk_full");
        assertThat(e.because("the scan stopped").getMessage()).endsWith("kept free): the scan stopped");
    }
}
