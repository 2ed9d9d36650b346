package org.thatdam.media.libav;

import java.io.IOException;

/** Takes decoded frames in order; what it throws stops the decoding and reaches the caller. */
@FunctionalInterface
public interface FrameSink {
    /** @return false to stop: no further frame is handed over */
    boolean accept(DecodedFrame frame) throws IOException;
}
