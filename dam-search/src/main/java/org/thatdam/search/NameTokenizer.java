package org.thatdam.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/** Lucene face of {@link Tokens#split}: names and text are short, so the whole input is read at reset. */
final class NameTokenizer extends Tokenizer {

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final List<String> terms = new ArrayList<>();
    private final List<int[]> offsets = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final char[] buf = new char[1024];
    private final boolean splitCase;
    private int next;

    NameTokenizer() {
        this(true);
    }

    NameTokenizer(boolean splitCase) {
        this.splitCase = splitCase;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        text.setLength(0);
        int r;
        while ((r = input.read(buf)) != -1) text.append(buf, 0, r);
        terms.clear();
        offsets.clear();
        Tokens.split(text, splitCase, (t, a, b) -> {
            terms.add(t);
            offsets.add(new int[] {a, b});
        });
        next = 0;
    }

    @Override
    public boolean incrementToken() {
        clearAttributes();
        if (next >= terms.size()) return false;
        term.setEmpty().append(terms.get(next));
        int[] o = offsets.get(next);
        offset.setOffset(correctOffset(o[0]), correctOffset(o[1]));
        next++;
        return true;
    }

    @Override
    public void end() throws IOException {
        super.end();
        int end = correctOffset(text.length());
        offset.setOffset(end, end);
    }
}
