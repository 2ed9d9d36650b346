package org.thatdam.cli.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;

/** A blank box with a line border and a title, for the small forms and questions drawn over a view. */
final class Frame {

    private Frame() {}

    /** Clears the box and draws its border; {@code title} is the view's own words, not the library's. */
    static void draw(TextGraphics g, int left, int top, int width, int height, String title) {
        if (width < 2 || height < 2) return;
        g.fillRectangle(new TerminalPosition(left, top), new TerminalSize(width, height), ' ');
        g.drawLine(left + 1, top, left + width - 2, top, '─');
        g.drawLine(left + 1, top + height - 1, left + width - 2, top + height - 1, '─');
        g.drawLine(left, top + 1, left, top + height - 2, '│');
        g.drawLine(left + width - 1, top + 1, left + width - 1, top + height - 2, '│');
        g.setCharacter(left, top, '┌');
        g.setCharacter(left + width - 1, top, '┐');
        g.setCharacter(left, top + height - 1, '└');
        g.setCharacter(left + width - 1, top + height - 1, '┘');
        if (!title.isEmpty() && width > 6) {
            g.enableModifiers(SGR.BOLD);
            g.putString(left + 2, top, Text.fit(" " + title + " ", width - 4));
            g.disableModifiers(SGR.BOLD);
        }
    }
}
