package org.thatdam.media.motion;

import java.util.List;
import org.thatdam.media.testing.TestMedia;

/**
 * Generated clips with known motion, freezes and sound for the motion, idle and cut tests (cached
 * by {@link TestMedia#make}). All H.264 with B-frames (libx264 veryfast), so the analyzer's
 * B-frame skipping is exercised.
 */
public final class MotionMedia {

    private MotionMedia() {}

    /** Grey background with a static texture, 30 fps. */
    private static String background(double seconds, String size) {
        return "color=c=gray:s=" + size + ":r=30:d=" + seconds
                + ",geq=lum='128+30*sin(X/7)*cos(Y/5)':cb=128:cr=128";
    }

    /** A 48x48 white square with a black grid: a textured object, so its inside visibly moves too. */
    private static String box(double seconds) {
        return "color=c=white:s=48x48:r=30:d=" + seconds + ",drawgrid=w=12:h=12:t=6:c=black";
    }

    private static final String SENSOR_NOISE = "noise=alls=8:allf=t";
    private static final String[] X264 = {"-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"};

    private static String[] out(String graph, String... more) {
        String[] args = new String[2 + X264.length + more.length];
        args[0] = "-filter_complex";
        args[1] = graph;
        System.arraycopy(X264, 0, args, 2, X264.length);
        System.arraycopy(more, 0, args, 2 + X264.length, more.length);
        return args;
    }

    /**
     * 16 s 320x240 static textured scene with sensor noise; the box moves 3–6 s (left to right) and
     * 11–13 s (back), and stands still otherwise.
     */
    public static java.nio.file.Path scene() {
        String x = "if(lt(t,3),20,if(lt(t,6),20+(t-3)*70,if(lt(t,11),230,if(lt(t,13),230-(t-11)*105,20))))";
        return TestMedia.make("motion-scene.mp4", List.of(),
                out(background(16, "320x240") + "[bg];" + box(16) + "[box];[bg][box]overlay=x='" + x + "':y=96,"
                        + SENSOR_NOISE + ",format=yuv420p[v]", "-map", "[v]"));
    }

    /** The same scene, noise only (nothing moves). */
    public static java.nio.file.Path noiseOnly() {
        return TestMedia.make("motion-noise.mp4", List.of(),
                out(background(10, "320x240") + "," + SENSOR_NOISE + ",format=yuv420p[v]", "-map", "[v]"));
    }

    /** Noise and a global brightness flicker of ±2 % once a second (fluorescent light, auto exposure). */
    public static java.nio.file.Path noiseFlicker() {
        return TestMedia.make("motion-flicker.mp4", List.of(),
                out(background(10, "320x240") + "," + SENSOR_NOISE + ",eq=brightness='0.02*sin(2*PI*t)':eval=frame,"
                        + "format=yuv420p[v]", "-map", "[v]"));
    }

    /**
     * 50 s 160x120, long enough for two chunks: the box moves 8–10 s, 23–27 s (across the chunk
     * border at 25 s) and 40–42 s.
     */
    public static java.nio.file.Path longScene() {
        String x = "if(lt(t,8),10,if(lt(t,10),10+(t-8)*40,if(lt(t,23),90,if(lt(t,27),90-(t-23)*20,"
                + "if(lt(t,40),10,if(lt(t,42),10+(t-40)*40,90))))))";
        return TestMedia.make("motion-long.mp4", List.of(),
                out(background(50, "160x120") + "[bg];color=c=white:s=24x24:r=30:d=50,drawgrid=w=6:h=6:t=3:c=black[box];"
                        + "[bg][box]overlay=x='" + x + "':y=48," + SENSOR_NOISE + ",format=yuv420p[v]", "-map", "[v]"));
    }

    /** Frames 90..239 (3–8 s) frozen on frame 90, frames 330..479 (11 s to the end) frozen on frame 330. */
    private static final String FROZEN_PATTERN = "testsrc2=s=320x240:r=30:d=16,split=3[m][r1][r2];"
            + "[m][r1]freezeframes=first=90:last=239:replace=90[f1];"
            + "[f1][r2]freezeframes=first=330:last=479:replace=330[v]";

    /**
     * 16 s 320x240 30 fps: moving test pattern 0–3 s, frozen 3–8 s, moving 8–11 s, frozen 11–16 s.
     * Sound: a 440 Hz tone, silent while the first freeze lasts (3–8 s) but going on through the
     * second (a still slide with narration), and a 3 kHz beep at 9.5–9.7 s.
     */
    public static java.nio.file.Path idleClip() {
        return TestMedia.make("idle-clip.mp4", List.of(), out(
                FROZEN_PATTERN + ";"
                        + "sine=f=440:d=16:sample_rate=48000,volume='if(between(t,3,8),0,0.3)':eval=frame[tone];"
                        + "sine=f=3000:d=16:sample_rate=48000,volume='if(between(t,9.5,9.7),0.5,0)':eval=frame[beep];"
                        + "[tone][beep]amix=inputs=2:normalize=0[a]",
                "-map", "[v]", "-map", "[a]", "-c:a", "aac", "-b:a", "96k"));
    }

    /** The picture of {@link #idleClip()} without sound. */
    public static java.nio.file.Path idleClipSilent() {
        return TestMedia.make("idle-clip-mute.mp4", List.of(), out(FROZEN_PATTERN,
                "-map", "[v]"));
    }

    /**
     * 20 s 320x240 30 fps screen-recording-like: moving test pattern 0–3 s, a still slide 3–11 s, a
     * slide change at 11 s to another still slide until 17 s, moving again 17–20 s. Encoded with
     * libx264's defaults and a key frame every 2 s: each key frame inside a still stretch is
     * coded afresh and decodes a little differently from the frames before it.
     */
    public static java.nio.file.Path slidesWithKeyframes() {
        return TestMedia.make("idle-slides-keyframes.mp4", List.of(), "-filter_complex",
                "testsrc2=s=320x240:r=30:d=20,split=3[m][r1][r2];"
                        + "[m][r1]freezeframes=first=90:last=329:replace=90[f1];"
                        + "[f1][r2]freezeframes=first=330:last=509:replace=330,format=yuv420p[v]",
                "-map", "[v]", "-c:v", "libx264", "-g", "60");
    }

    /** 10 s of a 440 Hz tone in AAC, silent 3–7 s. */
    public static java.nio.file.Path toneWithPause() {
        return TestMedia.make("tone-pause.m4a", List.of(), "-filter_complex",
                "sine=f=440:d=10:sample_rate=48000,volume='if(between(t,3,7),0,0.3)':eval=frame[a]",
                "-map", "[a]", "-c:a", "aac", "-b:a", "96k");
    }
}
