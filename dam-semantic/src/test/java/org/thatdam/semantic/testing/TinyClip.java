package org.thatdam.semantic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A CLIP-shaped model pair small enough to write in a test, with a word-level tokenizer. Pictures: pixels
 * [batch, 3, 16, 16] → GlobalAveragePool → Flatten → MatMul(identity) = each colour channel's mean after CLIP
 * normalisation, so a red picture points to (+, -, -). Text: token ids → Gather from an embedding table → times the
 * attention mask → ReduceMean, where "red" is (1, -1, -1), "green" (-1, 1, -1), "blue" (-1, -1, 1), the other
 * words are zero, and the padding token is (0, 0, 9): a text padded without its mask would turn blue.
 */
public final class TinyClip {
    public static final int SIZE = 16;
    public static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "red", "green", "blue", "a", "photo", "of");

    private TinyClip() {}

    /** Writes image.onnx, text.onnx and tokenizer.json into {@code folder}; {@code textLength} 0 = any length. */
    public static Path write(Path folder, int textLength) {
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve("image.onnx"), imageModel());
            Files.write(folder.resolve("text.onnx"), textModel(textLength));
            Files.writeString(folder.resolve("tokenizer.json"), tokenizer());
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] imageModel() {
        return new OnnxGraph()
                .input("pixel_values", OnnxGraph.FLOAT, "batch", 3, SIZE, SIZE)
                .floats("projection", new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3)
                .node("GlobalAveragePool", List.of("pixel_values"), "pooled")
                .node("Flatten", List.of("pooled"), "flat", "axis", 1)
                .node("MatMul", List.of("flat", "projection"), "image_embeds")
                .output("image_embeds", OnnxGraph.FLOAT, "batch", 3)
                .toBytes();
    }

    static byte[] textModel(int textLength) {
        Object length = textLength > 0 ? (Object) textLength : "sequence";
        float[] table = {
                0, 0, 9,     // [PAD]
                0, 0, 0,     // [UNK]
                1, -1, -1,   // red
                -1, 1, -1,   // green
                -1, -1, 1,   // blue
                0, 0, 0, 0, 0, 0, 0, 0, 0};
        return new OnnxGraph()
                .input("input_ids", OnnxGraph.INT64, "batch", length)
                .input("attention_mask", OnnxGraph.INT64, "batch", length)
                .floats("token_embedding", table, VOCAB.size(), 3)
                .longs("last_axis", new long[] {2}, 1)
                .node("Gather", List.of("token_embedding", "input_ids"), "tokens", "axis", 0)
                .node("Cast", List.of("attention_mask"), "mask_f", "to", OnnxGraph.FLOAT)
                .node("Unsqueeze", List.of("mask_f", "last_axis"), "mask3")
                .node("Mul", List.of("tokens", "mask3"), "masked")
                .node("ReduceMean", List.of("masked"), "text_embeds", "axes", new long[] {1}, "keepdims", 0)
                .output("text_embeds", OnnxGraph.FLOAT, "batch", 3)
                .toBytes();
    }

    static String tokenizer() {
        StringBuilder vocab = new StringBuilder();
        for (int i = 0; i < VOCAB.size(); i++) {
            if (i > 0) vocab.append(", ");
            vocab.append('"').append(VOCAB.get(i)).append("\": ").append(i);
        }
        return """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": [
                   {"id": 0, "content": "[PAD]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                   {"id": 1, "content": "[UNK]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
                 "normalizer": {"type": "Lowercase"},
                 "pre_tokenizer": {"type": "Whitespace"},
                 "post_processor": null,
                 "decoder": null,
                 "model": {"type": "WordLevel", "vocab": {%s}, "unk_token": "[UNK]"}}
                """.formatted(vocab);
    }
}
