package org.thatdam.cli.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rows of {@code T} under a header line, one of them selected (drawn in reverse video) and kept in view
 * as it moves. Columns have a minimum width in cells and a weight for the room a wider terminal gives;
 * when the terminal is narrower than all of them, the columns with the highest {@code drop} rank go
 * first. Every cell is cleaned and fitted ({@link Text#pad}), so a value can never move the cursor.
 */
public final class Table<T> {

    public enum Align { LEFT, RIGHT }

    /**
     * A column: {@code width} its minimum in cells; {@code weight} its share of spare room (0: none);
     * {@code drop} 0 kept always, else dropped on narrow terminals, highest first.
     */
    public record Column<T>(String header, int width, int weight, Align align, int drop, Function<? super T, String> value) {

        public Column {
            Objects.requireNonNull(header);
            Objects.requireNonNull(align);
            Objects.requireNonNull(value);
            if (width < 1 || weight < 0 || drop < 0) throw new IllegalArgumentException("column " + header + ": bad width, weight or drop");
        }

        /** A left-aligned column of at least {@code width} cells that takes no spare room and is never dropped. */
        public static <T> Column<T> of(String header, int width, Function<? super T, String> value) {
            return new Column<>(header, width, 0, Align.LEFT, 0, value);
        }

        public Column<T> right() {
            return new Column<>(header, width, weight, Align.RIGHT, drop, value);
        }

        public Column<T> weight(int w) {
            return new Column<>(header, width, w, align, drop, value);
        }

        public Column<T> drop(int rank) {
            return new Column<>(header, width, weight, align, rank, value);
        }
    }

    private final List<Column<T>> columns;
    private final Function<? super T, ?> key;
    private List<T> rows = List.of();
    private int selected;
    private int top;
    private int page = 1;
    private boolean focused = true;
    private String empty = "";

    /** A table of {@code columns}; {@code key} identifies a row across reloads (an asset's id). */
    public Table(List<Column<T>> columns, Function<? super T, ?> key) {
        if (columns.isEmpty()) throw new IllegalArgumentException("a table needs a column");
        this.columns = List.copyOf(columns);
        this.key = key;
    }

    /** New rows; the selected row stays selected when a row with its key is among them, else the same index (clamped). */
    public void rows(List<T> newRows) {
        Object was = selected().map(key).orElse(null);
        rows = List.copyOf(newRows);
        int at = -1;
        if (was != null) {
            for (int i = 0; i < rows.size() && at < 0; i++) if (was.equals(key.apply(rows.get(i)))) at = i;
        }
        select(at >= 0 ? at : selected);
    }

    public List<T> rows() {
        return rows;
    }

    public Optional<T> selected() {
        return selected < rows.size() ? Optional.of(rows.get(selected)) : Optional.empty();
    }

    /** The selected row's index (0 when there are none). */
    public int index() {
        return selected;
    }

    /** Selects row {@code i} (clamped to the rows) and scrolls it into view. */
    public void select(int i) {
        selected = Math.max(0, Math.min(i, rows.size() - 1));
        scroll();
    }

    /** Whether the selection is drawn in reverse video: off while another widget has the keyboard. */
    public void focused(boolean f) {
        focused = f;
    }

    /** The line shown when there are no rows ("no assets"). */
    public void empty(String message) {
        empty = message;
    }

    /** Moves the selection with Up/Down/PgUp/PgDn/Home/End; true when it moved. */
    public boolean key(KeyStroke k) {
        int was = selected;
        switch (k.getKeyType()) {
            case ArrowUp -> select(selected - 1);
            case ArrowDown -> select(selected + 1);
            case PageUp -> select(selected - page);
            case PageDown -> select(selected + page);
            case Home -> select(0);
            case End -> select(rows.size() - 1);
            default -> { return false; }
        }
        return selected != was;
    }

    private void scroll() {
        if (selected < top) top = selected;
        if (selected >= top + page) top = selected - page + 1;
        top = Math.max(0, Math.min(top, Math.max(0, rows.size() - page)));
    }

    /** Draws the header and the rows that fit {@code size}, from column 0, row 0 of {@code g}. */
    public void draw(TextGraphics g, TerminalSize size) {
        int height = size.getRows();
        if (height <= 0 || size.getColumns() <= 0) return;
        page = Math.max(1, height - 1);
        scroll();
        List<Column<T>> shown = layout(size.getColumns());
        int[] widths = widths(shown, size.getColumns());
        g.enableModifiers(SGR.BOLD);
        g.putString(0, 0, line(shown, widths, c -> c.header, size.getColumns()));
        g.disableModifiers(SGR.BOLD);
        if (rows.isEmpty()) {
            g.putString(0, 1, Text.fit(empty, size.getColumns()));
            return;
        }
        for (int r = 0; r < page && top + r < rows.size(); r++) {
            T row = rows.get(top + r);
            boolean sel = focused && top + r == selected;
            if (sel) g.enableModifiers(SGR.REVERSE);
            g.putString(0, 1 + r, line(shown, widths, c -> c.value.apply(row), size.getColumns()));
            if (sel) g.disableModifiers(SGR.REVERSE);
        }
    }

    /** The headers of the columns shown at {@code width} cells, in order. */
    public List<String> headers(int width) {
        return layout(width).stream().map(Column::header).toList();
    }

    /** The columns that fit {@code width}: all, less the highest drop ranks until the rest fits. */
    private List<Column<T>> layout(int width) {
        List<Column<T>> shown = new ArrayList<>(columns);
        while (need(shown) > width) {
            Column<T> worst = null;
            for (Column<T> c : shown) if (c.drop > 0 && (worst == null || c.drop > worst.drop)) worst = c;
            if (worst == null) break;
            shown.remove(worst);
        }
        return shown;
    }

    private static int need(List<? extends Column<?>> cols) {
        int n = cols.size() - 1;
        for (Column<?> c : cols) n += c.width;
        return n;
    }

    /** Minimum widths plus the spare room shared by weight (the last column gets what rounding leaves). */
    private int[] widths(List<Column<T>> shown, int width) {
        int[] w = new int[shown.size()];
        int spare = width - need(shown);
        int weights = shown.stream().mapToInt(Column::weight).sum();
        int given = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = shown.get(i).width;
            if (spare > 0 && weights > 0) {
                int extra = spare * shown.get(i).weight / weights;
                w[i] += extra;
                given += extra;
            }
        }
        if (spare > 0 && weights > 0) {
            for (int i = w.length - 1; i >= 0; i--) {
                if (shown.get(i).weight > 0) {
                    w[i] += spare - given;
                    break;
                }
            }
        }
        return w;
    }

    private String line(List<Column<T>> shown, int[] widths, Function<Column<T>, String> cell, int width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shown.size(); i++) {
            if (i > 0) b.append(' ');
            Column<T> c = shown.get(i);
            String v = cell.apply(c);
            b.append(c.align == Align.RIGHT ? Text.padLeft(v, widths[i]) : Text.pad(v, widths[i]));
        }
        return Text.pad(b.toString(), width);
    }
}
