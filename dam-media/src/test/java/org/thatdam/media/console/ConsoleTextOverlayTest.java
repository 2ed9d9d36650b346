package org.thatdam.media.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.MediaException;
import org.thatdam.model.DamException;

/** The watermark's picture, drawn in Java without a display. */
class ConsoleTextOverlayTest {

    @TempDir
    Path dir;

    private static int alpha(int argb) {
        return argb >>> 24;
    }

    private static boolean white(int argb) {
        return alpha(argb) == 255 && (argb & 0xffffff) == 0xffffff;
    }

    /** Opaque enough and dark: the outline. */
    private static boolean dark(int argb) {
        int r = (argb >> 16) & 0xff;
        int g = (argb >> 8) & 0xff;
        int b = argb & 0xff;
        return alpha(argb) > 100 && r < 40 && g < 40 && b < 40;
    }

    @Test
    void whiteOutlinedTextOnTransparencyAtAFixedSize() throws Exception {
        Path png = dir.resolve("mark.png");
        new TextOverlay("That DAM Toolbox").writePng(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getColorModel().hasAlpha()).isTrue();
        // about 1.4 em high with the outline, and wide as the text
        assertThat(img.getHeight()).isBetween(TextOverlay.FONT_SIZE, TextOverlay.FONT_SIZE * 2);
        assertThat(img.getWidth()).isGreaterThan(img.getHeight() * 5);
        int transparent = 0;
        int whites = 0;
        int darks = 0;
        int partial = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (alpha(p) == 0) {
                    transparent++;
                } else if (white(p)) {
                    whites++;
                } else if (dark(p)) {
                    darks++;
                }
                if (alpha(p) > 0 && alpha(p) < 255 && !dark(p)) {
                    partial++; // antialiased edges between white and the outline
                }
            }
        }
        int all = img.getWidth() * img.getHeight();
        System.out.printf("%dx%d: %d transparent, %d white, %d outline, %d edge%n", img.getWidth(),
                img.getHeight(), transparent, whites, darks, partial);
        assertThat(transparent).isGreaterThan(all / 3);
        assertThat(whites).isGreaterThan(all / 20);
        assertThat(darks).isGreaterThan(all / 50);
        assertThat(partial).isGreaterThan(0);
        for (int[] c : new int[][] {{0, 0}, {img.getWidth() - 1, 0}, {0, img.getHeight() - 1},
                {img.getWidth() - 1, img.getHeight() - 1}}) {
            assertThat(alpha(img.getRGB(c[0], c[1]))).as("corner").isZero();
        }
        // nothing touches the border: the outline is not cut off
        for (int x = 0; x < img.getWidth(); x++) {
            assertThat(alpha(img.getRGB(x, 0))).isZero();
            assertThat(alpha(img.getRGB(x, img.getHeight() - 1))).isZero();
        }
    }

    @Test
    void lettersBeyondAsciiAreDrawnNotBoxed() {
        BufferedImage accented = new TextOverlay("Été ©").render();
        BufferedImage plain = new TextOverlay("Ete c").render();
        assertThat(accented.getHeight()).isEqualTo(plain.getHeight());
        // the accents sit above the capital's top, where the plain text has nothing
        int top = firstOpaqueRow(plain);
        assertThat(firstOpaqueRow(accented)).isLessThan(top - 2);
        assertThat(new TextOverlay("Übergröße – Ærø").render().getWidth()).isGreaterThan(plain.getWidth());
    }

    private static int firstOpaqueRow(BufferedImage img) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (alpha(img.getRGB(x, y)) > 128) {
                    return y;
                }
            }
        }
        return img.getHeight();
    }

    @Test
    void worksWithoutADisplay() {
        assertThat(new TextOverlay("x").render().getWidth()).isPositive();
        if (System.getenv("DISPLAY") == null && System.getProperty("java.awt.headless") != null) {
            assertThat(java.awt.GraphicsEnvironment.isHeadless()).isTrue();
        }
    }

    @Test
    void aLetterNoFontHasIsAnErrorNotABox() {
        assertThatThrownBy(() -> new TextOverlay("a\u0378b").render()) // U+0378: unassigned
                .isInstanceOf(MediaException.class).hasMessageContaining("no installed font has the letter");
    }

    @Test
    void theTextIsChecked() {
        assertThat(new TextOverlay("  padded ").text()).isEqualTo("padded");
        assertThatThrownBy(() -> new TextOverlay(" ")).isInstanceOf(DamException.class);
        assertThatThrownBy(() -> new TextOverlay(null)).isInstanceOf(DamException.class);
        assertThatThrownBy(() -> new TextOverlay("a\nb")).hasMessageContaining("U+000A");
        assertThatThrownBy(() -> new TextOverlay("x".repeat(TextOverlay.MAX_LENGTH + 1)))
                .hasMessageContaining("at most");
    }

    @Test
    void nothingButTheFileIsWritten() throws Exception {
        new TextOverlay("x").writePng(dir.resolve("a.png"));
        try (var s = Files.list(dir)) {
            assertThat(s).containsExactly(dir.resolve("a.png"));
        }
    }
}
