package org.thatdam.semantic.ocr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PP-OCR's direction classifier: says for each cropped line whether it is upside down. Lines it is sure of
 * ({@link #THRESHOLD}) are turned 180° before recognition.
 */
final class AngleClassifier {

    static final int HEIGHT = 48;
    static final int WIDTH = 192;
    static final float THRESHOLD = 0.9f;
    private static final int BATCH = 8;
    private static final float[] HALF = {0.5f, 0.5f, 0.5f};

    private final OcrModels models;

    AngleClassifier(OcrModels models) {
        this.models = models;
    }

    /** The crops, each turned upright where the model says it is upside down. */
    List<BufferedImage> upright(List<BufferedImage> crops) throws OrtException {
        List<BufferedImage> out = new ArrayList<>(crops);
        OrtSession session = models.classifier;
        for (int from = 0; from < crops.size(); from += BATCH) {
            int n = Math.min(BATCH, crops.size() - from);
            int plane = 3 * HEIGHT * WIDTH;
            float[] input = new float[n * plane];
            for (int i = 0; i < n; i++) {
                BufferedImage c = crops.get(from + i);
                int w = Math.min(WIDTH, (int) Math.ceil(HEIGHT * (double) c.getWidth() / c.getHeight()));
                Pixels.planes(Pixels.resize(c, Math.max(1, w), HEIGHT), input, i * plane, WIDTH, HALF, HALF);
            }
            try (OnnxTensor tensor = OnnxTensor.createTensor(models.env, FloatBuffer.wrap(input),
                    new long[] {n, 3, HEIGHT, WIDTH});
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), tensor))) {
                FloatBuffer probs = ((OnnxTensor) result.get(0)).getFloatBuffer();
                for (int i = 0; i < n; i++) {
                    // Two classes: 0° and 180°.
                    if (probs.get(i * 2 + 1) > THRESHOLD && probs.get(i * 2 + 1) > probs.get(i * 2)) {
                        out.set(from + i, Pixels.rotate(crops.get(from + i), 2));
                    }
                }
            }
        }
        return out;
    }
}
