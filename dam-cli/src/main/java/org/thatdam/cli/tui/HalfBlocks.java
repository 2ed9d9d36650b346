package org.thatdam.cli.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.jspecify.annotations.Nullable;

/**
 * A poster drawn with upper-half-block cells ('▀'): the foreground is the upper pixel, the background
 * the lower one, so a cell (about twice as tall as wide) shows two square pixels. Decoding is
 * bounded (file size, dimensions, and the decoded image is subsampled to a small size) because the
 * poster comes from a library that may hold anything.
 */
final class HalfBlocks {

    /** Posters bigger than this are not decoded. */
    static final int MAX_BYTES = 5 * 1024 * 1024;
    /** Images wider or taller than this are not decoded. */
    static final int MAX_SIDE = 8000;
    /** The decoded image is subsampled to at most about this many pixels a side: no box in a terminal is bigger. */
    private static final int KEEP_SIDE = 400;

    static {
        // ImageIO needs no display; never let it look for one over SSH
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** What the terminal can show. */
    enum Colours {
        /** 24-bit colour (COLORTERM=truecolor or 24bit). */
        TRUE_COLOUR,
        /** The 256-colour palette (TERM=…256color). */
        PALETTE,
        /** No colour we may rely on (NO_COLOR set, or a plain TERM): the poster is a note. */
        NONE;

        /** From the environment's conventions (NO_COLOR wins; then COLORTERM; then TERM). */
        static Colours of(Map<String, String> env) {
            String noColor = env.get("NO_COLOR");
            if (noColor != null && !noColor.isEmpty()) return NONE;
            String colorTerm = env.getOrDefault("COLORTERM", "").toLowerCase(Locale.ROOT);
            if (colorTerm.equals("truecolor") || colorTerm.equals("24bit")) return TRUE_COLOUR;
            if (env.getOrDefault("TERM", "").toLowerCase(Locale.ROOT).contains("256color")) return PALETTE;
            return NONE;
        }

        static Colours ofThisProcess() {
            return of(System.getenv());
        }
    }

    /**
     * A decoded poster ({@code image} kept small, {@code width}×{@code height} the original's size), or
     * why there is none ({@code image} null, {@code note} says it).
     */
    record Poster(@Nullable BufferedImage image, int width, int height, String note) {

        boolean drawable() {
            return image != null;
        }
    }

    private final Poster poster;
    private final Colours colours;
    /** The last fit, kept so a redraw of the same box does not sample again. */
    private @Nullable TerminalSize fittedBox;
    private int[][] cells = new int[0][0];

    HalfBlocks(Poster poster, Colours colours) {
        this.poster = poster;
        this.colours = colours;
    }

    /** Decodes a JPEG (or any ImageIO format) within the limits; never throws: a refused or broken image is a note. */
    static Poster decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return new Poster(null, 0, 0, "poster: too big to draw (" + bytes.length / (1024 * 1024) + " MB)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) return new Poster(null, 0, 0, "poster: not an image");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) return new Poster(null, 0, 0, "poster: not an image");
                if (w > MAX_SIDE || h > MAX_SIDE) return new Poster(null, w, h, "poster: too big to draw (" + w + "x" + h + ")");
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, (Math.max(w, h) + KEEP_SIDE - 1) / KEEP_SIDE);
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                return new Poster(image, w, h, "poster: " + w + "x" + h);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO reports damaged data as IIOException and, for some damage, as runtime exceptions
            return new Poster(null, 0, 0, "poster: cannot be read (damaged image)");
        }
    }

    /** The cells a box of {@code box} gives the poster: as wide and tall as fits, keeping its shape. */
    static TerminalSize fit(int imageWidth, int imageHeight, TerminalSize box) {
        if (imageWidth <= 0 || imageHeight <= 0 || box.getColumns() <= 0 || box.getRows() <= 0) return TerminalSize.ZERO;
        // a cell holds one pixel across and two down; the pixels are about square
        int cols = Math.min(box.getColumns(), (int) Math.floor(box.getRows() * 2.0 * imageWidth / imageHeight));
        cols = Math.max(1, cols);
        int pixelRows = Math.max(1, (int) Math.round((double) cols * imageHeight / imageWidth));
        int rows = Math.min(box.getRows(), (pixelRows + 1) / 2);
        return new TerminalSize(cols, rows);
    }

    /** The size the poster takes in {@code box}: a one-line note when it is not drawn. */
    TerminalSize size(TerminalSize box) {
        if (!drawn()) return new TerminalSize(Math.min(box.getColumns(), poster.note().length()), Math.min(1, box.getRows()));
        return fit(poster.width(), poster.height(), box);
    }

    /** Whether the poster is drawn as cells (else it is its note). */
    boolean drawn() {
        return poster.drawable() && colours != Colours.NONE;
    }

    String note() {
        return poster.note();
    }

    /**
     * Draws the poster with its top-left corner at {@code col}, {@code row}, within {@code box}; the
     * note instead when it cannot be drawn. Returns the size used.
     */
    TerminalSize draw(TextGraphics g, int col, int row, TerminalSize box) {
        if (!drawn()) {
            // the note is made here from numbers and fixed words only: nothing of the library's text
            String note = poster.note();
            if (box.getRows() > 0) g.putString(col, row, note.length() > box.getColumns() ? note.substring(0, Math.max(0, box.getColumns())) : note);
            return size(box);
        }
        TerminalSize fitted = fit(poster.width(), poster.height(), box);
        if (!fitted.equals(fittedBox)) {
            cells = sample(poster.image(), fitted.getColumns(), fitted.getRows() * 2);
            fittedBox = fitted;
        }
        TextColor fg0 = g.getForegroundColor();
        TextColor bg0 = g.getBackgroundColor();
        for (int r = 0; r < fitted.getRows(); r++) {
            for (int c = 0; c < fitted.getColumns(); c++) {
                g.setForegroundColor(colour(cells[r * 2][c]));
                g.setBackgroundColor(colour(cells[r * 2 + 1][c]));
                g.setCharacter(col + c, row + r, '▀');
            }
        }
        g.setForegroundColor(fg0);
        g.setBackgroundColor(bg0);
        return fitted;
    }

    private TextColor colour(int rgb) {
        int r = rgb >> 16 & 0xff;
        int gr = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        return colours == Colours.TRUE_COLOUR ? new TextColor.RGB(r, gr, b) : TextColor.Indexed.fromRGB(r, gr, b);
    }

    /** The image averaged into {@code w}×{@code h} pixels (each the mean of the source pixels it covers). */
    static int[][] sample(BufferedImage image, int w, int h) {
        int sw = image.getWidth();
        int sh = image.getHeight();
        int[] src = image.getRGB(0, 0, sw, sh, null, 0, sw);
        int[][] out = new int[h][w];
        for (int y = 0; y < h; y++) {
            int y0 = y * sh / h;
            int y1 = Math.max(y0 + 1, (y + 1) * sh / h);
            for (int x = 0; x < w; x++) {
                int x0 = x * sw / w;
                int x1 = Math.max(x0 + 1, (x + 1) * sw / w);
                long r = 0;
                long g = 0;
                long b = 0;
                int n = 0;
                for (int yy = y0; yy < y1 && yy < sh; yy++) {
                    for (int xx = x0; xx < x1 && xx < sw; xx++) {
                        int p = src[yy * sw + xx];
                        r += p >> 16 & 0xff;
                        g += p >> 8 & 0xff;
                        b += p & 0xff;
                        n++;
                    }
                }
                out[y][x] = n == 0 ? 0 : (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
            }
        }
        return out;
    }
}
