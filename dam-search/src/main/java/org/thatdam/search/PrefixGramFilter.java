package org.thatdam.search;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * For the prefix field: each word becomes its prefixes of 1..{@value SearchAnalyzer#MAX_PREFIX}
 * characters plus the whole word with {@link #EXACT} appended, all at the word's own position. So "a"
 * finds every word starting with a, "a" + EXACT only the word "a": a multi-part search such as "a0"
 * or "vtest.av" is a phrase of exact words ending with a prefix, and does not wade through the
 * postings of every word that starts with "a".
 */
final class PrefixGramFilter extends TokenFilter {

    static final char EXACT = '\u0001';

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
    private char[] word = new char[64];
    private int wordLength;
    private int nextGram;          // length of the next prefix to emit; 0 when none is pending
    private State state;

    PrefixGramFilter(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (nextGram > 0 && nextGram <= Math.min(wordLength, SearchAnalyzer.MAX_PREFIX)) {
            restoreState(state);
            term.copyBuffer(word, 0, nextGram);
            posInc.setPositionIncrement(0);
            nextGram++;
            return true;
        }
        nextGram = 0;
        if (!input.incrementToken()) return false;
        wordLength = term.length();
        if (word.length < wordLength) word = Arrays.copyOf(word, wordLength);
        System.arraycopy(term.buffer(), 0, word, 0, wordLength);
        state = captureState();
        term.append(EXACT);       // the whole word first, with the word's position increment
        nextGram = 1;
        return true;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        nextGram = 0;
        state = null;
    }
}
