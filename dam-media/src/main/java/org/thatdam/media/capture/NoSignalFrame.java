package org.thatdam.media.capture;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * The picture viewers get while a source is lost: dark grey, "NO SIGNAL" and the source's name, drawn
 * with java.awt (headless: a server has no display) and kept per size and name, since it is sent
 * once a second to every viewer.
 */
public final class NoSignalFrame {

    static final int MAX_CACHED = 32;
    static final int MAX_NAME = 60;
    private static final Map<String, byte[]> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> e) {
            return size() > MAX_CACHED;
        }
    };

    private NoSignalFrame() {}

    public static byte[] jpeg(int width, int height) {
        return jpeg(width, height, null);
    }

    /** The JPEG, {@code width}x{@code height} (16..3840 by 16..2160), naming {@code source} when given. */
    public static byte[] jpeg(int width, int height, String source) {
        if (width < 16 || height < 16 || width > 3840 || height > 2160) {
            throw DamException.invalid("a no-signal picture must be 16x16 to 3840x2160, not " + width + "x" + height);
        }
        String name = source == null ? "" : source.replaceAll("\\p{Cntrl}", " ").strip();
        if (name.length() > MAX_NAME) name = name.substring(0, MAX_NAME - 1) + "…";
        String key = width + "x" + height + "/" + name;
        synchronized (CACHE) {
            byte[] cached = CACHE.get(key);
            if (cached != null) return cached;
        }
        byte[] made = draw(width, height, name);
        synchronized (CACHE) {
            CACHE.put(key, made);
        }
        return made;
    }

    private static byte[] draw(int w, int h, String name) {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(24, 24, 28));
            g.fillRect(0, 0, w, h);
            g.setColor(new Color(200, 40, 40));
            g.setStroke(new BasicStroke(Math.max(1, h / 120f)));
            int m = Math.max(2, h / 30);
            g.drawRect(m, m, w - 2 * m - 1, h - 2 * m - 1);
            g.setColor(new Color(230, 230, 230));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, h / 8)));
            centre(g, "NO SIGNAL", w, h / 2);
            if (!name.isEmpty()) {
                g.setColor(new Color(160, 160, 160));
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(6, h / 20)));
                centre(g, name, w, h / 2 + h / 8);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "jpeg", out)) throw new IOException("no JPEG writer");
        } catch (IOException e) {
            throw new DamException(ErrorCode.INTERNAL, "cannot draw the no-signal picture: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void centre(Graphics2D g, String text, int w, int baseline) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, Math.max(0, (w - fm.stringWidth(text)) / 2), baseline);
    }
}
