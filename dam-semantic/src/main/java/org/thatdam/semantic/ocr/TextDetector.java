package org.thatdam.semantic.ocr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PP-OCR's DB text detector: the picture, scaled so its longer side is at most {@link #MAX_SIDE} and both sides are
 * multiples of 32, gives a per-pixel probability of text; pixels above {@link #PIXEL_THRESHOLD} form connected
 * regions, each kept when its mean probability reaches {@link #BOX_THRESHOLD}, then grown back by the "unclip"
 * margin (the model is trained on text shrunk by that much) and mapped to the original picture.
 */
final class TextDetector {

    static final int MAX_SIDE = 960;
    static final float PIXEL_THRESHOLD = 0.3f;
    static final float BOX_THRESHOLD = 0.6f;
    static final double UNCLIP_RATIO = 1.5;
    /** Regions thinner than this (in the detector's pixels) are noise. */
    static final int MIN_SIZE = 3;
    /** A frame full of texture should not make a thousand regions to recognise. */
    static final int MAX_REGIONS = 300;
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final OcrModels models;

    TextDetector(OcrModels models) {
        this.models = models;
    }

    /** The text boxes in {@code img}'s pixels, in no particular order. */
    List<Rectangle> detect(BufferedImage img) throws OrtException {
        int w0 = img.getWidth(), h0 = img.getHeight();
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(w0, h0));
        int w = multipleOf32(w0 * scale), h = multipleOf32(h0 * scale);
        float[] input = new float[3 * w * h];
        Pixels.planes(Pixels.resize(img, w, h), input, 0, w, MEAN, STD);
        float[] prob = new float[w * h];
        OrtSession session = models.detector;
        try (OnnxTensor tensor = OnnxTensor.createTensor(models.env, FloatBuffer.wrap(input), new long[] {1, 3, h, w});
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), tensor))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            out.get(prob, 0, Math.min(prob.length, out.remaining()));
        }
        List<Rectangle> boxes = new ArrayList<>();
        for (Region r : regions(prob, w, h)) {
            if (r.meanProb() < BOX_THRESHOLD || Math.min(r.w(), r.h()) < MIN_SIZE) continue;
            // Offset of the region's outline by area * ratio / perimeter, as DB's post-processing does.
            double d = r.w() * (double) r.h() * UNCLIP_RATIO / (2.0 * (r.w() + r.h()));
            double x0 = (r.x() - d) / w * w0, y0 = (r.y() - d) / h * h0;
            double x1 = (r.x() + r.w() + d) / w * w0, y1 = (r.y() + r.h() + d) / h * h0;
            int bx = clamp((int) Math.floor(x0), w0), by = clamp((int) Math.floor(y0), h0);
            int bw = clamp((int) Math.ceil(x1), w0) - bx, bh = clamp((int) Math.ceil(y1), h0) - by;
            if (Math.min(bw, bh) >= MIN_SIZE + 2) boxes.add(new Rectangle(bx, by, bw, bh));
            if (boxes.size() == MAX_REGIONS) break;
        }
        return boxes;
    }

    private record Region(int x, int y, int w, int h, float meanProb) {}

    /** 8-connected regions of pixels above the threshold (an explicit stack: no recursion depth to fear). */
    private static List<Region> regions(float[] prob, int w, int h) {
        boolean[] seen = new boolean[w * h];
        int[] stack = new int[w * h];
        List<Region> out = new ArrayList<>();
        for (int start = 0; start < prob.length; start++) {
            if (seen[start] || prob[start] <= PIXEL_THRESHOLD) continue;
            int top = 0, minX = w, minY = h, maxX = -1, maxY = -1, count = 0;
            double sum = 0;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int p = stack[--top];
                int px = p % w, py = p / w;
                count++;
                sum += prob[p];
                minX = Math.min(minX, px);
                maxX = Math.max(maxX, px);
                minY = Math.min(minY, py);
                maxY = Math.max(maxY, py);
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = py + dy;
                    if (ny < 0 || ny >= h) continue;
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = px + dx;
                        if (nx < 0 || nx >= w) continue;
                        int n = ny * w + nx;
                        if (!seen[n] && prob[n] > PIXEL_THRESHOLD) {
                            seen[n] = true;
                            stack[top++] = n;
                        }
                    }
                }
            }
            out.add(new Region(minX, minY, maxX - minX + 1, maxY - minY + 1, (float) (sum / count)));
        }
        return out;
    }

    private static int multipleOf32(double side) {
        return Math.max(32, (int) Math.round(side / 32.0) * 32);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
