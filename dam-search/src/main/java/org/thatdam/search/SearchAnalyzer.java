package org.thatdam.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.shingle.ShingleFilter;

/**
 * Text fields are cut by {@link Tokens}; the prefix field {@value Schema#PREFIX} additionally indexes
 * every prefix (1..{@value #MAX_PREFIX} characters) of every word, and the word itself marked as
 * whole, at the word's own position ({@link PrefixGramFilter}): a prefix search is one term lookup and
 * a multi-part one ("vtest.av") a phrase query. The pair fields index adjacent word pairs, so a phrase
 * of common words ("screen recording") is one term lookup rather than a walk over both words' positions.
 */
final class SearchAnalyzer extends Analyzer {

    static final int MAX_PREFIX = 20;

    SearchAnalyzer() {
        super(PER_FIELD_REUSE_STRATEGY);
    }

    @Override
    protected TokenStreamComponents createComponents(String field) {
        Tokenizer source = new NameTokenizer();
        TokenStream sink = source;
        if (Schema.PREFIX.equals(field)) {
            sink = new PrefixGramFilter(source);
        } else if (Schema.HI_PAIRS.equals(field) || Schema.LO_PAIRS.equals(field)) {
            sink = pairs(source);
        }
        return new TokenStreamComponents(source, sink);
    }

    /** Adjacent word pairs ("screen recording") and nothing else: a phrase becomes a chain of pairs. */
    static TokenStream pairs(TokenStream words) {
        ShingleFilter f = new ShingleFilter(words, 2, 2);
        f.setOutputUnigrams(false);
        f.setTokenSeparator(" ");
        return f;
    }

    @Override
    public int getPositionIncrementGap(String field) {
        return 100;  // a phrase never spans two values (title and path, two tags)
    }
}
