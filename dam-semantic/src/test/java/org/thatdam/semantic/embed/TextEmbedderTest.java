package org.thatdam.semantic.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/** The real all-MiniLM-L6-v2 model, loaded once for the JVM. */
class TextEmbedderTest {

    final TextEmbedder embedder = new TextEmbedder();

    @Test
    void vectorsAreUnitLengthWithTheModelsDimensions() {
        float[] v = embedder.embed("A red car drives along the coast at sunset");
        assertThat(v).hasSize(384);
        assertThat(embedder.dimensions()).isEqualTo(384);
        assertThat(embedder.model()).isEqualTo("text");
        assertThat(Vectors.dot(v, v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void aParaphraseRanksAboveUnrelatedText() {
        float[] query = embedder.embed("people walking in a train station");
        List<float[]> docs = embedder.embedAll(List.of(
                "Quarterly revenue figures for the finance team",
                "Commuters hurry across the platform as a train arrives",
                "A recipe for lemon cake with icing"));
        double paraphrase = Vectors.dot(query, docs.get(1));
        assertThat(paraphrase).isGreaterThan(Vectors.dot(query, docs.get(0)))
                .isGreaterThan(Vectors.dot(query, docs.get(2)));
    }

    @Test
    void embedAllMatchesEmbedOneByOne() {
        List<String> texts = List.of("sunrise over mountains", "a cat asleep on a sofa");
        List<float[]> all = embedder.embedAll(texts);
        assertThat(all).hasSize(2);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(Vectors.dot(all.get(i), embedder.embed(texts.get(i)))).isGreaterThan(0.9999);
        }
        assertThat(embedder.embedAll(List.of())).isEmpty();
    }

    @Test
    void longTextIsCutAtAWordBoundaryAndBlankTextIsRefused() {
        String word = "interview ";
        String longText = word.repeat(1_000);
        String bounded = TextEmbedder.bounded(longText);
        assertThat(bounded.length()).isLessThanOrEqualTo(TextEmbedder.MAX_CHARS);
        assertThat(bounded).endsWith("interview");
        assertThat(embedder.embed(longText)).hasSize(384);

        assertThatThrownBy(() -> embedder.embed("  \n ")).isInstanceOf(DamException.class)
                .extracting(e -> ((DamException) e).code()).isEqualTo(ErrorCode.INVALID);
        assertThatThrownBy(() -> embedder.embed(null)).isInstanceOf(DamException.class);
    }

    @Test
    void threadsShareTheModelSafely() throws Exception {
        float[] expected = embedder.embed("harbour at night");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) futures.add(pool.submit(() -> new TextEmbedder().embed("harbour at night")));
            for (Future<float[]> f : futures) assertThat(Vectors.dot(f.get(), expected)).isGreaterThan(0.9999);
        } finally {
            pool.shutdownNow();
        }
    }
}
