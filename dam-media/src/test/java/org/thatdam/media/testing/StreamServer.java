package org.thatdam.media.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.model.DamException;

/** An HTTP MPEG-TS server of one client, as a camera or encoder would serve it; stoppable at will. */
public final class StreamServer implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch ended = new CountDownLatch(1);

    public StreamServer(int port) {
        this(port, true);
    }

    /** {@code sound}: with a tone beside the picture. */
    public StreamServer(int port, boolean sound) {
        List<String> args = org.thatdam.media.ffmpeg.FfmpegArgs.ffmpeg()
                .add("-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25").list();
        if (sound) args.addAll(List.of("-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-c:a", "aac"));
        args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25",
                "-pix_fmt", "yuv420p", "-f", "mpegts", "-listen", "1", "http://127.0.0.1:" + port + "/live.ts"));
        Thread.ofPlatform().daemon().start(() -> {
            try {
                ToolRunner.run(FfmpegTools.bundled().ffmpeg(), args, Duration.ofSeconds(100), null, stop::get);
            } catch (DamException e) {
                // a stop by the test (cancel) or the client leaving ends the server either way
            } finally {
                ended.countDown();
            }
        });
    }

    /** Whether its ffmpeg ended within {@code seconds} (it serves one client, then ends). */
    public boolean awaitEnd(long seconds) throws InterruptedException {
        return ended.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        assertThat(awaitEnd(30)).isTrue();
    }
}
