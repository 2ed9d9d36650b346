package org.thatdam.search;

import org.apache.lucene.index.FieldInvertState;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.Similarity;

/**
 * BM25, squashed into a band above the query boost: a match scores {@code boost × (1 + bm25/(bm25+10))},
 * i.e. between boost and 2 × boost. With title/name/tag matches boosted 4 and the other fields 1, a word
 * found in a title always outranks the same word found only in folder names, however rare or frequent
 * it is in either field, while BM25 still orders matches within a tier.
 */
final class TieredSimilarity extends Similarity {

    private final BM25Similarity bm25 = new BM25Similarity();

    @Override
    public long computeNorm(FieldInvertState state) {
        return bm25.computeNorm(state);
    }

    @Override
    public SimScorer scorer(float boost, CollectionStatistics collectionStats, TermStatistics... termStats) {
        SimScorer inner = bm25.scorer(1f, collectionStats, termStats);
        return new SimScorer() {
            @Override
            public float score(float freq, long norm) {
                float s = inner.score(freq, norm);
                return boost * (1f + s / (s + 10f));
            }
        };
    }
}
