package org.thatdam.semantic.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.thatdam.model.DamException;

/**
 * Pictures and text → vectors in one shared space, with a CLIP-style model exported to ONNX: a folder holding
 * {@code image.onnx} (input: float pixels NCHW; output: the image embedding), {@code text.onnx} (inputs:
 * {@code input_ids} and optionally {@code attention_mask}, int64; output: the text embedding) and the HuggingFace
 * {@code tokenizer.json} that goes with it. The input size and the text length are read from the models'
 * declared shapes. Vectors come out L2-normalised, so a dot product is the cosine. Loaded once per folder per JVM;
 * thread-safe (ONNX Runtime sessions and the tokenizer may be shared).
 */
public final class VisualEmbedder {

    /** The model id stored beside these vectors. */
    public static final String MODEL = "visual";
    /** What every place that would use a visual model says when none is configured. */
    public static final String NOT_CONFIGURED = "visual search needs a model: set semantic.visual-model";
    /** CLIP's text context; used when the text model does not fix its sequence length. */
    static final int DEFAULT_TEXT_LENGTH = 77;
    /** When the image model does not fix its input size. */
    static final int DEFAULT_IMAGE_SIZE = 224;

    private static final Map<Path, VisualEmbedder> LOADED = new ConcurrentHashMap<>();

    private final Path folder;
    private final OrtEnvironment env;
    private final OrtSession image;
    private final OrtSession text;
    private final HuggingFaceTokenizer tokenizer;
    private final String imageInput;
    private final String imageOutput;
    private final ImagePreprocessor preprocessor;
    private final String idsInput;
    private final String maskInput;
    private final List<String> zeroInputs;
    private final String textOutput;
    private final int textLength;
    private final boolean fixedTextLength;
    private final int dimensions;

    /** The model in {@code folder}, loaded on first use and kept for the life of the JVM. */
    public static VisualEmbedder load(Path folder) {
        Path key = folder.toAbsolutePath().normalize();
        return LOADED.computeIfAbsent(key, VisualEmbedder::new);
    }

    private VisualEmbedder(Path folder) {
        this.folder = folder;
        Path imageFile = require(folder, "image.onnx");
        Path textFile = require(folder, "text.onnx");
        Path tokenizerFile = require(folder, "tokenizer.json");
        env = OrtEnvironment.getEnvironment();
        OrtSession img = null;
        OrtSession txt = null;
        try {
            img = open(imageFile);
            txt = open(textFile);

            Map.Entry<String, TensorInfo> in = single(img.getInputInfo(), "image.onnx");
            long[] shape = in.getValue().getShape();
            if (shape.length != 4 || in.getValue().type != OnnxJavaType.FLOAT || (shape[1] != 3 && shape[1] != -1)) {
                throw bad("image.onnx", "its input '" + in.getKey() + "' is not float pixels [batch, 3, height, width]");
            }
            imageInput = in.getKey();
            preprocessor = new ImagePreprocessor(size(shape[3]), size(shape[2]));
            imageOutput = embeddingOutput(img, "image.onnx");

            String ids = null;
            String mask = null;
            List<String> zeros = new ArrayList<>();
            long length = -1;
            for (Map.Entry<String, TensorInfo> e : tensors(txt.getInputInfo(), "text.onnx").entrySet()) {
                String name = e.getKey();
                TensorInfo t = e.getValue();
                if (t.getShape().length != 2 || (t.type != OnnxJavaType.INT64 && t.type != OnnxJavaType.INT32)) {
                    throw bad("text.onnx", "its input '" + name + "' is not integer tokens [batch, length]");
                }
                if (t.type != OnnxJavaType.INT64) {
                    throw bad("text.onnx", "its input '" + name + "' is int32; export it with int64 token inputs");
                }
                if (name.contains("mask")) mask = name;
                else if (name.contains("type_ids")) zeros.add(name);
                else if (ids == null) ids = name;
                else throw bad("text.onnx", "its input '" + name + "' is not one of input_ids, attention_mask");
                length = Math.max(length, t.getShape()[1]);
            }
            if (ids == null) throw bad("text.onnx", "it has no token input (input_ids)");
            idsInput = ids;
            maskInput = mask;
            zeroInputs = List.copyOf(zeros);
            fixedTextLength = length > 0;
            textLength = fixedTextLength ? (int) Math.min(length, 4096) : DEFAULT_TEXT_LENGTH;
            textOutput = embeddingOutput(txt, "text.onnx");

            tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerFile).optAddSpecialTokens(true)
                    .optTruncation(true).optMaxLength(textLength).optPadding(false).build();
            image = img;
            text = txt;
            // the two towers must land in one space: check by running each once
            int imageDims = runImages(List.of(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB))).get(0).length;
            int textDims = embedTexts(List.of("a")).get(0).length;
            if (imageDims != textDims) {
                throw bad(folder.toString(), "image.onnx gives " + imageDims + " dimensions but text.onnx " + textDims);
            }
            dimensions = imageDims;
        } catch (OrtException | IOException | RuntimeException e) {
            close(img);
            close(txt);
            if (e instanceof DamException d) throw d;
            throw DamException.invalid("the visual model in " + folder + " cannot be used: " + message(e));
        }
    }

    public String model() {
        return MODEL;
    }

    public int dimensions() {
        return dimensions;
    }

    public Path folder() {
        return folder;
    }

    /** The input size pictures are brought to. */
    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /** Embeds a picture file (JPEG, PNG …). */
    public float[] embedImage(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw DamException.invalid("cannot read the picture " + file.getFileName() + ": " + message(e));
        }
        if (img == null) throw DamException.invalid("cannot read the picture " + file.getFileName() + ": not an image");
        return embedImage(img);
    }

    public float[] embedImage(BufferedImage picture) {
        return embedImages(List.of(picture)).get(0);
    }

    public List<float[]> embedImages(List<BufferedImage> pictures) {
        if (pictures.isEmpty()) return List.of();
        try {
            return runImages(pictures);
        } catch (OrtException e) {
            throw DamException.unavailable("the visual model failed on a picture: " + message(e), e);
        }
    }

    /** Embeds a text (a search query, say) into the pictures' space. */
    public float[] embedText(String query) {
        if (query == null || query.isBlank()) throw DamException.invalid("nothing to embed: the text is blank");
        try {
            return embedTexts(List.of(query.strip())).get(0);
        } catch (OrtException e) {
            throw DamException.unavailable("the visual model failed on a text: " + message(e), e);
        }
    }

    private List<float[]> runImages(List<BufferedImage> pictures) throws OrtException {
        int w = preprocessor.width();
        int h = preprocessor.height();
        int n = pictures.size();
        FloatBuffer pixels = FloatBuffer.allocate(n * 3 * w * h);
        for (BufferedImage p : pictures) pixels.put(preprocessor.tensor(p));
        pixels.flip();
        try (OnnxTensor input = OnnxTensor.createTensor(env, pixels, new long[] {n, 3, h, w});
             OrtSession.Result out = image.run(Map.of(imageInput, input), java.util.Set.of(imageOutput))) {
            return rows(out.get(0), "image.onnx");
        }
    }

    private List<float[]> embedTexts(List<String> texts) throws OrtException {
        int n = texts.size();
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int length = fixedTextLength ? textLength : 1;
        if (!fixedTextLength) for (Encoding e : encodings) length = Math.max(length, Math.min(textLength, e.getIds().length));
        // padding with id 0 under a zero mask: CLIP exports pool at the end-of-text token (the highest id), never 0
        long[] ids = new long[n * length];
        long[] mask = new long[n * length];
        for (int i = 0; i < n; i++) {
            long[] tokens = encodings[i].getIds();
            int k = Math.min(tokens.length, length);
            System.arraycopy(tokens, 0, ids, i * length, k);
            java.util.Arrays.fill(mask, i * length, i * length + k, 1L);
        }
        long[] shape = {n, length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(idsInput, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            if (maskInput != null) inputs.put(maskInput, OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            for (String z : zeroInputs) inputs.put(z, OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n * length]), shape));
            try (OrtSession.Result out = text.run(inputs, java.util.Set.of(textOutput))) {
                return rows(out.get(0), "text.onnx");
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static List<float[]> rows(OnnxValue value, String file) throws OrtException {
        if (!(value.getValue() instanceof float[][] matrix)) {
            throw bad(file, "its output is not a float [batch, dimensions] embedding");
        }
        List<float[]> out = new ArrayList<>(matrix.length);
        for (float[] row : matrix) out.add(Vectors.normalize(row));
        return out;
    }

    /** The output named like an embedding ({@code image_embeds}, {@code text_embeds} …), else the only 2-D one. */
    private static String embeddingOutput(OrtSession session, String file) throws OrtException {
        Map<String, TensorInfo> outputs = tensors(session.getOutputInfo(), file);
        String twoD = null;
        for (Map.Entry<String, TensorInfo> e : outputs.entrySet()) {
            if (e.getValue().getShape().length != 2 || e.getValue().type != OnnxJavaType.FLOAT) continue;
            if (e.getKey().contains("embed")) return e.getKey();
            if (twoD == null) twoD = e.getKey();
        }
        if (twoD == null) throw bad(file, "it has no float [batch, dimensions] output");
        return twoD;
    }

    private static Map<String, TensorInfo> tensors(Map<String, NodeInfo> nodes, String file) {
        Map<String, TensorInfo> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : nodes.entrySet()) {
            if (!(e.getValue().getInfo() instanceof TensorInfo t)) throw bad(file, "'" + e.getKey() + "' is not a tensor");
            out.put(e.getKey(), t);
        }
        return out;
    }

    private static Map.Entry<String, TensorInfo> single(Map<String, NodeInfo> nodes, String file) {
        Map<String, TensorInfo> t = tensors(nodes, file);
        if (t.size() != 1) throw bad(file, "it has " + t.size() + " inputs, not one (the pixels)");
        return t.entrySet().iterator().next();
    }

    private static int size(long declared) {
        return declared > 0 ? (int) declared : DEFAULT_IMAGE_SIZE;
    }

    private OrtSession open(Path file) throws OrtException {
        try (OrtSession.SessionOptions options = Sessions.options()) {
            return env.createSession(file.toString(), options);
        }
    }

    private static Path require(Path folder, String name) {
        if (!Files.isDirectory(folder)) {
            throw DamException.invalid("semantic.visual-model: " + folder + " is not a folder");
        }
        Path f = folder.resolve(name);
        if (!Files.isRegularFile(f)) {
            throw DamException.invalid("semantic.visual-model: " + folder + " has no " + name
                    + " (it needs image.onnx, text.onnx and tokenizer.json)");
        }
        return f;
    }

    private static DamException bad(String file, String why) {
        return DamException.invalid("the visual model's " + file + " is not usable: " + why);
    }

    private static void close(OrtSession s) {
        if (s == null) return;
        try {
            s.close();
        } catch (OrtException ignored) {
            // already failing: the first error is the one to report
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
