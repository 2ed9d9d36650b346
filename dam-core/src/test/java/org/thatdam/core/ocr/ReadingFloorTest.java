package org.thatdam.core.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.thatdam.model.SceneText;
import org.thatdam.semantic.ocr.TextRegion;

/** Which lines the reader returned are worth keeping. */
class ReadingFloorTest {

    @Test
    void shortLinesMustBeSurerThanLongOnes() {
        List<SceneText> kept = OcrHandler.texts(7, List.of(
                new TextRegion("Q3 roadmap", 0.55, 0.1, 0.1, 0.5, 0.1),
                new TextRegion("十", 0.61, 0.1, 0.3, 0.05, 0.05),
                new TextRegion("EE", 0.79, 0.1, 0.4, 0.05, 0.05),
                new TextRegion("Q3", 0.93, 0.1, 0.5, 0.05, 0.05),
                new TextRegion("noise", 0.42, 0.1, 0.6, 0.2, 0.05),
                new TextRegion("  ", 0.99, 0.1, 0.7, 0.2, 0.05)));
        assertThat(kept).extracting(SceneText::text).containsExactly("Q3 roadmap", "Q3");
        assertThat(kept).extracting(SceneText::ordinal).containsExactly(0, 1);
    }
}
