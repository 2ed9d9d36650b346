package org.thatdam.media.capture;

import java.time.Duration;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.model.DamException;

/**
 * How a live source is read: the preview's width and rate, the ffmpeg to run, how long opening a source
 * may take, how long a network read or a gap in the pictures may last before the source counts as lost,
 * the reconnection back-off bounds, and the memory ffmpeg may use.
 */
public record IngestOptions(int previewWidth, int previewFps, FfmpegTools tools, Duration openTimeout,
                            Duration ioTimeout, Duration stallTimeout, Duration backoffMin, Duration backoffMax,
                            long maxMemoryBytes) {

    public IngestOptions {
        if (previewWidth < 64 || previewWidth > 3840) throw DamException.invalid("the preview width must be 64 to 3840, not " + previewWidth);
        if (previewFps < 1 || previewFps > 60) throw DamException.invalid("the preview rate must be 1 to 60 per second, not " + previewFps);
        if (tools == null) throw DamException.invalid("an ffmpeg is needed");
        for (Duration d : new Duration[] {openTimeout, ioTimeout, stallTimeout, backoffMin, backoffMax}) {
            if (d == null || d.isNegative() || d.isZero()) throw DamException.invalid("every time limit of a live source must be positive");
        }
        if (backoffMin.compareTo(backoffMax) > 0) throw DamException.invalid("the shortest back-off is longer than the longest");
        if (maxMemoryBytes < 64L * 1024 * 1024) throw DamException.invalid("ffmpeg needs at least 64 MiB to read a live source");
    }

    /** 640 px at 15/s, 20 s to open, 10 s of silence at most, back-off 0.5 s doubling to 10 s, 2 GiB. */
    public static IngestOptions defaults(FfmpegTools tools) {
        return new IngestOptions(640, 15, tools, Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofMillis(500), Duration.ofSeconds(10), 2L * 1024 * 1024 * 1024);
    }

    public IngestOptions withPreview(int width, int fps) {
        return new IngestOptions(width, fps, tools, openTimeout, ioTimeout, stallTimeout, backoffMin, backoffMax, maxMemoryBytes);
    }

    public IngestOptions withTimeouts(Duration open, Duration io, Duration stall) {
        return new IngestOptions(previewWidth, previewFps, tools, open, io, stall, backoffMin, backoffMax, maxMemoryBytes);
    }

    public IngestOptions withBackoff(Duration min, Duration max) {
        return new IngestOptions(previewWidth, previewFps, tools, openTimeout, ioTimeout, stallTimeout, min, max, maxMemoryBytes);
    }
}
