package org.thatdam.semantic.ocr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * PP-OCR's recogniser: each line, scaled to {@link #HEIGHT} px high, is read in batches of similar widths
 * (sorted by aspect ratio, so little of a batch is padding); the per-step character probabilities are decoded
 * greedily (CTC: the best character per step, repeats merged, blanks dropped).
 */
final class TextRecogniser {

    static final int HEIGHT = 48;
    /** Narrower lines are padded to this (a few characters' worth: the model was trained on wider ones). */
    static final int MIN_WIDTH = 160;
    /** Longer lines are squeezed: bounds the input of one batch. */
    static final int MAX_WIDTH = 1600;
    private static final int BATCH = 6;
    /**
     * Lines share a batch only while the widest is at most this much wider than the narrowest: the whole batch is
     * padded to its widest line, and the model's cost grows faster than its width (padding a short line to a long
     * one's width costs more than reading it alone).
     */
    private static final double BATCH_SPREAD = 1.2;
    private static final float[] HALF = {0.5f, 0.5f, 0.5f};

    record Reading(String text, double confidence) {}

    private final OcrModels models;

    TextRecogniser(OcrModels models) {
        this.models = models;
    }

    List<Reading> read(List<BufferedImage> lines) throws OrtException {
        Reading[] out = new Reading[lines.size()];
        Integer[] order = IntStream.range(0, lines.size()).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> ratio(lines.get(i))));
        OrtSession session = models.recogniser;
        for (int from = 0, n; from < order.length; from += n) {
            double first = Math.max(ratio(lines.get(order[from])), (double) MIN_WIDTH / HEIGHT);
            n = 1;
            while (n < BATCH && from + n < order.length && ratio(lines.get(order[from + n])) <= first * BATCH_SPREAD) n++;
            double maxRatio = Math.max(first, ratio(lines.get(order[from + n - 1])));
            int width = Math.min(MAX_WIDTH, (int) Math.ceil(HEIGHT * maxRatio));
            int plane = 3 * HEIGHT * width;
            float[] input = new float[n * plane];
            for (int i = 0; i < n; i++) {
                BufferedImage line = lines.get(order[from + i]);
                int w = Math.max(1, Math.min(width, (int) Math.ceil(HEIGHT * ratio(line))));
                Pixels.planes(Pixels.resize(line, w, HEIGHT), input, i * plane, width, HALF, HALF);
            }
            try (OnnxTensor tensor = OnnxTensor.createTensor(models.env, FloatBuffer.wrap(input),
                    new long[] {n, 3, HEIGHT, width});
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), tensor))) {
                OnnxTensor probs = (OnnxTensor) result.get(0);
                long[] shape = probs.getInfo().getShape();
                int steps = (int) shape[1], classes = (int) shape[2];
                if (classes != models.alphabet.size()) {
                    throw new DamException(ErrorCode.INTERNAL, "The text recogniser knows " + classes
                            + " characters but its alphabet has " + models.alphabet.size());
                }
                FloatBuffer p = probs.getFloatBuffer();
                for (int i = 0; i < n; i++) out[order[from + i]] = decode(p, i * steps * classes, steps, classes);
            }
        }
        return List.of(out);
    }

    private Reading decode(FloatBuffer p, int offset, int steps, int classes) {
        StringBuilder text = new StringBuilder();
        double sum = 0;
        int kept = 0, previous = -1;
        for (int t = 0; t < steps; t++) {
            int best = 0;
            float bestP = -1;
            int base = offset + t * classes;
            for (int c = 0; c < classes; c++) {
                float v = p.get(base + c);
                if (v > bestP) {
                    bestP = v;
                    best = c;
                }
            }
            if (best != 0 && best != previous) {
                text.append(models.alphabet.get(best));
                sum += bestP;
                kept++;
            }
            previous = best;
        }
        return new Reading(text.toString().strip(), kept == 0 ? 0 : sum / kept);
    }

    private static double ratio(BufferedImage img) {
        return (double) img.getWidth() / img.getHeight();
    }
}
