package org.thatdam.media.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * Generated clips for near-duplicate tests, cached like {@link TestMedia}: an original (black and
 * silence, then 8 s of moving pictures with a tone), a smaller lower-bitrate re-encode of it, a copy
 * with 3 s more black and silence at the start, and a different clip behind the same 2 s leader.
 */
public final class DuplicateMedia {

    private DuplicateMedia() {}

    /** 2 s black and silent, then 8 s of a zooming fractal with a 440 Hz tone; 640x360. */
    public static Path original() {
        return clip("dup-original.mp4", 2, "mandelbrot=s=640x360:r=25");
    }

    /** {@link #original()} at 320x180 and a much lower bitrate, with B-frames. */
    public static Path reencoded() {
        return TestMedia.make("dup-reencoded.mp4", List.of("-i", original().toString()), "-vf", "scale=320:180",
                "-c:v", "libx264", "-preset", "fast", "-crf", "36", "-c:a", "aac", "-b:a", "48k");
    }

    /** {@link #original()} with 5 s of black and silence in front instead of 2. */
    public static Path padded() {
        return clip("dup-padded.mp4", 5, "mandelbrot=s=640x360:r=25");
    }

    /** The same 2 s black silent leader and tone, then a different picture. */
    public static Path other() {
        return clip("dup-other.mp4", 2, "testsrc2=s=640x360:r=25");
    }

    /** 8 s of ffmpeg's moving test pattern (fine detail, a moving gradient), no leader, no sound; 640x360. */
    public static Path pattern() {
        return TestMedia.make("dup-pattern.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25"),
                "-t", "8", "-c:v", "libx264");
    }

    /** {@link #pattern()} at 320x180 and 200 kbit/s: the pattern's fine detail turns to blocks. */
    public static Path patternReencoded() {
        return TestMedia.make("dup-pattern-reencoded.mp4", List.of("-i", pattern().toString()),
                "-vf", "scale=320:180", "-b:v", "200k");
    }

    /** {@code blackSec} of black and silence, then 8 s of {@code source} with a tone. */
    private static Path clip(String name, double blackSec, String source) {
        return TestMedia.make(name, List.of(
                        "-f", "lavfi", "-i", "color=c=black:s=640x360:r=25:d=" + blackSec + "[b];" + source
                                + ",trim=duration=8[m];[b][m]concat=n=2:v=1:a=0[out0]",
                        "-f", "lavfi", "-i", "aevalsrc=0:d=" + blackSec + ":s=44100[s];"
                                + "sine=frequency=440:sample_rate=44100:duration=8[t];[s][t]concat=n=2:v=0:a=1[out0]"),
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
    }
}
