package org.thatdam.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.thatdam.search.IndexedAsset;
import org.thatdam.search.IndexedScene;
import org.thatdam.search.SearchIndex;
import org.thatdam.search.SearchMode;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchSort;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.core.json.Json;

/**
 * Semantic search over N scene vectors (384 dimensions, as all-MiniLM-L6-v2 makes) beside an exact scan
 * of the same vectors: p50/p95 of a whole semantic search (top 10 assets: kNN over the scenes, rolled up
 * to their videos, hits read) against a brute-force dot product over every vector, recall of the former
 * against the latter, and the index's bytes per scene document.
 *
 * <p>Vectors are drawn around 2,000 topics (real embeddings cluster by subject; uniform random vectors
 * would be the one case no index helps). Each video has 10 scenes. The index is built once and kept in
 * DIR (built again only when its marker is missing): building a million-vector graph takes minutes.
 */
public final class KnnBench {

    static final int DIMS = 384;
    static final int SCENES_PER_ASSET = 10;
    static final int TOPICS = 2_000;
    static final int WARMUP = 50;
    static final int MEASURED = 200;
    static final int EXACT_QUERIES = 20;
    static final String MARKER = "dam-knn-bench-complete";

    private KnnBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: KnnBench SCENES DIR RESULT_JSON");
            System.exit(2);
        }
        int scenes = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        Path out = Path.of(args[2]);
        int assets = scenes / SCENES_PER_ASSET;
        float[][] topics = topics(new Random(7));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenes", scenes);
        result.put("dimensions", DIMS);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("vectorFormat", "float".equals(System.getProperty("dam.search.vectors")) ? "float32 HNSW" : "int8 scalar-quantised HNSW");

        boolean cached = Files.exists(dir.resolve(MARKER));
        if (!cached) {
            deleteTree(dir);
            try (SearchIndex index = SearchIndex.open(dir)) {
                long t = System.nanoTime();
                index.rebuild(videos(assets, topics));
                index.awaitMerges();
                long ms = (System.nanoTime() - t) / 1_000_000;
                result.put("buildMs", ms);
                System.err.printf(Locale.ROOT, "built %,d scene vectors in %.1f s%n", scenes, ms / 1000.0);
            }
            Files.writeString(dir.resolve(MARKER), scenes + "\n");
        }
        result.put("indexCached", cached);
        try (SearchIndex index = SearchIndex.open(dir)) {
            result.put("segments", index.segments());
        }
        long bytes = treeSize(dir);
        result.put("indexBytes", bytes);
        result.put("bytesPerSceneDoc", bytes / (double) scenes);

        // the same vectors in one flat array, for the exact scan
        float[] flat = new float[scenes * DIMS];
        Iterator<IndexedAsset> it = videos(assets, topics).iterator();
        for (int a = 0; it.hasNext(); a++) {
            List<IndexedScene> list = it.next().scenes();
            for (int s = 0; s < list.size(); s++) System.arraycopy(list.get(s).textVector(), 0, flat, (a * SCENES_PER_ASSET + s) * DIMS, DIMS);
        }
        Random qr = new Random(11);
        List<float[]> queries = new ArrayList<>();
        for (int i = 0; i < WARMUP + MEASURED; i++) queries.add(near(topics[qr.nextInt(TOPICS)], qr, 0.5f));

        try (SearchIndex index = SearchIndex.open(dir)) {
            index.queryEmbedder(IndexedAsset.TEXT_MODEL, words -> queries.get(Integer.parseInt(words.replaceAll("\\D", ""))));
            index.similarityFloor(IndexedAsset.TEXT_MODEL, -1f);
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            double[] ms = new double[MEASURED];
            double[] cpuMs = new double[MEASURED];
            double[] exactCpuMs = new double[EXACT_QUERIES];
            double recall = 0;
            int recalled = 0;
            double[] exactMs = new double[EXACT_QUERIES];
            for (int i = 0; i < WARMUP + MEASURED; i++) {
                long c = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                var r = index.search(new SearchRequest("q" + i, SearchSort.RELEVANCE, 10, 0, false, Map.of(), SearchMode.SEMANTIC));
                double took = (System.nanoTime() - t) / 1e6;
                if (i < WARMUP) continue;
                ms[i - WARMUP] = took;
                int k = i - WARMUP;
                cpuMs[k] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
                if (k < EXACT_QUERIES) {
                    c = threads.getCurrentThreadCpuTime();
                    t = System.nanoTime();
                    long[] exact = exactTopAssets(flat, queries.get(i), 10);
                    exactMs[k] = (System.nanoTime() - t) / 1e6;
                    exactCpuMs[k] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
                    Set<Long> truth = new HashSet<>();
                    for (long id : exact) truth.add(id);
                    recall += r.items().stream().filter(h -> truth.contains(h.id())).count() / 10.0;
                    recalled++;
                }
            }
            result.put("semanticSearchMs", percentiles(ms));
            result.put("exactScanMs", percentiles(exactMs));
            // what a query costs on an idle core, whatever else the machine runs
            result.put("semanticSearchCpuMs", percentiles(cpuMs));
            result.put("exactScanCpuMs", percentiles(exactCpuMs));
            result.put("recallAt10", recall / recalled);
        }
        // index size per 1,000 hours: one beat per 4 s and one scene per 30 s of video (the scene detector's
        // typical output on edited footage), each a document with its text vector
        double docsPerHour = 3600 / 4.0 + 3600 / 30.0;
        result.put("docsPerHourAssumed", docsPerHour);
        result.put("indexGiBPer1000Hours", bytes / (double) scenes * docsPerHour * 1000 / (1L << 30));
        AtomicFiles.write(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
        System.err.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
    }

    /** The exact answer: every vector's dot product with the query, the best 100 scenes rolled up to their videos. */
    static long[] exactTopAssets(float[] flat, float[] q, int k) {
        int n = flat.length / DIMS;
        PriorityQueue<long[]> best = new PriorityQueue<>((x, y) -> Float.compare(Float.intBitsToFloat((int) x[1]), Float.intBitsToFloat((int) y[1])));
        for (int i = 0; i < n; i++) {
            float dot = 0;
            int off = i * DIMS;
            for (int d = 0; d < DIMS; d++) dot += flat[off + d] * q[d];
            if (best.size() < 100) best.add(new long[] {i, Float.floatToIntBits(dot)});
            else if (dot > Float.intBitsToFloat((int) best.peek()[1])) {
                best.poll();
                best.add(new long[] {i, Float.floatToIntBits(dot)});
            }
        }
        List<long[]> sorted = new ArrayList<>(best);
        sorted.sort((x, y) -> Float.compare(Float.intBitsToFloat((int) y[1]), Float.intBitsToFloat((int) x[1])));
        List<Long> assets = new ArrayList<>();
        for (long[] s : sorted) {
            long asset = s[0] / SCENES_PER_ASSET + 1;
            if (!assets.contains(asset)) assets.add(asset);
            if (assets.size() == k) break;
        }
        return assets.stream().mapToLong(Long::longValue).toArray();
    }

    static Map<String, Double> percentiles(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("p50", s[(int) Math.round(0.50 * (s.length - 1))]);
        m.put("p95", s[(int) Math.round(0.95 * (s.length - 1))]);
        m.put("max", s[s.length - 1]);
        return m;
    }

    static float[][] topics(Random r) {
        float[][] t = new float[TOPICS][];
        for (int i = 0; i < TOPICS; i++) {
            float[] v = new float[DIMS];
            for (int d = 0; d < DIMS; d++) v[d] = (float) r.nextGaussian();
            t[i] = unit(v);
        }
        return t;
    }

    static float[] near(float[] centre, Random r, float spread) {
        float[] v = new float[DIMS];
        float noise = spread / (float) Math.sqrt(DIMS);
        for (int d = 0; d < DIMS; d++) v[d] = centre[d] + noise * (float) r.nextGaussian();
        return unit(v);
    }

    static float[] unit(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        float inv = (float) (1 / Math.sqrt(s));
        for (int i = 0; i < v.length; i++) v[i] *= inv;
        return v;
    }

    /** The videos, generated the same way every time: ids 1.., ten scenes each, each scene near one topic. */
    static Iterable<IndexedAsset> videos(int count, float[][] topics) {
        return () -> new Iterator<>() {
            final Random r = new Random(42);
            int i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public IndexedAsset next() {
                long id = ++i;
                List<IndexedScene> scenes = new ArrayList<>(SCENES_PER_ASSET);
                int topic = r.nextInt(TOPICS);
                for (int s = 0; s < SCENES_PER_ASSET; s++) {
                    int t = r.nextInt(4) == 0 ? r.nextInt(TOPICS) : topic;   // a video mostly keeps to its subject
                    scenes.add(new IndexedScene(id * 100 + s, 2, s * 4.0, s * 4.0 + 4, null, near(topics[t], r, 0.6f), null));
                }
                return new IndexedAsset(id, "/bench/video-" + id + ".mp4", "video " + id, null, List.of(), "video", "ok",
                        "h264", "aac", "mp4", 40.0, 1920, 1080, 25.0, null, 1_000_000, null, 0, false, null, List.of(),
                        Map.of(), scenes);
            }
        };
    }

    static long treeSize(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
