package org.thatdam.semantic.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import org.thatdam.model.DamException;

/**
 * Text → 384-dimensional unit vectors with all-MiniLM-L6-v2 (weights and tokenizer inside the langchain4j jar, run
 * in-process by ONNX Runtime; nothing is downloaded). The model loads once per JVM, on first use (about a second
 * and a half); afterwards a short text takes a few milliseconds. Thread-safe.
 */
public final class TextEmbedder {

    /** The model id stored beside these vectors (asset_embedding.model, scene_embedding.model). */
    public static final String MODEL = "text";
    public static final int DIMENSIONS = 384;
    /**
     * Longer input is cut (at a word boundary) before embedding: the model reads at most 256 word pieces well,
     * and what describes an asset or a scene is said in its first paragraphs; cutting also bounds the cost.
     */
    public static final int MAX_CHARS = 2_000;

    private static final Object LOCK = new Object();
    private static volatile AllMiniLmL6V2EmbeddingModel model;

    /** Embeds one text; blank text is refused (there is nothing to compare), callers skip it. */
    public float[] embed(String text) {
        return vector(load().embed(bounded(text)).content());
    }

    /** Embeds each text, in order. */
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) return List.of();
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String t : texts) segments.add(TextSegment.from(bounded(t)));
        List<Embedding> out = load().embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(out.size());
        for (Embedding e : out) vectors.add(vector(e));
        return vectors;
    }

    public int dimensions() {
        return DIMENSIONS;
    }

    public String model() {
        return MODEL;
    }

    /** Loads the model now (otherwise the first {@link #embed} does). */
    public TextEmbedder warm() {
        load();
        return this;
    }

    static String bounded(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) throw DamException.invalid("nothing to embed: the text is blank");
        if (t.length() <= MAX_CHARS) return t;
        int cut = MAX_CHARS;
        if (Character.isHighSurrogate(t.charAt(cut - 1))) cut--;
        int space = t.lastIndexOf(' ', cut);
        return t.substring(0, space > MAX_CHARS / 2 ? space : cut);
    }

    private static float[] vector(Embedding e) {
        return Vectors.normalize(e.vector().clone());
    }

    private static AllMiniLmL6V2EmbeddingModel load() {
        AllMiniLmL6V2EmbeddingModel m = model;
        if (m != null) return m;
        synchronized (LOCK) {
            if (model == null) {
                try {
                    // Runnable::run: embedAll works in the caller's thread, which the job engine already bounds.
                    model = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
                } catch (RuntimeException | LinkageError e) {
                    throw DamException.unavailable("the text embedding model could not be loaded: " + e.getMessage(), e);
                }
            }
            return model;
        }
    }
}
