package org.thatdam.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;

/**
 * Text fields are cut by {@link Tokens}; the prefix field {@value Schema#PREFIX} additionally indexes
 * every prefix (1..{@value #MAX_PREFIX} characters) of every word at the word's own position, so a
 * prefix search is one term lookup and a multi-word prefix search is a phrase query.
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
            sink = new EdgeNGramTokenFilter(source, 1, MAX_PREFIX, false);
        }
        return new TokenStreamComponents(source, sink);
    }

    @Override
    public int getPositionIncrementGap(String field) {
        return 100;  // a phrase never spans two values (title and path, two tags)
    }
}
