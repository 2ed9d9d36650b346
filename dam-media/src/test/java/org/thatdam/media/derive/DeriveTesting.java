package org.thatdam.media.derive;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Small helpers shared by the derive tests. */
final class DeriveTesting {

    private DeriveTesting() {}

    static BufferedImage read(Path jpeg) throws IOException {
        BufferedImage img = ImageIO.read(jpeg.toFile());
        if (img == null) {
            throw new IOException("not an image ImageIO can read: " + jpeg);
        }
        return img;
    }

    /** Mean luma (BT.601, 0..255) over a rectangle. */
    static double meanLuma(BufferedImage img, int x0, int y0, int w, int h) {
        double sum = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int rgb = img.getRGB(x, y);
                sum += 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
            }
        }
        return sum / ((double) w * h);
    }

    static double meanLuma(BufferedImage img) {
        return meanLuma(img, 0, 0, img.getWidth(), img.getHeight());
    }

    /**
     * Asserts that a picture of {@link org.thatdam.media.testing.TestMedia#rotatedCornerMov()} is
     * upright: the white block in the top-right corner, the other corners black.
     */
    static void assertCornerTopRight(BufferedImage img, int x0, int y0, int w, int h) {
        int pw = Math.max(4, w / 10), ph = Math.max(4, h / 10);
        org.assertj.core.api.Assertions.assertThat(meanLuma(img, x0 + w - 2 * pw, y0 + ph, pw, ph))
                .as("top right").isGreaterThan(200);
        org.assertj.core.api.Assertions.assertThat(meanLuma(img, x0 + pw, y0 + ph, pw, ph)).as("top left").isLessThan(40);
        org.assertj.core.api.Assertions.assertThat(meanLuma(img, x0 + w - 2 * pw, y0 + h - 2 * ph, pw, ph))
                .as("bottom right").isLessThan(40);
        org.assertj.core.api.Assertions.assertThat(meanLuma(img, x0 + pw, y0 + h - 2 * ph, pw, ph))
                .as("bottom left").isLessThan(40);
    }

    /** Names of the files in a folder (not recursive), sorted. */
    static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The types of the top-level boxes of an MP4/MOV file, in file order. */
    static List<String> topLevelBoxes(Path file) throws IOException {
        List<String> types = new ArrayList<>();
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            long pos = 0;
            byte[] head = new byte[16];
            while (pos + 8 <= size) {
                if (in.readNBytes(head, 0, 8) != 8) break;
                long boxSize = Integer.toUnsignedLong(ByteBuffer.wrap(head, 0, 4).getInt());
                String type = new String(head, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                int headerLen = 8;
                if (boxSize == 1) {
                    if (in.readNBytes(head, 8, 8) != 8) break;
                    boxSize = ByteBuffer.wrap(head, 8, 8).getLong();
                    headerLen = 16;
                } else if (boxSize == 0) {
                    boxSize = size - pos;
                }
                if (boxSize < headerLen) {
                    throw new IOException("corrupt box " + type + " at " + pos);
                }
                types.add(type);
                in.skipNBytes(boxSize - headerLen);
                pos += boxSize;
            }
        }
        return types;
    }

    /** Records what a listener was told. */
    static final class Recorder implements ProgressListener {
        final List<Double> values = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void progress(double fraction) {
            values.add(fraction);
        }

        List<Double> snapshot() {
            synchronized (values) {
                return List.copyOf(values);
            }
        }
    }
}
