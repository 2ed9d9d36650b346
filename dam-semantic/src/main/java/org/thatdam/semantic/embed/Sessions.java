package org.thatdam.semantic.embed;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** How the embedding models' ONNX Runtime sessions are set up. */
final class Sessions {
    private Sessions() {}

    /**
     * Worker threads that wait without spinning: a spinning pool burns the cores ffmpeg and the other jobs need,
     * and under such contention made inference several times slower (measured: 57–88 ms against 13–22 ms per text).
     */
    static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.addConfigEntry("session.intra_op.allow_spinning", "0");
        o.addConfigEntry("session.inter_op.allow_spinning", "0");
        return o;
    }
}
