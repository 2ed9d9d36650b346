package org.thatdam.cli.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.List;

/** PLACEHOLDER: replaced by the view's owner. */
final class LibraryView implements View {

    LibraryView() {}

    @Override
    public String title() {
        return "Library";
    }

    @Override
    public List<KeyHelp> keys() {
        return List.of();
    }

    @Override
    public void draw(TextGraphics g, TerminalSize size) {
        g.putString(0, 0, "Library");
    }

    @Override
    public boolean key(KeyStroke key, Ui ui) {
        return false;
    }
}
