package org.thatdam.media.libav;

import org.bytedeco.javacpp.Loader;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;

/** Loads the bundled libav* libraries into this process once (the same build the bundled executables use). */
public final class Libav {

    private static volatile boolean loaded;

    private Libav() {}

    /** Loads avformat, avcodec, swscale and their dependencies; a precise error when this platform has none. */
    public static void load() {
        if (loaded) return;
        synchronized (Libav.class) {
            if (loaded) return;
            FfmpegTools.class.getName(); // its static block selects the GPL build before anything loads
            try {
                Loader.load(org.bytedeco.ffmpeg.global.avutil.class);
                Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
                Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
                Loader.load(org.bytedeco.ffmpeg.global.swscale.class);
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                throw new MediaException("cannot load the bundled media libraries for this platform ("
                        + Loader.getPlatform() + "): " + e.getMessage(), e);
            }
            loaded = true;
        }
    }
}
