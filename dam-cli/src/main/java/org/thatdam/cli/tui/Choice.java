package org.thatdam.cli.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A short list to pick one of in a box (Up/Down or an item's first letter, Enter picks, Esc cancels),
 * e.g. which derivative to make again. Labels are the view's own words.
 */
final class Choice<T> {

    /** What a key did. */
    enum Outcome { MOVED, PICKED, CANCEL, NOT_MINE }

    private final String title;
    private final List<T> items;
    private final Function<T, String> label;
    private int selected;

    Choice(String title, List<T> items, Function<T, String> label) {
        if (items.isEmpty()) throw new IllegalArgumentException("nothing to choose from");
        this.title = title;
        this.items = List.copyOf(items);
        this.label = label;
    }

    Outcome key(KeyStroke k) {
        switch (k.getKeyType()) {
            case ArrowUp -> selected = (selected + items.size() - 1) % items.size();
            case ArrowDown, Tab -> selected = (selected + 1) % items.size();
            case Enter -> {
                return Outcome.PICKED;
            }
            case Escape -> {
                return Outcome.CANCEL;
            }
            case Character -> {
                char c = Character.toLowerCase(k.getCharacter());
                for (int i = 0; i < items.size(); i++) {
                    String l = label.apply(items.get(i));
                    if (!l.isEmpty() && Character.toLowerCase(l.charAt(0)) == c) {
                        selected = i;
                        return Outcome.PICKED;
                    }
                }
                return Outcome.NOT_MINE;
            }
            default -> {
                return Outcome.NOT_MINE;
            }
        }
        return Outcome.MOVED;
    }

    Optional<T> selected() {
        return Optional.of(items.get(selected));
    }

    /** A box in the middle of {@code size}. */
    void draw(TextGraphics g, TerminalSize size) {
        int width = Math.min(size.getColumns(), Math.max(title.length() + 6,
                items.stream().mapToInt(i -> label.apply(i).length()).max().orElse(0) + 6));
        int height = Math.min(size.getRows(), items.size() + 3);
        int left = (size.getColumns() - width) / 2;
        int top = Math.max(0, (size.getRows() - height) / 2);
        Frame.draw(g, left, top, width, height, title);
        for (int i = 0; i < items.size() && i < height - 3; i++) {
            if (i == selected) g.enableModifiers(SGR.REVERSE);
            g.putString(left + 2, top + 1 + i, Text.pad(label.apply(items.get(i)), width - 4));
            if (i == selected) g.disableModifiers(SGR.REVERSE);
        }
        g.putString(left + 2, top + height - 2, Text.fit("Enter pick  Esc cancel", width - 4));
    }
}
