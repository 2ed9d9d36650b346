package org.thatdam.cli.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Library and Search views and their widgets, drawn on Lanterna's virtual terminal. */
class TuiSearchTest {

    // ---- widgets ----

    record Row(int id, String name, long size) {}

    private static final List<Table.Column<Row>> COLUMNS = List.of(
            Table.Column.<Row>of("id", 4, r -> String.valueOf(r.id())).right(),
            Table.Column.<Row>of("size", 8, r -> Text.bytes(r.size())).right().drop(2),
            Table.Column.<Row>of("kind", 6, r -> "video").drop(1),
            Table.Column.<Row>of("name", 10, Row::name).weight(1));

    /** Draws with {@code drawing} on a fresh virtual terminal of {@code columns x rows} and returns it. */
    private static DefaultVirtualTerminal drawn(int columns, int rows, BiConsumer<TextGraphics, TerminalSize> drawing) throws Exception {
        DefaultVirtualTerminal t = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
        TerminalScreen screen = new TerminalScreen(t);
        screen.startScreen();
        drawing.accept(screen.newTextGraphics(), new TerminalSize(columns, rows));
        screen.refresh();
        return t;
    }

    /** A row as text; a wide character fills two cells of the terminal and is read once. */
    private static String line(DefaultVirtualTerminal t, int row) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < t.getTerminalSize().getColumns(); c++) {
            var ch = t.getCharacter(c, row);
            b.append(ch.getCharacterString());
            if (ch.isDoubleWidth()) c++;
        }
        return b.toString();
    }

    private static String all(DefaultVirtualTerminal t) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < t.getTerminalSize().getRows(); r++) b.append(line(t, r)).append('\n');
        return b.toString();
    }

    private static boolean reverse(DefaultVirtualTerminal t, int col, int row) {
        return t.getCharacter(col, row).getModifiers().contains(SGR.REVERSE);
    }

    @Test
    void textCleansControlsBidiAndZeroWidthAndMeasuresWideCharacters() {
        assertThat(Text.clean("evil\u001b[2Jname\u0007.mp4")).isEqualTo("evil?[2Jname?.mp4");
        assertThat(Text.clean("a\u009b31mb\u007fc")).isEqualTo("a?31mb?c");
        assertThat(Text.clean("photo\u202egpj.exe")).isEqualTo("photo?gpj.exe");
        assertThat(Text.clean("zero\u200bwidth\u2066x\u2069\ufeff")).isEqualTo("zero?width?x??");
        assertThat(Text.clean("line\nbreak\ttab\r")).isEqualTo("line?break?tab?");
        assertThat(Text.clean("lone\ud800surrogate")).isEqualTo("lone?surrogate");
        assertThat(Text.clean("plain café 東京 🎬")).isEqualTo("plain café 東京 🎬");
        assertThat(Text.clean(null)).isEmpty();

        assertThat(Text.width("abc")).isEqualTo(3);
        assertThat(Text.width("東京")).isEqualTo(4);
        assertThat(Text.width("🎬")).isEqualTo(2);
        assertThat(Text.fit("東京タワー.mp4", 7)).isEqualTo("東京タ…");
        assertThat(Text.width(Text.fit("東京タワー.mp4", 6))).isLessThanOrEqualTo(6);
        assertThat(Text.fit("東京タワー.mp4", 6)).isEqualTo("東京…");
        assertThat(Text.fit("short", 10)).isEqualTo("short");
        assertThat(Text.fit("exactly10!", 10)).isEqualTo("exactly10!");
        assertThat(Text.fit("elevenchars", 10)).isEqualTo("elevencha…");
        assertThat(Text.fit("x\u001b[31m", 10)).isEqualTo("x?[31m");
        assertThat(Text.pad("東", 4)).isEqualTo("東  ");
        assertThat(Text.padLeft("42", 5)).isEqualTo("   42");
        assertThat(Text.duration(79.5)).isEqualTo("1:19.5");
        assertThat(Text.bytes(1_200_000L)).isEqualTo("1.2 MB");
        assertThat(Text.dims(1920, 1080)).isEqualTo("1920x1080");
    }

    @Test
    void tableDrawsEscapesHarmlesslyKeepsWideCharactersInTheirColumnsAndSelectsInReverse() throws Exception {
        Table<Row> table = new Table<>(COLUMNS, Row::id);
        table.rows(List.of(new Row(1, "evil\u001b[2Jname.mp4", 1000), new Row(2, "東京タワーの夜景.mp4", 2_500_000), new Row(3, "plain.mp4", 5)));
        table.key(new KeyStroke(KeyType.ArrowDown));
        DefaultVirtualTerminal t = drawn(40, 6, table::draw);

        assertThat(line(t, 0)).startsWith("  id     size kind   name");
        assertThat(line(t, 1)).contains("evil?[2Jname.mp4");
        assertThat(all(t)).doesNotContain("\u001b");
        // the wide name is cut within its column: the line is still 40 cells and ends at the edge
        String wide = line(t, 2);
        assertThat(wide).startsWith("   2   2.5 MB video  東京");
        assertThat(t.getCharacter(39, 2).getCharacterString()).isNotEqualTo("\u001b");
        // the selected row (the second) in reverse video, across the whole width; the others not
        assertThat(table.selected()).contains(new Row(2, "東京タワーの夜景.mp4", 2_500_000));
        assertThat(reverse(t, 0, 2)).isTrue();
        assertThat(reverse(t, 30, 2)).isTrue();
        assertThat(reverse(t, 0, 1)).isFalse();
        assertThat(reverse(t, 0, 3)).isFalse();
    }

    @Test
    void tableGivesSpareRoomByWeightAndDropsTheLeastImportantColumnsWhenNarrow() throws Exception {
        Table<Row> table = new Table<>(COLUMNS, Row::id);
        assertThat(table.headers(80)).containsExactly("id", "size", "kind", "name");
        assertThat(table.headers(31)).containsExactly("id", "size", "kind", "name");
        assertThat(table.headers(30)).containsExactly("id", "kind", "name");
        assertThat(table.headers(20)).containsExactly("id", "name");
        assertThat(table.headers(5)).containsExactly("id", "name");

        table.rows(List.of(new Row(7, "a-long-name-that-needs-room.mp4", 1)));
        DefaultVirtualTerminal wide = drawn(80, 3, table::draw);
        assertThat(line(wide, 1)).contains("a-long-name-that-needs-room.mp4");
        DefaultVirtualTerminal narrow = drawn(20, 3, table::draw);
        assertThat(line(narrow, 1)).isEqualTo("   7 a-long-name-th…");
    }

    @Test
    void tableScrollingKeepsTheSelectionVisibleAndReloadsKeepItByKey() throws Exception {
        Table<Row> table = new Table<>(COLUMNS, Row::id);
        List<Row> rows = IntStream.rangeClosed(1, 100).mapToObj(i -> new Row(i, "clip-" + i + ".mp4", i)).toList();
        table.rows(rows);
        drawn(40, 11, table::draw); // 10 rows under the header
        assertThat(table.key(new KeyStroke(KeyType.ArrowUp))).as("nothing above the first row").isFalse();
        for (int i = 0; i < 14; i++) assertThat(table.key(new KeyStroke(KeyType.ArrowDown))).isTrue();
        DefaultVirtualTerminal t = drawn(40, 11, table::draw);
        assertThat(table.selected().orElseThrow().id()).isEqualTo(15);
        assertThat(line(t, 10)).contains("clip-15.mp4");
        assertThat(reverse(t, 0, 10)).isTrue();
        assertThat(line(t, 1)).contains("clip-6.mp4");

        table.key(new KeyStroke(KeyType.PageDown));
        t = drawn(40, 11, table::draw);
        assertThat(table.selected().orElseThrow().id()).isEqualTo(25);
        assertThat(all(t)).contains("clip-25.mp4");
        table.key(new KeyStroke(KeyType.End));
        t = drawn(40, 11, table::draw);
        assertThat(line(t, 10)).contains("clip-100.mp4");
        assertThat(table.key(new KeyStroke(KeyType.ArrowDown))).as("nothing below the last row").isFalse();
        table.key(new KeyStroke(KeyType.Home));
        t = drawn(40, 11, table::draw);
        assertThat(line(t, 1)).contains("clip-1.mp4");
        assertThat(reverse(t, 0, 1)).isTrue();

        // a reload with new rows in front keeps the same asset selected
        table.select(4);
        table.rows(IntStream.rangeClosed(-2, 100).filter(i -> i != 0).mapToObj(i -> new Row(i, "clip-" + i + ".mp4", i)).toList());
        assertThat(table.selected().orElseThrow().id()).isEqualTo(5);
        // and when the selected one is gone, the same place
        table.rows(rows.stream().filter(r -> r.id() != 5).toList());
        assertThat(table.selected().orElseThrow().id()).isEqualTo(8);
        table.rows(List.of());
        assertThat(table.selected()).isEmpty();
        table.empty("no assets");
        assertThat(line(drawn(40, 5, table::draw), 1)).startsWith("no assets");
    }

    @Test
    void textFieldEditsAndDrawsItsCursor() throws Exception {
        TextField f = new TextField("kind:video");
        for (char c : " 東京".toCharArray()) assertThat(f.key(new KeyStroke(c, false, false))).isTrue();
        assertThat(f.text()).isEqualTo("kind:video 東京");
        f.key(new KeyStroke(KeyType.Backspace));
        f.key(new KeyStroke(KeyType.Home));
        f.key(new KeyStroke(KeyType.Delete));
        f.key(new KeyStroke(KeyType.ArrowRight));
        f.key(new KeyStroke('X', false, false));
        assertThat(f.text()).isEqualTo("iXnd:video 東");
        assertThat(f.cursor()).isEqualTo(2);
        assertThat(f.key(new KeyStroke('\u001b', false, false))).as("control characters are refused").isFalse();
        assertThat(f.key(new KeyStroke(KeyType.F5))).isFalse();
        f.key(new KeyStroke(KeyType.End));
        DefaultVirtualTerminal t = drawn(30, 2, (g, s) -> f.draw(g, 2, 0, 20, true));
        assertThat(line(t, 0)).startsWith("  iXnd:video 東");
        assertThat(reverse(t, 15, 0)).as("the cursor cell after the text").isTrue();
        assertThat(reverse(t, 2, 0)).isFalse();

        // a long text scrolls to keep the cursor in view; its cells map back for markers under it
        f.text("a".repeat(50) + "END");
        DefaultVirtualTerminal s = drawn(30, 2, (g, size) -> f.draw(g, 0, 0, 20, true));
        assertThat(line(s, 0)).startsWith("a".repeat(16) + "END");
        assertThat(f.cellOf(50, 20)).isEqualTo(16);
        assertThat(f.cellOf(0, 20)).isEqualTo(-1);

        f.key(new KeyStroke('u', true, false));
        assertThat(f.text()).isEmpty();
        f.text("x".repeat(TextField.MAX_LENGTH + 10));
        assertThat(f.text()).hasSize(TextField.MAX_LENGTH);
    }
}
