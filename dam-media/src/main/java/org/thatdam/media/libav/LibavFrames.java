package org.thatdam.media.libav;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Frames of a video decoded in-process by libavcodec and scaled by swscale, one open of the file. */
public final class LibavFrames {

    private LibavFrames() {}

    /** Hands {@code sink} the requested frames in order; returns how many were handed over. */
    public static int decode(Path file, FrameRequest request, FrameSink sink, BooleanSupplier cancel) {
        throw new UnsupportedOperationException("in-process decoding is not built yet");
    }
}
