package org.thatdam.media.testing;

import java.nio.file.Path;
import java.util.List;

/** A generated clip with known shot boundaries, a flash and a slow dissolve (cached by {@link TestMedia#make}). */
public final class SceneMedia {

    /** Where the hard cuts are (the first frame of each new shot). */
    public static final double[] CUTS = {3.0, 6.0};
    public static final double DURATION = 12.0;
    public static final double FPS = 25;

    private SceneMedia() {}

    /**
     * 12 s 320x180 25 fps H.264 (with B-frames): testsrc2 with a flash of two white frames at 1.48 s, a hard cut to
     * SMPTE bars at 3 s, a hard cut to the moving testsrc pattern at 6 s, which dissolves slowly (2 s, 8.5–10.5 s)
     * into HD bars.
     */
    public static Path cuts() {
        String graph = "testsrc2=s=320x180:r=25:d=3,drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill"
                + ":enable='between(n,37,38)'[a];"
                + "smptebars=s=320x180:r=25:d=3[b];"
                + "testsrc=s=320x180:r=25:d=4.5[c];"
                + "smptehdbars=s=320x180:r=25:d=3.5[d];"
                + "[c][d]xfade=transition=fade:duration=2:offset=2.5[cd];"
                + "[a][b][cd]concat=n=3:v=1:a=0,format=yuv420p[v]";
        return TestMedia.make("scenes-cuts.mp4", List.of(), "-filter_complex", graph, "-map", "[v]",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p");
    }
}
