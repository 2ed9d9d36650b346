package org.thatdam.core.text;

import org.thatdam.model.DamException;

/**
 * What a name or text typed by a person may contain (batch names, titles, tags, descriptions),
 * used by every entry point (CLI and API). Refused, with the field and the 1-based position:
 * control characters (C0, DEL, C1; a description may hold line breaks and tabs), invisible
 * direction controls that make a name display differently from what it is (U+200E/U+200F, U+061C,
 * U+202A–U+202E, U+2066–U+2069), line/paragraph separators, and lone surrogates (not text).
 */
public final class TextRules {

    private TextRules() {}

    /** Throws IllegalArgumentException naming {@code field}, the character and its position. */
    public static void check(String field, String value, boolean multiline) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String problem = problem(c, multiline);
            if (problem == null && Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
                if (paired) {
                    i++;
                    continue;
                }
                problem = "a lone surrogate";
            }
            if (problem != null) {
                throw DamException.invalid(String.format("%s contains %s (U+%04X) at position %d", field, problem, (int) c, i + 1));
            }
        }
    }

    /**
     * {@code value} made safe to store and show when it cannot be refused (what a stranger sent: a
     * failed login's name, a browser's user agent): every character {@link #check} refuses, and every
     * invisible format character, becomes '?', and it is cut to {@code max} characters. Null stays null.
     */
    public static String sanitize(String value, int max) {
        if (value == null) return null;
        StringBuilder b = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && b.length() < max; ) {
            int cp = value.codePointAt(i);
            int n = Character.charCount(cp);
            // also invisible format characters (zero-width space, BOM, tags): they make one name look like another
            boolean bad = Character.getType(cp) == Character.FORMAT || Character.getType(cp) == Character.SURROGATE
                    || (cp < 0x10000 && problem((char) cp, false) != null);
            if (bad) {
                b.append('?');
            } else {
                if (b.length() + n > max) break;
                b.appendCodePoint(cp);
            }
            i += n;
        }
        return b.toString();
    }

    private static String problem(char c, boolean multiline) {
        if (multiline && (c == '\n' || c == '\r' || c == '\t')) return null;
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) return "a control character";
        if (c == '\u200e' || c == '\u200f' || c == '\u061c' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
            return "a text-direction control";
        }
        if (c == '\u2028' || c == '\u2029') return "a line separator";
        return null;
    }
}
