package org.thatdam.semantic.ocr;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.thatdam.model.DamException;

/**
 * The three PP-OCR sessions (detection, angle classification, recognition) and the recogniser's alphabet, loaded
 * once per JVM from the jar's resources: loading costs about a second, and ONNX Runtime sessions are safe to run
 * from several threads at once.
 */
final class OcrModels implements AutoCloseable {

    static final String RESOURCES = "/org/thatdam/semantic/ocr/models/";
    /** Threads one inference may use: the models share the machine with ffmpeg and the rest of the job engine. */
    static final int INTRA_OP_THREADS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    final OrtEnvironment env;
    final OrtSession detector;
    final OrtSession classifier;
    final OrtSession recogniser;
    /** Index i of the recogniser's output is alphabet[i]; 0 is the CTC blank (""), the last one a space. */
    final List<String> alphabet;

    private static volatile OcrModels shared;

    /** The models of this JVM, loaded on first use. */
    static OcrModels shared() {
        OcrModels m = shared;
        if (m == null) {
            synchronized (OcrModels.class) {
                m = shared;
                if (m == null) shared = m = load();
            }
        }
        return m;
    }

    private OcrModels(OrtEnvironment env, OrtSession detector, OrtSession classifier, OrtSession recogniser,
                      List<String> alphabet) {
        this.env = env;
        this.detector = detector;
        this.classifier = classifier;
        this.recogniser = recogniser;
        this.alphabet = alphabet;
    }

    private static OcrModels load() {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(INTRA_OP_THREADS);
            options.setInterOpNumThreads(1);
            // Waiting threads sleep instead of spinning: on a machine shared with ffmpeg, spinning only steals cores.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession det = env.createSession(resource("ch_PP-OCRv4_det_infer.onnx"), options);
            OrtSession cls = env.createSession(resource("ch_ppocr_mobile_v2.0_cls_infer.onnx"), options);
            OrtSession rec = env.createSession(resource("ch_PP-OCRv4_rec_infer.onnx"), options);
            return new OcrModels(env, det, cls, rec, alphabet(resource("ppocr_keys_v1.txt")));
        } catch (OrtException e) {
            throw DamException.unavailable("The on-screen text models cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static List<String> alphabet(byte[] keys) {
        List<String> out = new ArrayList<>();
        out.add("");
        for (String line : new String(keys, StandardCharsets.UTF_8).split("\n", -1)) {
            String key = line.replace("\r", "");
            if (!key.isEmpty()) out.add(key);
        }
        out.add(" ");
        return List.copyOf(out);
    }

    private static byte[] resource(String name) {
        try (InputStream in = OcrModels.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw DamException.unavailable("This build has no on-screen text model " + name
                        + " (it is packed into dam-semantic's jar at build time)", null);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw DamException.unavailable("The on-screen text model " + name + " cannot be read", e);
        }
    }

    @Override
    public void close() throws OrtException {
        detector.close();
        classifier.close();
        recogniser.close();
    }
}
