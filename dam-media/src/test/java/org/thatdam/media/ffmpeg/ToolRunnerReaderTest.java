package org.thatdam.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A stdout reader is the caller's code (frames handed to a model, in native code): a run that is cancelled or
 * times out must not return while the reader is still at work on what it read.
 */
class ToolRunnerReaderTest {

    /** Endless raw video on stdout from the real ffmpeg. */
    private static final List<String> ENDLESS = List.of("-hide_banner", "-nostdin", "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25", "-f", "rawvideo", "pipe:1");

    @Test
    void aCancelledRunReturnsOnlyOnceItsReaderHas() {
        AtomicBoolean cancel = new AtomicBoolean();
        AtomicBoolean readerReturned = new AtomicBoolean();
        CountDownLatch reading = new CountDownLatch(1);
        assertThatThrownBy(() -> ToolRunner.run(FfmpegTools.bundled().ffmpeg(), ENDLESS, Duration.ofMinutes(5), in -> {
            in.readNBytes(64 * 48 * 3);
            reading.countDown();
            // The work on the frame in hand: it goes on after the cancel, as native code would.
            while (!cancel.get()) LockSupport.parkNanos(1_000_000);
            busy(Duration.ofMillis(300));
            readerReturned.set(true);
        }, () -> {
            boolean started = reading.getCount() == 0;
            if (started) cancel.set(true);
            return started;
        }, null)).isInstanceOf(ToolRunner.CancelledException.class);
        assertThat(readerReturned).as("the reader had returned when the run did").isTrue();
    }

    @Test
    void aRunThatTimesOutReturnsOnlyOnceItsReaderHas() {
        AtomicBoolean readerReturned = new AtomicBoolean();
        assertThatThrownBy(() -> ToolRunner.run(FfmpegTools.bundled().ffmpeg(), ENDLESS, Duration.ofMillis(200), in -> {
            in.readNBytes(64 * 48 * 3);
            busy(Duration.ofMillis(800)); // past the timeout
            readerReturned.set(true);
        }, null, null)).hasMessageContaining("did not finish within");
        assertThat(readerReturned).isTrue();
    }

    /** Work that ignores interrupts for {@code d}, like a call into native code. */
    private static void busy(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        for (long left; (left = end - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
    }
}
