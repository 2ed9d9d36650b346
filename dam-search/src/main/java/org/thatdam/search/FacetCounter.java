package org.thatdam.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * Facet counts over a whole match set. Each facet is a single-valued SortedDocValues field; per segment
 * its ordinals are copied once into a plain array (2 bytes a document and facet when a segment has
 * fewer than 32767 distinct values), so counting is an array read per document and facet. Segments are
 * immutable, so the arrays live as long as the segment (keyed by its core cache key).
 */
final class FacetCounter {

    static final int TOP = 20;

    private static final String[] DIMS = Schema.FACETS.keySet().toArray(String[]::new);
    private static final String[] FIELDS = Schema.FACETS.values().toArray(String[]::new);

    /** Ordinals of one segment: per dimension either {@code s[d]} or {@code i[d]} is set; -1 = no value. */
    record LeafOrds(short[][] s, int[][] i, String[][] values) {}

    private final Map<IndexReader.CacheKey, LeafOrds> cache = new ConcurrentHashMap<>();

    LeafOrds ords(LeafReaderContext ctx) throws IOException {
        LeafReader reader = ctx.reader();
        IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
        if (helper == null) return load(reader);
        LeafOrds o = cache.get(helper.getKey());
        if (o != null) return o;
        o = load(reader);
        if (cache.putIfAbsent(helper.getKey(), o) == null) {
            helper.addClosedListener(cache::remove);
        }
        return o;
    }

    int cachedSegments() {
        return cache.size();
    }

    private static LeafOrds load(LeafReader reader) throws IOException {
        int n = FIELDS.length;
        short[][] s = new short[n][];
        int[][] i = new int[n][];
        String[][] values = new String[n][];
        int maxDoc = reader.maxDoc();
        for (int d = 0; d < n; d++) {
            SortedDocValues dv = DocValues.getSorted(reader, FIELDS[d]);
            int count = dv.getValueCount();
            values[d] = new String[count];
            for (int o = 0; o < count; o++) values[d][o] = dv.lookupOrd(o).utf8ToString();
            if (count < Short.MAX_VALUE) {
                short[] a = new short[maxDoc];
                java.util.Arrays.fill(a, (short) -1);
                for (int doc = dv.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = dv.nextDoc()) {
                    a[doc] = (short) dv.ordValue();
                }
                s[d] = a;
            } else {
                int[] a = new int[maxDoc];
                java.util.Arrays.fill(a, -1);
                for (int doc = dv.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = dv.nextDoc()) {
                    a[doc] = dv.ordValue();
                }
                i[d] = a;
            }
        }
        return new LeafOrds(s, i, values);
    }

    /** Counts of one search. */
    record Counts(long total, Map<String, List<FacetCount>> facets) {}

    CollectorManager<Counter, Counts> manager() {
        return new CollectorManager<>() {
            @Override
            public Counter newCollector() {
                return new Counter();
            }

            @Override
            public Counts reduce(Collection<Counter> collectors) {
                long total = 0;
                Map<String, Map<String, Long>> fieldCounts = new java.util.TreeMap<>();
                List<Map<String, Long>> merged = new ArrayList<>();
                for (int d = 0; d < DIMS.length; d++) merged.add(new HashMap<>());
                for (Counter c : collectors) {
                    total += c.total;
                    c.fieldValues.forEach((packed, n) -> {
                        int sep = packed.indexOf(Schema.FIELD_SEPARATOR);
                        fieldCounts.computeIfAbsent(FIELD_FACET + packed.substring(0, sep), k -> new HashMap<>())
                                .merge(packed.substring(sep + 1), n, Long::sum);
                    });
                    for (Object[] leaf : c.leaves) {
                        LeafOrds o = (LeafOrds) leaf[0];
                        int[][] counts = (int[][]) leaf[1];
                        for (int d = 0; d < DIMS.length; d++) {
                            int[] cs = counts[d];
                            for (int k = 0; k < cs.length; k++) {
                                if (cs[k] > 0) merged.get(d).merge(o.values()[d][k], (long) cs[k], Long::sum);
                            }
                        }
                    }
                }
                Map<String, List<FacetCount>> out = new LinkedHashMap<>();
                Comparator<FacetCount> order = Comparator.comparingLong(FacetCount::count).reversed()
                        .thenComparing(FacetCount::value);
                for (int d = 0; d < DIMS.length; d++) {
                    out.put(DIMS[d], merged.get(d).entrySet().stream()
                            .map(e -> new FacetCount(e.getKey(), e.getValue()))
                            .sorted(order).limit(TOP).toList());
                }
                // custom choice and boolean fields, as "field:NAME", after the fixed facets
                fieldCounts.forEach((dim, counts) -> out.put(dim, counts.entrySet().stream()
                        .map(e -> new FacetCount(e.getKey(), e.getValue())).sorted(order).limit(TOP).toList()));
                return new Counts(total, out);
            }
        };
    }

    /** The facet name of a custom field's values: "field:" and the field's name. */
    static final String FIELD_FACET = "field:";

    final class Counter implements Collector {
        long total;
        final List<Object[]> leaves = new ArrayList<>();
        /** Custom field values ("name\u001fvalue") and their counts: multi-valued, so read per document. */
        final Map<String, Long> fieldValues = new HashMap<>();

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext ctx) throws IOException {
            LeafOrds o = ords(ctx);
            SortedSetDocValues fields = DocValues.getSortedSet(ctx.reader(), Schema.F_FIELDS);
            long[] fieldOrds = new long[(int) fields.getValueCount()];
            int n = FIELDS.length;
            int[][] counts = new int[n][];
            for (int d = 0; d < n; d++) counts[d] = new int[o.values()[d].length];
            leaves.add(new Object[] {o, counts});
            short[][] s = o.s();
            int[][] i = o.i();
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {}

                @Override
                public void collectRange(int min, int max) throws IOException {
                    for (int doc = min; doc < max; doc++) countFields(doc);
                    total += max - min;
                    for (int d = 0; d < n; d++) {
                        int[] c = counts[d];
                        short[] sa = s[d];
                        if (sa != null) {
                            for (int doc = min; doc < max; doc++) {
                                int ord = sa[doc];
                                if (ord >= 0) c[ord]++;
                            }
                        } else {
                            int[] ia = i[d];
                            for (int doc = min; doc < max; doc++) {
                                int ord = ia[doc];
                                if (ord >= 0) c[ord]++;
                            }
                        }
                    }
                }

                private void countFields(int doc) throws IOException {
                    if (fieldOrds.length == 0 || !fields.advanceExact(doc)) return;
                    for (int k = 0; k < fields.docValueCount(); k++) fieldOrds[(int) fields.nextOrd()]++;
                }

                @Override
                public void finish() throws IOException {
                    for (int k = 0; k < fieldOrds.length; k++) {
                        if (fieldOrds[k] > 0) fieldValues.merge(fields.lookupOrd(k).utf8ToString(), fieldOrds[k], Long::sum);
                    }
                }

                @Override
                public void collect(int doc) throws IOException {
                    countFields(doc);
                    total++;
                    for (int d = 0; d < n; d++) {
                        short[] sa = s[d];
                        int ord = sa != null ? sa[doc] : i[d][doc];
                        if (ord >= 0) counts[d][ord]++;
                    }
                }
            };
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
