package org.thatdam.media.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.thatdam.media.libav.FrameRequest;
import org.thatdam.media.libav.FrameSink;

/**
 * A pool of media worker processes: long-lived JVMs that probe and decode with libav* in-process,
 * so a file costs no process start, while a decoder crash or hang on a hostile file kills only its
 * worker (the file fails with a clear error, the worker is replaced).
 */
public final class MediaWorkers implements AutoCloseable {

    private MediaWorkers() {}

    /** The process-wide pool, sized by the cores; workers start on first use. */
    public static MediaWorkers shared() {
        throw new UnsupportedOperationException("media workers are not built yet");
    }

    /** {@link org.thatdam.media.libav.LibavProbe#probeJson} in a worker. */
    public String probe(Path file, Duration timeout) {
        throw new UnsupportedOperationException("media workers are not built yet");
    }

    /** {@link org.thatdam.media.libav.LibavFrames#decode} in a worker; frames reach {@code sink} in this process. */
    public int frames(Path file, FrameRequest request, FrameSink sink, BooleanSupplier cancel, Duration timeout) {
        throw new UnsupportedOperationException("media workers are not built yet");
    }

    @Override
    public void close() {}
}
