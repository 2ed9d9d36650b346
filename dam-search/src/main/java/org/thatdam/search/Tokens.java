package org.thatdam.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;

/**
 * How names and text are cut into words, the same way at index and at query time. A word is a run of
 * letters or of digits: everything else separates ({@code _ - . / } spaces …), and so do a lower→upper
 * case change ("ScreenRecording" → screen, recording; "HTTPServer" → http, server) and a letter↔digit
 * change ("GX010123" → gx, 010123; "h264" → h, 264). Words are lower-cased and folded to ASCII
 * ("Été" → ete); combining marks are dropped; a word is cut at {@value #MAX_TOKEN_LENGTH} characters.
 */
final class Tokens {

    static final int MAX_TOKEN_LENGTH = 64;

    @FunctionalInterface
    interface Sink {
        void token(String term, int start, int end);
    }

    private static final int NONE = 0, LOWER = 1, UPPER = 2, OTHER_LETTER = 3, DIGIT = 4, MARK = 5, SEP = 6;

    private Tokens() {}

    static List<String> split(CharSequence s) {
        return split(s, true);
    }

    /**
     * With {@code splitCase} false, a case change does not separate ("GoPro" → gopro): the index holds
     * that view too wherever it differs, so "gopro" typed in lower case finds "GoPro".
     */
    static List<String> split(CharSequence s, boolean splitCase) {
        List<String> out = new ArrayList<>();
        split(s, splitCase, (t, a, b) -> out.add(t));
        return out;
    }

    static void split(CharSequence s, Sink sink) {
        split(s, true, sink);
    }

    static void split(CharSequence s, boolean splitCase, Sink sink) {
        StringBuilder part = new StringBuilder();
        int partStart = 0;
        int prev = NONE;
        int upperRun = 0;          // code points in the trailing run of upper-case letters of part
        int lastCpStart = 0;       // char index (in s) of the last code point appended to part
        int lastCpInPart = 0;      // … and its index in part (marks are dropped, so they may differ)
        int i = 0;
        int n = s.length();
        while (i < n) {
            int cp = Character.codePointAt(s, i);
            int len = Character.charCount(cp);
            int type = classify(cp);
            if (type == MARK) {    // é written as e + U+0301: keep the word whole, drop the mark
                i += len;
                continue;
            }
            if (type == SEP) {
                emit(part, partStart, i, sink);
                prev = NONE;
                upperRun = 0;
                i += len;
                continue;
            }
            if (part.length() > 0) {
                boolean prevLetter = prev == LOWER || prev == UPPER || prev == OTHER_LETTER;
                boolean letter = type == LOWER || type == UPPER || type == OTHER_LETTER;
                if ((prevLetter && type == DIGIT) || (prev == DIGIT && letter)
                        || (splitCase && prev == LOWER && type == UPPER)
                        || (prev == OTHER_LETTER && (type == LOWER || type == UPPER))
                        || ((prev == LOWER || prev == UPPER) && type == OTHER_LETTER)) {
                    emit(part, partStart, i, sink);
                    upperRun = 0;
                } else if (splitCase && prev == UPPER && type == LOWER && upperRun >= 2) {
                    // "HTTPServer": the last upper-case letter starts the next word
                    int keep = lastCpInPart;
                    String moved = part.substring(keep);
                    part.setLength(keep);
                    emit(part, partStart, lastCpStart, sink);
                    part.append(moved);
                    partStart = lastCpStart;
                    upperRun = 1;
                    lastCpInPart = 0;
                }
            }
            if (part.length() == 0) partStart = i;
            lastCpStart = i;
            lastCpInPart = part.length();
            part.appendCodePoint(cp);
            upperRun = type == UPPER ? upperRun + 1 : 0;
            prev = type;
            i += len;
        }
        emit(part, partStart, n, sink);
    }

    private static int classify(int cp) {
        int t = Character.getType(cp);
        switch (t) {
            case Character.UPPERCASE_LETTER:
            case Character.TITLECASE_LETTER:
                return UPPER;
            case Character.LOWERCASE_LETTER:
                return LOWER;
            case Character.MODIFIER_LETTER:
            case Character.OTHER_LETTER:
                return OTHER_LETTER;
            case Character.DECIMAL_DIGIT_NUMBER:
                return DIGIT;
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.COMBINING_SPACING_MARK:
                return MARK;
            default:
                return SEP;
        }
    }

    private static void emit(StringBuilder part, int start, int end, Sink sink) {
        if (part.length() == 0) return;
        String t = fold(part.toString());
        part.setLength(0);
        if (t.isEmpty()) return;
        if (t.length() > MAX_TOKEN_LENGTH) t = t.substring(0, MAX_TOKEN_LENGTH);
        sink.token(t, start, end);
    }

    /** Lower case (root locale) and ASCII-folded, nothing else. */
    static String fold(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        boolean ascii = true;
        for (int i = 0; i < lower.length(); i++) {
            if (lower.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) return lower;
        char[] in = lower.toCharArray();
        char[] out = new char[in.length * 4];
        int len = ASCIIFoldingFilter.foldToASCII(in, 0, out, 0, in.length);
        // folding may produce upper case (rare ligatures): lower again, and drop combining marks
        StringBuilder sb = new StringBuilder(len);
        String folded = new String(out, 0, len).toLowerCase(Locale.ROOT);
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            if (classify(cp) != MARK) sb.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /**
     * An exact value as a filter compares it (batch, tag, codec…): folded, trimmed, inner white space
     * collapsed to one space, control characters removed.
     */
    static String keyword(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isISOControl(cp) || Character.isSpaceChar(cp)) {
                space = sb.length() > 0;
                continue;
            }
            if (space) sb.append(' ');
            space = false;
            sb.appendCodePoint(cp);
        }
        return fold(sb.toString());
    }
}
