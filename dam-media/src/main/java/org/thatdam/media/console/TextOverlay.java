package org.thatdam.media.console;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.thatdam.media.MediaException;
import org.thatdam.model.DamException;

/**
 * A text the runner draws into a picture for a command's second input, {@code -i {{overlay}}}
 * (the watermark preset). The picture is made in Java, not by ffmpeg: the bundled ffmpeg has
 * no {@code drawtext}, and no font or text ever reaches ffmpeg's option parser.
 *
 * <p>The picture is a PNG with a transparent background: the text in bold sans-serif white,
 * antialiased, with a dark half-transparent outline so it reads on light and dark pictures.
 * It is drawn at a fixed size ({@link #FONT_SIZE} pixels, about {@code 1.4 ×} that high with the
 * outline); the command's filter graph scales it to the video (the runner knows no sizes).
 * It only ever depends on the text, so a hand-made command with an overlay can reach no file.
 *
 * @param text what to write, 1 to {@link #MAX_LENGTH} characters, no control characters
 */
public record TextOverlay(String text) {

    public static final int MAX_LENGTH = 200;
    /** Pixels per em in the picture before the filter graph scales it. */
    public static final int FONT_SIZE = 96;

    public TextOverlay {
        if (text == null || text.isBlank()) {
            throw DamException.invalid("an overlay needs a text");
        }
        text = text.strip();
        if (text.length() > MAX_LENGTH) {
            throw DamException.invalid("an overlay text has at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw DamException.invalid(String.format("an overlay text cannot contain U+%04X", (int) c));
            }
        }
    }

    /**
     * The picture. Works without a display: sets {@code java.awt.headless=true} unless the
     * application chose otherwise, and draws only into an image.
     *
     * @throws MediaException when Java has no font that can show the text (no fonts installed,
     *                        or none with these letters); boxes in place of letters are no watermark
     */
    BufferedImage render() {
        headless();
        Font font;
        TextLayout layout;
        try {
            font = new Font(Font.SANS_SERIF, Font.BOLD, FONT_SIZE);
            int missing = font.canDisplayUpTo(text);
            if (missing >= 0) {
                throw new MediaException("cannot draw the watermark: no installed font has the letter \""
                        + new String(Character.toChars(text.codePointAt(missing))) + "\"");
            }
            layout = new TextLayout(text, font, new FontRenderContext(null, true, true));
        } catch (MediaException e) {
            throw e;
        } catch (RuntimeException | LinkageError | java.awt.AWTError e) {
            // no fontconfig, no fonts or no font library: Java's font system fails in different ways
            throw new MediaException("cannot draw the watermark: Java found no usable font ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); install fontconfig and a font such as DejaVu Sans", e);
        }
        float outline = FONT_SIZE / 8f; // the stroke is centred on the glyph edge: half of it shows outside
        int pad = (int) Math.ceil(outline / 2) + 2;
        var bounds = layout.getBounds(); // relative to the baseline's start; may reach beyond the line
        double left = Math.min(0, bounds.getMinX());
        double right = Math.max(layout.getAdvance(), bounds.getMaxX());
        double top = Math.min(-layout.getAscent(), bounds.getMinY());
        double bottom = Math.max(layout.getDescent(), bounds.getMaxY());
        int width = (int) Math.ceil(right - left) + 2 * pad;
        int height = (int) Math.ceil(bottom - top) + 2 * pad;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            Shape glyphs = layout.getOutline(AffineTransform.getTranslateInstance(pad - left, pad - top));
            g.setColor(new Color(0, 0, 0, 150));
            g.setStroke(new BasicStroke(outline, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(glyphs);
            g.setColor(Color.WHITE);
            g.fill(glyphs);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Writes {@link #render()} as a PNG. */
    void writePng(Path file) {
        BufferedImage img = render();
        try {
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new MediaException("cannot write the watermark picture: no PNG writer");
            }
        } catch (IOException e) {
            throw new MediaException("cannot write the watermark picture: " + e.getMessage(), e);
        }
    }

    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
