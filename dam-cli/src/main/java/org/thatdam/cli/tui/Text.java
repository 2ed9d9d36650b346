package org.thatdam.cli.tui;

import com.googlecode.lanterna.TextCharacter;
import org.jspecify.annotations.Nullable;

/**
 * Text from the library made safe and measured for the terminal. File names, titles and tags may hold
 * escape sequences, control and bidi characters: {@link #clean} shows each as {@code ?} so none can
 * drive the terminal or reorder what is around it. Widths are in terminal cells, counted the way
 * Lanterna draws them (CJK and emoji take two), so what is cut here is what fits there.
 */
public final class Text {

    /** What a character that must not reach the terminal is shown as. */
    public static final char REPLACEMENT = '?';

    private Text() {}

    /** {@code s} with every control, escape, bidi-override and zero-width character replaced; null: "". */
    public static String clean(@Nullable String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            boolean bad = unsafe(cp);
            if (bad && b == null) b = new StringBuilder(s.length()).append(s, 0, i);
            if (b != null) {
                if (bad) b.append(REPLACEMENT);
                else b.appendCodePoint(cp);
            }
            i += n;
        }
        return b == null ? s : b.toString();
    }

    private static boolean unsafe(int cp) {
        return switch (Character.getType(cp)) {
            // Cc: C0 (ESC among them), DEL, C1 (CSI 0x9b among them); Cf: bidi marks, embeddings, overrides and
            // isolates, zero-width spaces and joiners, BOM, tag characters; Zl/Zp: line and paragraph separators;
            // a surrogate alone (a pair is one code point here)
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE -> true;
            default -> false;
        };
    }

    /** The cells {@code s} takes once cleaned. */
    public static int width(@Nullable String s) {
        return cells(TextCharacter.fromString(clean(s)));
    }

    private static int cells(TextCharacter[] chars) {
        int w = 0;
        for (TextCharacter t : chars) w += t.isDoubleWidth() ? 2 : 1;
        return w;
    }

    /** {@code s} cleaned and cut to at most {@code cells} cells, ending in '…' when cut. */
    public static String fit(@Nullable String s, int cells) {
        if (cells <= 0) return "";
        String c = clean(s);
        TextCharacter[] chars = TextCharacter.fromString(c);
        if (cells(chars) <= cells) return c;
        StringBuilder b = new StringBuilder();
        int w = 0;
        for (TextCharacter t : chars) {
            int cw = t.isDoubleWidth() ? 2 : 1;
            if (w + cw > cells - 1) break;
            b.append(t.getCharacterString());
            w += cw;
        }
        return b.append('…').toString();
    }

    /**
     * {@code s} cleaned and cut to at most {@code cells} cells from its start, beginning with '…' when cut:
     * for paths, whose end (the file name) says the most.
     */
    public static String fitEnd(@Nullable String s, int cells) {
        if (cells <= 0) return "";
        String c = clean(s);
        TextCharacter[] chars = TextCharacter.fromString(c);
        if (cells(chars) <= cells) return c;
        StringBuilder b = new StringBuilder();
        int w = 0;
        for (int i = chars.length - 1; i >= 0; i--) {
            int cw = chars[i].isDoubleWidth() ? 2 : 1;
            if (w + cw > cells - 1) break;
            b.insert(0, chars[i].getCharacterString());
            w += cw;
        }
        return b.insert(0, '…').toString();
    }

    /** {@code s} fitted to {@code cells} and padded with spaces to exactly that width (left-aligned). */
    public static String pad(@Nullable String s, int cells) {
        String f = fit(s, cells);
        return f + " ".repeat(Math.max(0, cells - width(f)));
    }

    /** As {@link #pad}, right-aligned. */
    public static String padLeft(@Nullable String s, int cells) {
        String f = fit(s, cells);
        return " ".repeat(Math.max(0, cells - width(f))) + f;
    }
}
