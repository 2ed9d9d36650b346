package org.thatdam.cli.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.List;

/** PLACEHOLDER: replaced by the view's owner. */
final class ScanView implements View {

    ScanView() {}

    @Override
    public String title() {
        return "Scan";
    }

    @Override
    public List<KeyHelp> keys() {
        return List.of();
    }

    @Override
    public void draw(TextGraphics g, TerminalSize size) {
        g.putString(0, 0, "Scan");
    }

    @Override
    public boolean key(KeyStroke key, Ui ui) {
        return false;
    }
}
