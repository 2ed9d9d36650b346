package org.thatdam.cli.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/**
 * A one-line editor: typing inserts at the cursor, Backspace/Delete remove, Left/Right/Home/End move,
 * Ctrl-U clears. The cursor is a reverse-video cell (the screen's own cursor stays hidden); a text
 * longer than the field scrolls so the cursor stays in view. Control characters are refused, and the
 * text is drawn cleaned.
 */
public final class TextField {

    /** At most this many characters: a query or a batch name, not a document. */
    public static final int MAX_LENGTH = 2000;

    private final StringBuilder text = new StringBuilder();
    private int cursor;
    private int scroll;

    public TextField(String initial) {
        text(initial);
    }

    public String text() {
        return text.toString();
    }

    /** Replaces the text (cut to {@link #MAX_LENGTH}) and puts the cursor at its end. */
    public void text(String s) {
        text.setLength(0);
        s.codePoints().filter(TextField::typeable).forEach(cp -> {
            if (text.length() + Character.charCount(cp) <= MAX_LENGTH) text.appendCodePoint(cp);
        });
        cursor = text.length();
    }

    /** The cursor's position in {@link #text()}, in chars. */
    public int cursor() {
        return cursor;
    }

    /** Edits or moves; true when the key was the field's. */
    public boolean key(KeyStroke k) {
        KeyType t = k.getKeyType();
        if (t == KeyType.Character) {
            char c = k.getCharacter();
            if (k.isCtrlDown() && !k.isAltDown()) {
                switch (Character.toLowerCase(c)) {
                    case 'u' -> { text.setLength(0); cursor = 0; return true; }
                    case 'a' -> { cursor = 0; return true; }
                    case 'e' -> { cursor = text.length(); return true; }
                    default -> { return false; }
                }
            }
            if (k.isAltDown() || !typeable(c)) return false;
            if (text.length() < MAX_LENGTH) {
                text.insert(cursor, c);
                cursor++;
            }
            return true;
        }
        switch (t) {
            case Backspace -> {
                if (cursor > 0) {
                    int from = text.offsetByCodePoints(cursor, -1);
                    text.delete(from, cursor);
                    cursor = from;
                }
            }
            case Delete -> {
                if (cursor < text.length()) text.delete(cursor, text.offsetByCodePoints(cursor, 1));
            }
            case ArrowLeft -> cursor = cursor > 0 ? text.offsetByCodePoints(cursor, -1) : 0;
            case ArrowRight -> cursor = cursor < text.length() ? text.offsetByCodePoints(cursor, 1) : cursor;
            case Home -> cursor = 0;
            case End -> cursor = text.length();
            default -> { return false; }
        }
        return true;
    }

    private static boolean typeable(int cp) {
        return Text.clean(new String(Character.toChars(cp))).equals(new String(Character.toChars(cp)))
                || Character.isSurrogate((char) cp) && cp <= 0xffff; // half of a pair typed char by char
    }

    /**
     * Draws the field at {@code col, row} in {@code width} cells; when {@code focused}, the cell under the
     * cursor in reverse video. The text scrolls so the cursor is in view.
     */
    public void draw(TextGraphics g, int col, int row, int width, boolean focused) {
        if (width <= 0) return;
        int cursorCells = Text.width(text.substring(0, cursor));
        int room = width - 1; // the cursor may sit after the last character
        if (cursorCells < scroll) scroll = cursorCells;
        if (cursorCells > scroll + room) scroll = cursorCells - room;
        scroll = Math.max(0, Math.min(scroll, Math.max(0, Text.width(text()) - room)));
        String visible = cells(text(), scroll, width);
        g.putString(col, row, Text.pad(visible, width));
        if (focused) {
            int at = cursorCells - scroll;
            String under = cursor < text.length() ? text.substring(cursor, text.offsetByCodePoints(cursor, 1)) : " ";
            g.enableModifiers(SGR.REVERSE);
            g.putString(col + at, row, Text.fit(under, Math.max(1, width - at)));
            g.disableModifiers(SGR.REVERSE);
        }
    }

    /**
     * Where the character at {@code index} of the text was drawn, in cells from the field's left edge
     * (after the last draw's scrolling); -1 when scrolled out of view. For markers under the text.
     */
    public int cellOf(int index, int width) {
        int i = Math.max(0, Math.min(index, text.length()));
        int at = Text.width(text.substring(0, i)) - scroll;
        return at < 0 || at >= width ? -1 : at;
    }

    /** The cleaned text from cell {@code skip} on, at most {@code width} cells (a wide character cut in half is left out). */
    private static String cells(String s, int skip, int width) {
        StringBuilder b = new StringBuilder();
        int w = 0;
        for (var t : com.googlecode.lanterna.TextCharacter.fromString(Text.clean(s))) {
            int cw = t.isDoubleWidth() ? 2 : 1;
            if (w >= skip && w + cw <= skip + width) b.append(t.getCharacterString());
            else if (w < skip && w + cw > skip) b.append(' ');
            w += cw;
        }
        return b.toString();
    }
}
