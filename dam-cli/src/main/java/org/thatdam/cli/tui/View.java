package org.thatdam.cli.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.List;

/**
 * One screen of the terminal UI (Dashboard, Library, Search, Asset, Jobs, Scan). Every method is
 * called on the UI thread only; work that blocks goes through {@link Ui#load}. The app draws the
 * header (tabs, where the library is) and the footer (keys, status line) around the view's body.
 */
public interface View {

    /** The name in the header and the help screen ("Library", "Asset 42"). */
    String title();

    /** The view's own keys, for the help screen and the footer (the app's global keys are listed by the app). */
    List<KeyHelp> keys();

    /** The view came to the front: the first time, and again when a view above it is closed. Reload here. */
    default void shown(Ui ui) {}

    /**
     * Draws the body. {@code g} is clipped to the body ({@code size}, at least 80x21 cells in an 80x24
     * terminal); column 0, row 0 is its top-left corner.
     */
    void draw(TextGraphics g, TerminalSize size);

    /**
     * A key the app left to the view; true when the view used it. The app takes {@code /} (search),
     * {@code q} (quit), {@code ?} (help) and the tab keys first, except while {@link #typing()}: then
     * every key is offered to the view first. {@code Esc} is always offered to the view first (to close
     * a field, a question or a panel); when the view does not use it, the app goes back.
     */
    boolean key(KeyStroke key, Ui ui);

    /** A library event, delivered to every view on the stack (so one behind the front is current when shown again). */
    default void event(LiveEvent event, Ui ui) {}

    /** Whether a text field of the view has the keyboard now: printable keys are the view's, not shortcuts. */
    default boolean typing() {
        return false;
    }

    /** A key and what it does, e.g. {@code new KeyHelp("Enter", "open the asset")}. */
    record KeyHelp(String key, String does) {}
}
