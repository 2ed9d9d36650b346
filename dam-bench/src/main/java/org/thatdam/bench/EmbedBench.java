package org.thatdam.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.thatdam.semantic.embed.TextEmbedder;

/**
 * Text embedding throughput: all-MiniLM-L6-v2 in-process (ONNX Runtime, every core) on asset-like texts (a title,
 * tags and a sentence or two, as the embed job builds them), beside Lucene's StandardAnalyzer tokenising the same
 * texts: what the keyword index pays per text against what the vector index pays.
 */
final class EmbedBench {

    private static final String[] WORDS = ("interview harbour sunset drone city street night market crowd kitchen "
            + "chef roadmap quarterly budget meeting slides launch product demo mountain river forest snow beach "
            + "wedding speech concert stage lights rain traffic train station platform commuters office team "
            + "workshop factory robot assembly line warehouse delivery truck airport runway").split(" ");

    private EmbedBench() {}

    static Section run(boolean quick) throws IOException {
        int n = quick ? 500 : 5_000;
        List<String> texts = texts(n, new Random(18));
        TextEmbedder embedder = new TextEmbedder();
        long t = System.nanoTime();
        embedder.warm();
        double loadSec = (System.nanoTime() - t) / 1e9;
        embedder.embedAll(texts.subList(0, 32)); // first runs allocate ONNX Runtime's buffers

        t = System.nanoTime();
        for (int i = 0; i < n; i += 32) embedder.embedAll(texts.subList(i, Math.min(n, i + 32)));
        double oursSec = (System.nanoTime() - t) / 1e9;

        t = System.nanoTime();
        for (int i = 0; i < 200; i++) embedder.embed("people walking in a train station " + i);
        double queryMs = (System.nanoTime() - t) / 1e6 / 200;

        long tokens = 0;
        double peerSec;
        try (Analyzer lucene = new StandardAnalyzer()) {
            tokens += analyse(lucene, texts); // warm-up
            t = System.nanoTime();
            for (int round = 0; round < 5; round++) tokens += analyse(lucene, texts);
            peerSec = (System.nanoTime() - t) / 1e9 / 5;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("texts", n);
        json.put("meanChars", texts.stream().mapToInt(String::length).average().orElse(0));
        json.put("modelLoadSeconds", loadSec);
        json.put("oursSeconds", oursSec);
        json.put("queryMs", queryMs);
        json.put("peerSeconds", peerSec);
        json.put("peerTokens", tokens);
        List<Row> rows = new ArrayList<>();
        rows.add(Row.compare("embed.minilm-texts vs lucene-analyze", n / oursSec, n / peerSec, "texts/s", true,
                String.format(Locale.ROOT, "%,d asset texts of ~%.0f chars, batches of 32, ONNX Runtime on %d cores; "
                        + "peer: StandardAnalyzer tokenising the same texts", n,
                        (double) json.get("meanChars"), Runtime.getRuntime().availableProcessors())));
        rows.add(Row.ours("embed.minilm-query", queryMs, "ms", false, "one short text, as a search query is embedded"));
        rows.add(Row.ours("embed.minilm-load", loadSec * 1000, "ms", false, "model load, once per process"));
        return new Section(json, rows);
    }

    /** Texts shaped like the embed job's: a title line, a tag line, a sentence. */
    static List<String> texts(int n, Random r) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(words(r, 3 + r.nextInt(4)) + "\n" + words(r, 2 + r.nextInt(4)).replace(' ', ',') + "\n"
                    + words(r, 12 + r.nextInt(20)) + ".");
        }
        return out;
    }

    private static String words(Random r, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) b.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
        return b.toString();
    }

    private static long analyse(Analyzer a, List<String> texts) throws IOException {
        long tokens = 0;
        for (String text : texts) {
            try (TokenStream ts = a.tokenStream("text", text)) {
                ts.reset();
                while (ts.incrementToken()) tokens++;
                ts.end();
            }
        }
        return tokens;
    }

    /** Runs this section alone: {@code EmbedBench quick|full}; prints its rows. */
    public static void main(String[] args) throws Exception {
        Section s = run(args.length == 0 || args[0].equals("quick"));
        System.out.println(org.thatdam.core.json.Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(s.json()));
        System.out.print(Table.render(s.rows()));
    }
}
