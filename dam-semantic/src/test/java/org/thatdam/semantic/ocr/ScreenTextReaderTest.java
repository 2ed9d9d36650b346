package org.thatdam.semantic.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.semantic.testing.Slides;

class ScreenTextReaderTest {

    final ScreenTextReader reader = ScreenTextReader.shared();

    @Test
    void readsASlideLineByLineInReadingOrder() {
        List<TextRegion> regions = reader.read(Slides.slide(960, 540, "Q3 roadmap", "Launch in October"));

        assertThat(regions).hasSizeGreaterThanOrEqualTo(2);
        String all = String.join("\n", regions.stream().map(TextRegion::text).toList()).toLowerCase();
        assertThat(all).contains("q3 roadmap").contains("october");
        assertThat(all.indexOf("roadmap")).as("the top line first").isLessThan(all.indexOf("october"));
        for (TextRegion r : regions) {
            assertThat(r.confidence()).isBetween(0.5, 1.0);
            assertThat(List.of(r.x(), r.y(), r.w(), r.h(), r.x() + r.w(), r.y() + r.h()))
                    .allMatch(v -> v >= 0 && v <= 1);
        }
        TextRegion first = regions.get(0);
        assertThat(first.y() + first.h() / 2).as("the first line is in the upper half").isLessThan(0.5);
    }

    @Test
    void readsUpsideDownText() {
        BufferedImage slide = Slides.slide(640, 360, "Quarterly review");
        List<TextRegion> regions = reader.read(Pixels.rotate(slide, 2));

        assertThat(regions).extracting(TextRegion::text).anyMatch(t -> t.toLowerCase().contains("quarterly"));
    }

    @Test
    void aBlankFrameHasNoText() {
        BufferedImage blank = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        assertThat(reader.read(blank)).isEmpty();
    }

    @Test
    void aDamagedPictureIsAClearError() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(Slides.slide(320, 180, "cut"), "png", png);
        byte[] cut = Arrays.copyOf(png.toByteArray(), png.size() / 2);

        assertThatThrownBy(() -> reader.read(cut)).isInstanceOf(DamException.class)
                .hasMessage("The picture cannot be read for text: it is damaged or cut short")
                .extracting(e -> ((DamException) e).code()).isEqualTo(ErrorCode.BAD_MEDIA);
        assertThatThrownBy(() -> reader.read("not a picture".getBytes())).isInstanceOf(DamException.class)
                .hasMessageContaining("not in a picture format");
    }

    @Test
    void anOversizedPictureIsRefused() {
        assertThatThrownBy(() -> reader.read(new BufferedImage(ScreenTextReader.MAX_SIDE + 1, 1,
                BufferedImage.TYPE_BYTE_GRAY))).isInstanceOf(DamException.class)
                .extracting(e -> ((DamException) e).code()).isEqualTo(ErrorCode.TOO_LARGE);
    }
}
