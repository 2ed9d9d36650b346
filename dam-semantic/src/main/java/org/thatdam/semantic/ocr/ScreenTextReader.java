package org.thatdam.semantic.ocr;

import ai.onnxruntime.OrtException;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * Reads the text shown in a picture (a video frame, a slide, a screen recording) with PP-OCR on ONNX Runtime:
 * detection, upside-down correction and recognition, the lines returned in reading order (top to bottom, left to
 * right within a line). Thread-safe; the models load once per JVM on first use.
 */
public final class ScreenTextReader {

    /** Pictures larger than this on either side are refused rather than decoded. */
    public static final int MAX_SIDE = 16_384;

    private static volatile ScreenTextReader shared;

    private final TextDetector detector;
    private final AngleClassifier classifier;
    private final TextRecogniser recogniser;

    private ScreenTextReader(OcrModels models) {
        this.detector = new TextDetector(models);
        this.classifier = new AngleClassifier(models);
        this.recogniser = new TextRecogniser(models);
    }

    /** The reader of this JVM (its models load on the first call). */
    public static ScreenTextReader shared() {
        ScreenTextReader r = shared;
        if (r == null) {
            synchronized (ScreenTextReader.class) {
                r = shared;
                if (r == null) shared = r = new ScreenTextReader(OcrModels.shared());
            }
        }
        return r;
    }

    /** The lines of text in {@code picture}, in reading order; empty when there is none. */
    public List<TextRegion> read(BufferedImage picture) {
        int w = picture.getWidth(), h = picture.getHeight();
        if (w > MAX_SIDE || h > MAX_SIDE) {
            throw DamException.tooLarge("A picture of " + w + " x " + h + " px is larger than the " + MAX_SIDE
                    + " px per side that text is read in");
        }
        try {
            List<Rectangle> boxes = ReadingOrder.sort(detector.detect(picture));
            if (boxes.isEmpty()) return List.of();
            List<BufferedImage> crops = new ArrayList<>(boxes.size());
            for (Rectangle b : boxes) {
                BufferedImage crop = Pixels.crop(picture, b.x, b.y, b.width, b.height);
                // A box much taller than wide is a vertical line of text: read it turned a quarter to the left.
                crops.add(b.height >= 1.5 * b.width ? Pixels.rotate(crop, 3) : crop);
            }
            List<TextRecogniser.Reading> readings = recogniser.read(classifier.upright(crops));
            List<TextRegion> out = new ArrayList<>();
            for (int i = 0; i < boxes.size(); i++) {
                TextRecogniser.Reading r = readings.get(i);
                if (r.text().isEmpty()) continue;
                Rectangle b = boxes.get(i);
                out.add(new TextRegion(r.text(), r.confidence(), (double) b.x / w, (double) b.y / h,
                        (double) b.width / w, (double) b.height / h));
            }
            return List.copyOf(out);
        } catch (OrtException e) {
            throw new DamException(ErrorCode.INTERNAL, "Reading text in a picture failed: " + e.getMessage(), e);
        }
    }

    /** The lines of text in an encoded picture (JPEG, PNG, BMP …). */
    public List<TextRegion> read(byte[] encoded) {
        return read(decode(encoded));
    }

    /**
     * Decodes a picture, checking its size before its pixels are read; anything that is not a whole picture is
     * a {@link ErrorCode#BAD_MEDIA} error.
     */
    public static BufferedImage decode(byte[] encoded) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) throw badPicture("it is not in a picture format known here");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w > MAX_SIDE || h > MAX_SIDE) {
                    throw DamException.tooLarge("A picture of " + w + " x " + h + " px is larger than the "
                            + MAX_SIDE + " px per side that text is read in");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DamException d) throw d;
            throw badPicture("it is damaged or cut short");
        }
    }

    private static DamException badPicture(String why) {
        return new DamException(ErrorCode.BAD_MEDIA, "The picture cannot be read for text: " + why);
    }

    /** Boxes in reading order: lines from the top, each line's boxes from the left. */
    static final class ReadingOrder {
        private ReadingOrder() {}

        static List<Rectangle> sort(List<Rectangle> boxes) {
            List<Rectangle> byTop = new ArrayList<>(boxes);
            byTop.sort(Comparator.comparingDouble(Rectangle::getCenterY));
            List<List<Rectangle>> lines = new ArrayList<>();
            List<Rectangle> line = null;
            double lineTop = 0, lineBottom = 0;
            for (Rectangle b : byTop) {
                // Same line when the box's middle falls inside the line's height so far.
                if (line != null && b.getCenterY() >= lineTop && b.getCenterY() <= lineBottom) {
                    line.add(b);
                    lineTop = Math.min(lineTop, b.y);
                    lineBottom = Math.max(lineBottom, b.y + b.height);
                } else {
                    line = new ArrayList<>();
                    line.add(b);
                    lines.add(line);
                    lineTop = b.y;
                    lineBottom = b.y + b.height;
                }
            }
            List<Rectangle> out = new ArrayList<>(boxes.size());
            for (List<Rectangle> l : lines) {
                l.sort(Comparator.comparingInt(r -> r.x));
                out.addAll(l);
            }
            return out;
        }
    }
}
