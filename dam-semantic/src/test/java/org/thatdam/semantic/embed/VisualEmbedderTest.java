package org.thatdam.semantic.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.DamException;
import org.thatdam.semantic.testing.TinyClip;

/** Real ONNX Runtime on a CLIP-shaped model pair the test writes (see {@link TinyClip}). */
class VisualEmbedderTest {

    @TempDir static Path dir;
    static VisualEmbedder clip;

    @BeforeAll
    static void build() {
        clip = VisualEmbedder.load(TinyClip.write(dir.resolve("clip"), 8));
    }

    static BufferedImage filled(int w, int h, Color... stripes) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        int each = w / stripes.length;
        for (int i = 0; i < stripes.length; i++) {
            g.setColor(stripes[i]);
            g.fillRect(i * each, 0, each, h);
        }
        g.dispose();
        return img;
    }

    static String nearest(float[] picture, float[]... texts) {
        String[] names = {"red", "green", "blue"};
        int best = 0;
        for (int i = 1; i < texts.length; i++) if (Vectors.dot(picture, texts[i]) > Vectors.dot(picture, texts[best])) best = i;
        return names[best];
    }

    @Test
    void aPictureIsClosestToTheTextNamingItsColour() throws Exception {
        float[] red = clip.embedText("red");
        float[] green = clip.embedText("a photo of green");
        float[] blue = clip.embedText("BLUE");
        assertThat(clip.dimensions()).isEqualTo(3);
        assertThat(clip.model()).isEqualTo("visual");
        assertThat(nearest(clip.embedImage(filled(40, 30, Color.RED)), red, green, blue)).isEqualTo("red");
        assertThat(nearest(clip.embedImage(filled(30, 40, Color.GREEN)), red, green, blue)).isEqualTo("green");

        Path jpeg = dir.resolve("blue.jpg");
        ImageIO.write(filled(64, 48, new Color(20, 30, 230)), "jpg", jpeg.toFile());
        float[] fromFile = clip.embedImage(jpeg);
        assertThat(nearest(fromFile, red, green, blue)).isEqualTo("blue");
        assertThat(Vectors.dot(fromFile, fromFile)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void paddingIsMaskedSoTheTextLengthDoesNotMove() {
        // "red" alone is padded with 7 [PAD] tokens whose embedding points to blue: only the mask keeps it red
        float[] red = clip.embedText("red");
        assertThat(red[0]).isPositive();
        assertThat(red[2]).isNegative();
        assertThat(Vectors.dot(red, clip.embedText("a photo of red"))).isGreaterThan(0.999);
        // longer than the model's 8 tokens: cut, not refused
        assertThat(clip.embedText("red ".repeat(50))).hasSize(3);
    }

    @Test
    void thePictureIsScaledByItsShorterSideAndCentreCropped() {
        assertThat(clip.preprocessor()).isEqualTo(new ImagePreprocessor(TinyClip.SIZE, TinyClip.SIZE));
        // green | red | blue, 3:1: the crop keeps the red middle third only
        BufferedImage wide = filled(96, 32, Color.GREEN, Color.RED, Color.BLUE);
        assertThat(Vectors.dot(clip.embedImage(wide), clip.embedImage(filled(10, 10, Color.RED)))).isGreaterThan(0.99);

        float[] t = clip.preprocessor().tensor(filled(5, 7, Color.RED));
        int plane = TinyClip.SIZE * TinyClip.SIZE;
        assertThat(t).hasSize(3 * plane);
        assertThat(t[0]).isCloseTo((1 - 0.48145466f) / 0.26862954f, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(t[plane]).isCloseTo((0 - 0.4578275f) / 0.26130258f, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(t[2 * plane + plane - 1]).isCloseTo((0 - 0.40821073f) / 0.27577711f, org.assertj.core.data.Offset.offset(1e-3f));
    }

    @Test
    void aBatchGivesTheSameVectorsAsOneByOne() {
        List<BufferedImage> pictures = List.of(filled(20, 20, Color.RED), filled(20, 20, Color.BLUE));
        List<float[]> batch = clip.embedImages(pictures);
        for (int i = 0; i < pictures.size(); i++) {
            assertThat(Vectors.dot(batch.get(i), clip.embedImage(pictures.get(i)))).isGreaterThan(0.9999);
        }
    }

    @Test
    void aTextModelWithoutAFixedLengthPadsToTheLongestText() {
        VisualEmbedder dynamic = VisualEmbedder.load(TinyClip.write(dir.resolve("dynamic"), 0));
        assertThat(Vectors.dot(dynamic.embedText("green"), clip.embedText("green"))).isGreaterThan(0.9999);
        assertThat(VisualEmbedder.load(dir.resolve("dynamic"))).isSameAs(dynamic);
    }

    @Test
    void aMissingOrBrokenModelIsNamedPrecisely() throws Exception {
        assertThatThrownBy(() -> VisualEmbedder.load(dir.resolve("nowhere"))).isInstanceOf(DamException.class)
                .hasMessageContaining("semantic.visual-model").hasMessageContaining("is not a folder");
        Path partial = Files.createDirectories(dir.resolve("partial"));
        Files.write(partial.resolve("image.onnx"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> VisualEmbedder.load(partial)).isInstanceOf(DamException.class)
                .hasMessageContaining("has no text.onnx");
        Path broken = TinyClip.write(dir.resolve("broken"), 8);
        Files.write(broken.resolve("image.onnx"), "not a model".getBytes());
        assertThatThrownBy(() -> VisualEmbedder.load(broken)).isInstanceOf(DamException.class)
                .hasMessageStartingWith("the visual model in " + broken + " cannot be used");
        Path notAPicture = Files.writeString(dir.resolve("x.jpg"), "text");
        assertThatThrownBy(() -> clip.embedImage(notAPicture)).isInstanceOf(DamException.class)
                .hasMessageContaining("not an image");
        assertThatThrownBy(() -> clip.embedText(" ")).isInstanceOf(DamException.class);
    }
}
