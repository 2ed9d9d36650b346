package org.thatdam.media.libav;

import java.nio.file.Path;

/** Technical metadata read in-process by libavformat, as the JSON {@code ffprobe -show_format -show_streams} writes. */
public final class LibavProbe {

    private LibavProbe() {}

    /** The file's format and streams in ffprobe's JSON shape; a precise {@link org.thatdam.media.MediaException} when unreadable. */
    public static String probeJson(Path file) {
        throw new UnsupportedOperationException("in-process probing is not built yet");
    }
}
