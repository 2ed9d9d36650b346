package org.thatdam.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.util.BytesRef;

/**
 * The first n matches by name (A→Z, then id), without a string comparator over the whole match set.
 * Lucene's string sort looks a term up for every document that enters the page, which for deep pages
 * over a million names costs tens of milliseconds. Instead: (1) take the first n by the name's first
 * 8 bytes ({@link Schema#NAME_KEY}, a number whose points let the sort skip documents) and id; every
 * match whose key is below the n-th one's key is certainly among the first n, and is put in exact
 * order in memory; (2) the matches that share the n-th key are ordered by the full name in a second,
 * small search.
 */
final class NameOrder {

    private NameOrder() {}

    static Sort sort() {
        SortField name = new SortField(Schema.NAME_SORT, SortField.Type.STRING);
        name.setMissingValue(SortField.STRING_LAST);
        return new Sort(name, idAsc());
    }

    private static SortField idAsc() {
        return LongField.newSortField(Schema.ID_NUM, false, SortedNumericSelector.Type.MIN);
    }

    static TopDocs top(IndexSearcher s, Query q, int n) throws IOException {
        SortField key = LongField.newSortField(Schema.NAME_KEY, false, SortedNumericSelector.Type.MIN);
        key.setMissingValue(Long.MAX_VALUE);
        TopDocs first = s.search(q, new TopFieldCollectorManager(new Sort(key, idAsc()), n, null, n));
        ScoreDoc[] docs = first.scoreDocs;
        List<ScoreDoc> out;
        if (docs.length < n) {
            out = inOrder(s, Arrays.asList(docs));   // every match is here
        } else {
            long boundary = (Long) ((FieldDoc) docs[n - 1]).fields[0];
            List<ScoreDoc> below = new ArrayList<>();
            for (ScoreDoc d : docs) {
                if ((Long) ((FieldDoc) d).fields[0] < boundary) below.add(d);
            }
            out = inOrder(s, below);
            int rest = n - below.size();
            Query tied = new BooleanQuery.Builder().add(q, Occur.FILTER)
                    .add(LongField.newExactQuery(Schema.NAME_KEY, boundary), Occur.FILTER).build();
            out.addAll(Arrays.asList(s.search(tied, new TopFieldCollectorManager(sort(), rest, null, rest)).scoreDocs));
        }
        return new TopDocs(new TotalHits(out.size(), TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO), out.toArray(ScoreDoc[]::new));
    }

    private record Keyed(ScoreDoc doc, long key, BytesRef name, long id) {}

    /** Sorts documents by (key, full name, id), reading names and ids from doc values in document order. */
    private static List<ScoreDoc> inOrder(IndexSearcher s, List<ScoreDoc> docs) throws IOException {
        ScoreDoc[] byDoc = docs.toArray(ScoreDoc[]::new);
        Arrays.sort(byDoc, Comparator.comparingInt(d -> d.doc));
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        List<Keyed> keyed = new ArrayList<>(byDoc.length);
        int leafIndex = -1;
        LeafReaderContext leaf = null;
        SortedDocValues names = null;
        SortedNumericDocValues ids = null;
        for (ScoreDoc d : byDoc) {
            int li = ReaderUtil.subIndex(d.doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                leaf = leaves.get(li);
                names = DocValues.getSorted(leaf.reader(), Schema.NAME_SORT);
                ids = DocValues.getSortedNumeric(leaf.reader(), Schema.ID_NUM);
            }
            int doc = d.doc - leaf.docBase;
            BytesRef name = names.advanceExact(doc) ? BytesRef.deepCopyOf(names.lookupOrd(names.ordValue())) : null;
            long id = ids.advanceExact(doc) ? ids.nextValue() : Long.MAX_VALUE;
            keyed.add(new Keyed(d, (Long) ((FieldDoc) d).fields[0], name, id));
        }
        keyed.sort(Comparator.comparingLong(Keyed::key)
                .thenComparing(Keyed::name, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingLong(Keyed::id));
        List<ScoreDoc> out = new ArrayList<>(keyed.size());
        for (Keyed k : keyed) out.add(k.doc);
        return out;
    }
}
