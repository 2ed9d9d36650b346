package org.thatdam.semantic.testing;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Slide-like pictures for OCR tests: dark text in a large clear font on a light background, one line each. */
public final class Slides {
    private Slides() {}

    /** {@code lines} centred one under the other, in a sans-serif font a tenth of the height tall. */
    public static BufferedImage slide(int width, int height, String... lines) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(245, 245, 240));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(20, 20, 30));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, height / 10)));
            FontMetrics m = g.getFontMetrics();
            int lineHeight = m.getHeight() * 3 / 2;
            int y = (height - lineHeight * lines.length) / 2 + m.getAscent();
            for (String line : lines) {
                g.drawString(line, (width - m.stringWidth(line)) / 2, y);
                y += lineHeight;
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
