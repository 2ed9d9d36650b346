package org.thatdam.media.capture;

import java.util.function.Consumer;
import org.thatdam.model.LiveState;

/** A started live source: one ffmpeg reading it, shared by every viewer, recorder and the HLS preview. */
public interface LiveFeed {

    String sourceId();

    /** The raw format, waiting for the source to deliver it; fails with the source's error in words. */
    RawFormat format();

    LiveState state();

    /** The newest preview picture, or null before the first. */
    JpegFrame latestPreview();

    /** Every new preview picture, on a reader thread (must not block); closing stops the calls. */
    AutoCloseable onPreview(Consumer<JpegFrame> viewer);

    /** Every raw frame and sound chunk from now on; closing stops the calls. */
    AutoCloseable onRaw(RawSubscriber subscriber);

    IngestStats stats();
}
