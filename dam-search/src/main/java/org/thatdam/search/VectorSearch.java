package org.thatdam.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.index.Term;

/**
 * Nearest-neighbour search over the index's HNSW vector fields: assets by their own vectors and by
 * their scenes' (a scene hit rolls up to its asset, the best scene wins), reciprocal-rank fusion with
 * the keyword ranking, and the scenes that say where a hit matched.
 */
final class VectorSearch {

    /** Reciprocal-rank fusion's damping constant (the usual 60): rank 1 counts 1/61, rank 10 1/70. */
    static final int RRF_K = 60;
    static final int MAX_MATCHES = 3;
    /** Beats closer than this are one match. */
    static final double MERGE_GAP_SEC = 0.5;
    /** Scenes searched per asset wanted: a video's best scenes crowd the list. */
    private static final int SCENES_PER_ASSET = 2;
    private static final int MAX_SCENE_K = 5000;

    private VectorSearch() {}

    /** One vector to search with, and the cosine below which a neighbour is no match. */
    record Probe(String model, float[] vector, float floor) {}

    /** A scene that matched, with how well (cosine for vectors; above 1 for text, which is exact evidence). */
    record SceneHit(Schema.SceneInfo scene, float score) {}

    /** Assets by closeness, best first, with the scenes that brought them. */
    record Candidates(List<Long> order, Map<Long, Float> scores, Map<Long, List<SceneHit>> scenes) {
        static final Candidates NONE = new Candidates(List.of(), Map.of(), Map.of());
    }

    /**
     * The assets nearest to the probes among those {@code filter} (asset documents) matches: at most
     * {@code k}, each at least its probe's floor.
     *
     * @param restricted whether {@code filter} selects fewer than all assets (the scene search then
     *                   keeps to the scenes of those it selects)
     */
    static Candidates nearest(IndexSearcher s, List<Probe> probes, Query filter, boolean restricted, int k,
            long excludeAsset, java.util.Set<Long> excludeScenes) throws IOException {
        Map<Long, Float> best = new HashMap<>();
        Map<Long, List<SceneHit>> scenes = new HashMap<>();
        Query sceneFilter = Schema.sceneDocs();
        if (restricted) {
            long[] allowed = ids(s, filter);
            if (allowed.length == 0) return Candidates.NONE;
            sceneFilter = new BooleanQuery.Builder().add(Schema.sceneDocs(), Occur.FILTER)
                    .add(LongField.newSetQuery(Schema.OWNER_NUM, allowed), Occur.FILTER).build();
        }
        for (Probe p : probes) {
            String assetField = Schema.vectorField(Schema.VECTOR, p.model(), p.vector().length);
            TopDocs assets = s.search(new KnnFloatVectorQuery(assetField, p.vector(), k, filter), k);
            long[] ids = longs(s, assets.scoreDocs, Schema.ID_NUM);
            for (int i = 0; i < ids.length; i++) {
                float cos = cosine(assets.scoreDocs[i].score);
                if (cos < p.floor() || ids[i] == excludeAsset || ids[i] < 0) continue;
                best.merge(ids[i], cos, Math::max);
            }
            String sceneField = Schema.vectorField(Schema.SCENE_VECTOR, p.model(), p.vector().length);
            int sk = Math.min(k * SCENES_PER_ASSET, MAX_SCENE_K);
            TopDocs hits = s.search(new KnnFloatVectorQuery(sceneField, p.vector(), sk, sceneFilter), sk);
            Schema.SceneInfo[] infos = scenes(s, hits.scoreDocs);
            for (int i = 0; i < infos.length; i++) {
                Schema.SceneInfo sc = infos[i];
                float cos = cosine(hits.scoreDocs[i].score);
                if (sc == null || cos < p.floor() || sc.assetId() == excludeAsset || excludeScenes.contains(sc.sceneId())) continue;
                best.merge(sc.assetId(), cos, Math::max);
                scenes.computeIfAbsent(sc.assetId(), x -> new ArrayList<>()).add(new SceneHit(sc, cos));
            }
        }
        List<Long> order = new ArrayList<>(best.keySet());
        order.sort(Comparator.comparing((Long id) -> best.get(id)).reversed().thenComparing(Comparator.reverseOrder()));
        if (order.size() > k) order = order.subList(0, k);
        return new Candidates(List.copyOf(order), best, scenes);
    }

    /** A DOT_PRODUCT score back to the cosine of unit vectors (Lucene scores it as (1 + cos) / 2). */
    static float cosine(float score) {
        return 2 * score - 1;
    }

    /**
     * Reciprocal-rank fusion: each list adds 1 / (RRF_K + rank) to the documents it ranks, so what both
     * rank well comes first without comparing BM25 scores with cosines.
     */
    static List<ScoreDoc> fuse(ScoreDoc[] keyword, List<ScoreDoc> semantic) {
        Map<Integer, Float> fused = new LinkedHashMap<>();
        Map<Integer, Integer> keywordRank = new HashMap<>();
        for (int i = 0; i < keyword.length; i++) {
            fused.merge(keyword[i].doc, 1f / (RRF_K + i + 1), Float::sum);
            keywordRank.put(keyword[i].doc, i);
        }
        for (int i = 0; i < semantic.size(); i++) fused.merge(semantic.get(i).doc, 1f / (RRF_K + i + 1), Float::sum);
        List<ScoreDoc> out = new ArrayList<>(fused.size());
        fused.forEach((doc, score) -> out.add(new ScoreDoc(doc, score)));
        // a tie goes to what the words themselves found: the same ranks in both lists are not the same evidence
        out.sort(Comparator.comparing((ScoreDoc d) -> d.score).reversed()
                .thenComparing(d -> keywordRank.getOrDefault(d.doc, Integer.MAX_VALUE)).thenComparing(d -> d.doc));
        return out;
    }

    /**
     * Where each of {@code assetIds} matched: the scenes whose text matches {@code words} (null: none)
     * and the scenes the vector search found, a scene dropped when one of its beats matched too,
     * adjacent beats merged, best first, at most {@link #MAX_MATCHES}.
     */
    static Map<Long, List<SearchMatch>> matches(IndexSearcher s, long[] assetIds, Query words, Candidates c)
            throws IOException {
        Map<Long, List<SceneHit>> byAsset = new HashMap<>();
        for (long id : assetIds) {
            List<SceneHit> v = c.scenes().get(id);
            if (v != null) byAsset.computeIfAbsent(id, x -> new ArrayList<>()).addAll(v);
        }
        if (words != null && assetIds.length > 0 && s.getIndexReader().docFreq(new Term(Schema.DOC, Schema.DOC_SCENE)) > 0) {
            Query q = new BooleanQuery.Builder().add(words, Occur.MUST).add(Schema.sceneDocs(), Occur.FILTER)
                    .add(LongField.newSetQuery(Schema.OWNER_NUM, assetIds), Occur.FILTER).build();
            TopDocs top = s.search(q, Math.min(2000, 50 * assetIds.length));
            Schema.SceneInfo[] infos = scenes(s, top.scoreDocs);
            for (int i = 0; i < infos.length; i++) {
                if (infos[i] == null) continue;
                float bm25 = top.scoreDocs[i].score;
                byAsset.computeIfAbsent(infos[i].assetId(), x -> new ArrayList<>())
                        .add(new SceneHit(infos[i], 1 + bm25 / (1 + bm25)));
            }
        }
        Map<Long, List<SearchMatch>> out = new HashMap<>();
        byAsset.forEach((id, hits) -> out.put(id, merge(hits)));
        return out;
    }

    /** One asset's scene hits as matches (see {@link #matches}). */
    static List<SearchMatch> merge(List<SceneHit> hits) {
        Map<Long, SceneHit> bestPerScene = new HashMap<>();
        for (SceneHit h : hits) bestPerScene.merge(h.scene().sceneId(), h, (a, b) -> a.score() >= b.score() ? a : b);
        List<SceneHit> beats = bestPerScene.values().stream().filter(h -> h.scene().level() >= 2).toList();
        List<SceneHit> kept = new ArrayList<>();
        for (SceneHit h : bestPerScene.values()) {
            Schema.SceneInfo sc = h.scene();
            boolean hasBeat = sc.level() < 2 && beats.stream().anyMatch(b -> b.scene().startSec() >= sc.startSec() - 1e-6
                    && b.scene().endSec() <= sc.endSec() + 1e-6);
            if (!hasBeat) kept.add(h);
        }
        kept.sort(Comparator.comparingDouble((SceneHit h) -> h.scene().startSec()));
        record Run(double start, double end, SceneHit best) {}
        List<Run> runs = new ArrayList<>();
        for (SceneHit h : kept) {
            Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && h.scene().startSec() <= last.end() + MERGE_GAP_SEC) {
                runs.set(runs.size() - 1, new Run(last.start(), Math.max(last.end(), h.scene().endSec()),
                        h.score() > last.best().score() ? h : last.best()));
            } else {
                runs.add(new Run(h.scene().startSec(), h.scene().endSec(), h));
            }
        }
        runs.sort(Comparator.comparing((Run r) -> r.best().score()).reversed().thenComparingDouble(Run::start));
        List<SearchMatch> out = new ArrayList<>();
        for (Run r : runs.subList(0, Math.min(MAX_MATCHES, runs.size()))) {
            out.add(new SearchMatch(r.start(), r.end(), r.best().scene().text(), r.best().scene().sceneId()));
        }
        return out;
    }

    /**
     * The stored vectors of the asset or scene document {@code q} matches, by model id (the index keeps
     * the vectors themselves, so {@code similar:} needs neither the catalog nor the models).
     */
    static Map<String, float[]> storedVectors(IndexSearcher s, Query q, String prefix) throws IOException {
        TopDocs top = s.search(q, 1);
        return top.scoreDocs.length == 0 ? new LinkedHashMap<>() : storedVectors(s, top.scoreDocs[0].doc, prefix);
    }

    /** The vectors to look for scenes like scene {@code sceneId} with, and the scenes that are that scene. */
    record SceneSource(Map<String, float[]> vectors, java.util.Set<Long> sceneIds) {}

    /**
     * The vectors of scene {@code sceneId}: a beat's own, or for a scene (level 1, which has none of its
     * own) the normalised mean of its beats' by model, its beats then excluded from the hits with it.
     * Empty vectors when the scene is unknown or none of it is analysed yet.
     */
    static SceneSource sceneVectors(IndexSearcher s, long sceneId) throws IOException {
        TopDocs top = s.search(term(Schema.SCENE_ID, sceneId), 1);
        if (top.scoreDocs.length == 0) return new SceneSource(Map.of(), java.util.Set.of(sceneId));
        Map<String, float[]> own = storedVectors(s, top.scoreDocs[0].doc, Schema.SCENE_VECTOR);
        Schema.SceneInfo scene = scenes(s, top.scoreDocs)[0];
        if (!own.isEmpty() || scene == null || scene.level() >= 2) return new SceneSource(own, java.util.Set.of(sceneId));
        // the asset's scene documents, to find the beats inside this scene by their time range
        Query siblings = new BooleanQuery.Builder().add(Schema.sceneDocs(), Occur.FILTER)
                .add(LongField.newExactQuery(Schema.OWNER_NUM, scene.assetId()), Occur.FILTER).build();
        int n = Math.max(1, s.count(siblings));
        ScoreDoc[] docs = s.search(siblings, n).scoreDocs;
        Schema.SceneInfo[] infos = scenes(s, docs);
        Map<String, double[]> sums = new LinkedHashMap<>();
        java.util.Set<Long> ids = new java.util.HashSet<>(List.of(sceneId));
        for (int i = 0; i < docs.length; i++) {
            Schema.SceneInfo b = infos[i];
            if (b == null || b.level() < 2) continue;
            double mid = (b.startSec() + b.endSec()) / 2;
            if (mid < scene.startSec() || mid >= scene.endSec()) continue;
            ids.add(b.sceneId());
            storedVectors(s, docs[i].doc, Schema.SCENE_VECTOR).forEach((model, v) -> {
                double[] sum = sums.computeIfAbsent(model, m -> new double[v.length]);
                if (sum.length != v.length) return;   // another dimension of the model: not averaged with it
                for (int j = 0; j < v.length; j++) sum[j] += v[j];
            });
        }
        Map<String, float[]> mean = new LinkedHashMap<>();
        sums.forEach((model, sum) -> {
            float[] f = new float[sum.length];
            for (int j = 0; j < f.length; j++) f[j] = (float) sum[j];
            float[] unit = Schema.unit(f);
            if (unit != null) mean.put(model, unit);
        });
        return new SceneSource(mean, java.util.Set.copyOf(ids));
    }

    /** The stored vectors of document {@code doc} whose fields start with {@code prefix}, by model id. */
    private static Map<String, float[]> storedVectors(IndexSearcher s, int doc, String prefix) throws IOException {
        Map<String, float[]> out = new LinkedHashMap<>();
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        int local = doc - leaf.docBase;
        for (FieldInfo fi : leaf.reader().getFieldInfos()) {
            if (!fi.name.startsWith(prefix) || fi.getVectorDimension() == 0) continue;
            FloatVectorValues values = leaf.reader().getFloatVectorValues(fi.name);
            if (values == null) continue;
            KnnVectorValues.DocIndexIterator it = values.iterator();
            if (it.advance(local) != local) continue;
            String model = fi.name.substring(prefix.length(), fi.name.lastIndexOf('.'));
            out.put(model, values.vectorValue(it.index()).clone());
        }
        return out;
    }

    /** The ids of every asset document {@code q} matches. */
    static long[] ids(IndexSearcher s, Query q) throws IOException {
        List<long[]> parts = new ArrayList<>();
        int n = 0;
        var weight = s.createWeight(s.rewrite(q), org.apache.lucene.search.ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            var scorer = weight.scorer(leaf);
            if (scorer == null) continue;
            SortedNumericDocValues dv = DocValues.getSortedNumeric(leaf.reader(), Schema.ID_NUM);
            var it = scorer.iterator();
            var live = leaf.reader().getLiveDocs();
            long[] buf = new long[16];
            int m = 0;
            for (int d = it.nextDoc(); d != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
                if (live != null && !live.get(d)) continue;
                if (!dv.advanceExact(d)) continue;
                if (m == buf.length) buf = Arrays.copyOf(buf, m * 2);
                buf[m++] = dv.nextValue();
            }
            parts.add(Arrays.copyOf(buf, m));
            n += m;
        }
        long[] out = new long[n];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** A numeric doc value of each doc (-1 when it has none), in the docs' order. */
    private static long[] longs(IndexSearcher s, ScoreDoc[] docs, String field) throws IOException {
        long[] out = new long[docs.length];
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        for (int i = 0; i < docs.length; i++) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docs[i].doc, leaves));
            SortedNumericDocValues dv = DocValues.getSortedNumeric(leaf.reader(), field);
            out[i] = dv.advanceExact(docs[i].doc - leaf.docBase) ? dv.nextValue() : -1;
        }
        return out;
    }

    /** The scene each doc is (null when it is none), in the docs' order. */
    private static Schema.SceneInfo[] scenes(IndexSearcher s, ScoreDoc[] docs) throws IOException {
        Schema.SceneInfo[] out = new Schema.SceneInfo[docs.length];
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        for (int i = 0; i < docs.length; i++) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docs[i].doc, leaves));
            BinaryDocValues dv = leaf.reader().getBinaryDocValues(Schema.SCENE_HIT);
            if (dv != null && dv.advanceExact(docs[i].doc - leaf.docBase)) out[i] = Schema.decodeScene(dv.binaryValue());
        }
        return out;
    }

    static Query term(String field, long value) {
        return new TermQuery(new Term(field, Long.toString(value)));
    }
}
