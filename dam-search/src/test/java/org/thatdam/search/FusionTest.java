package org.thatdam.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.lucene.search.ScoreDoc;
import org.junit.jupiter.api.Test;

/** Reciprocal-rank fusion of the keyword and the vector rankings. */
class FusionTest {

    @Test
    void whatBothListsRankComesFirstAndATieGoesToTheKeywordList() {
        // doc 7 leads the keyword list, doc 3 the vector list: equal fused scores, the words' own find wins
        List<ScoreDoc> fused = VectorSearch.fuse(new ScoreDoc[] {new ScoreDoc(7, 9f), new ScoreDoc(5, 4f)},
                List.of(new ScoreDoc(3, 0.9f), new ScoreDoc(5, 0.8f)));
        assertThat(fused).extracting(d -> d.doc).containsExactly(5, 7, 3);
    }

    @Test
    void oneOrTwoWordsMustClearAHigherTextFloor() {
        assertThat(SearchIndex.shortQueryMargin(IndexedAsset.TEXT_MODEL, "road")).isEqualTo(SearchIndex.SHORT_QUERY_MARGIN);
        assertThat(SearchIndex.shortQueryMargin(IndexedAsset.TEXT_MODEL, " q3  roadmap ")).isEqualTo(SearchIndex.SHORT_QUERY_MARGIN);
        assertThat(SearchIndex.shortQueryMargin(IndexedAsset.TEXT_MODEL, "people walking in a station")).isZero();
        assertThat(SearchIndex.shortQueryMargin(IndexedAsset.VISUAL_MODEL, "red")).isZero();
    }
}
