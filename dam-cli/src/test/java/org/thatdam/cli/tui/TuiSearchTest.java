package org.thatdam.cli.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.cli.format.Units;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.server.LiveServer;
import org.thatdam.server.api.QueryCheck;

/**
 * The Library and Search views and their widgets, drawn on Lanterna's virtual terminal, the views on a
 * real library (media made by ffmpeg, scanned into SQLite) read in-process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TuiSearchTest {

    static final String EVIL = "evil\u001b[2Jname.mp4";

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(layout());

    static HomeBackend home;

    private static Map<String, Supplier<java.nio.file.Path>> layout() {
        Map<String, Supplier<java.nio.file.Path>> m = new LinkedHashMap<>();
        m.put("trip/clip.mp4", TestMedia::h264Mp4);
        m.put("short.mp4", TestMedia::shortClip);
        m.put("audio/tone.wav", TestMedia::wav);
        m.put("odd/" + EVIL, () -> TestMedia.clip(0.5, "160x90")); // content of its own: a copy would be one asset
        return m;
    }

    @BeforeAll
    static void backend() {
        home = HomeBackend.of(live.dam());
    }

    @AfterAll
    static void closeBackend() {
        home.close();
    }

    // ---- widgets ----

    record Row(int id, String name, long size) {}

    private static final List<Table.Column<Row>> COLUMNS = List.of(
            Table.Column.<Row>of("id", 4, r -> String.valueOf(r.id())).right(),
            Table.Column.<Row>of("size", 8, r -> Units.bytes(r.size())).right().drop(2),
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
        assertThat(Units.duration(79.5)).isEqualTo("1:19.5");
        assertThat(Units.bytes(1_200_000L)).isEqualTo("1.2 MB");
        assertThat(Units.dims(1920, 1080)).isEqualTo("1920x1080");
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

    // ---- views ----

    /** Waits (10 s) until the screen satisfies {@code ok}, failing with the screen as it is. */
    private static void awaitScreen(VirtualTui t, String what, Predicate<String> ok) {
        await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).failFast(() -> t.failure.get() != null)
                .untilAsserted(() -> assertThat(t.screen()).as(what).matches(ok));
    }

    private static final java.util.regex.Pattern FILE = java.util.regex.Pattern.compile("[^/\\s│…]+\\.(?:mp4|wav)");

    /** Waits until an asset's view is in front. */
    private static void awaitAsset(VirtualTui t) {
        await("the asset in front").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).failFast(() -> t.failure.get() != null)
                .untilAsserted(() -> assertThat(t.tui.frontTitle()).as(t::screen).startsWith("Asset"));
    }

    /** The file names the screen's rows show, top to bottom (one per row). */
    private static List<String> names(String screen) {
        return screen.lines().map(FILE::matcher).filter(java.util.regex.Matcher::find).map(java.util.regex.Matcher::group).toList();
    }

    @Test
    @Order(1)
    void libraryListsTheAssetsSortsFiltersAndShowsAnEscapeInANameHarmlessly() throws Exception {
        try (VirtualTui t = new VirtualTui(home, 80, 24, ui -> ui.views().library())) {
            t.awaitText("4 assets");
            String s = t.screen();
            assertThat(s).contains("sort: newest", "kind: all", "status: all");
            assertThat(s).contains("clip.mp4", "short.mp4", "tone.wav", "evil?[2Jname.mp4");
            assertThat(s).doesNotContain("\u001b");
            // at 80 columns the least important columns are left out, the path keeps its file name
            String header = s.lines().toList().get(2);
            assertThat(header).contains("id", "kind", "status", "duration", "size", "batch", "path").doesNotContain("dims", "video");

            t.type("ss");
            awaitScreen(t, "sorted by name", x -> x.contains("sort: name") && names(x).equals(List.of("clip.mp4", "evil?[2Jname.mp4", "short.mp4", "tone.wav")));
            t.type("ss");
            awaitScreen(t, "sorted by duration", x -> x.contains("sort: duration") && names(x).equals(List.of("clip.mp4", "tone.wav", "evil?[2Jname.mp4", "short.mp4")));

            t.type("k");
            awaitScreen(t, "videos only", x -> x.contains("kind: video") && x.contains("3 assets") && !x.contains("tone.wav"));
            t.type("k");
            awaitScreen(t, "audio only", x -> x.contains("kind: audio") && x.contains("1 asset ") && names(x).equals(List.of("tone.wav")));
            t.type("kkk");
            awaitScreen(t, "all kinds", x -> x.contains("kind: all") && x.contains("4 assets"));

            t.type("b");
            t.awaitText("batch (empty: all");
            t.press(KeyType.Escape);
            awaitScreen(t, "the prompt closed, the list still open", x -> !x.contains("batch (empty: all") && x.contains("sort: duration"));
            t.type("b").type("odd").press(KeyType.Enter);
            awaitScreen(t, "one batch", x -> x.contains("batch: odd") && x.contains("1 asset ") && names(x).equals(List.of("evil?[2Jname.mp4")));
            t.press(KeyType.Enter);
            awaitAsset(t);
        }
    }

    @Test
    @Order(2)
    void libraryLoadsTheNextPageAsTheSelectionReachesTheEnd() throws Exception {
        try (VirtualTui t = new VirtualTui(home, 80, 24, ui -> new LibraryView(2))) {
            awaitScreen(t, "a first page", x -> x.contains("4 assets (2 loaded)") && names(x).size() == 2);
            t.press(KeyType.ArrowDown);
            awaitScreen(t, "the rest", x -> x.contains("4 assets ") && !x.contains("loaded") && names(x).size() == 4);
        }
    }

    @Test
    @Order(2)
    void libraryAtAWideTerminalShowsEveryColumn() throws Exception {
        try (VirtualTui t = new VirtualTui(home, 120, 40, ui -> ui.views().library())) {
            t.awaitText("4 assets");
            String s = t.screen();
            assertThat(s.lines().toList().get(2)).contains("id", "kind", "status", "duration", "size", "dims", "video", "batch", "path");
            assertThat(s).contains("320x240", "h264", "clip.mp4");
        }
    }

    @Test
    @Order(3)
    void searchNarrowsAsYouTypeWithFacetsBesideTheResults() throws Exception {
        try (VirtualTui t = new VirtualTui(home, 120, 40, ui -> ui.views().search(""))) {
            awaitScreen(t, "everything", x -> x.contains("4 matches") && x.contains("Facets"));
            assertThat(t.tui.frontTyping()).as("the query field has the keyboard").isTrue();
            t.type("kind:audio");
            awaitScreen(t, "audio only", x -> x.contains("1 match,") && names(x).equals(List.of("tone.wav")));
            t.press(new KeyStroke('u', true, false));
            t.type("clip");
            awaitScreen(t, "one file by a word of its name", x -> x.contains("1 match,") && names(x).equals(List.of("clip.mp4")));
            // into the results, and the asset opens
            t.press(KeyType.ArrowDown);
            await().atMost(Duration.ofSeconds(10)).until(() -> !t.tui.frontTyping());
            t.press(KeyType.ArrowUp);
            await().atMost(Duration.ofSeconds(10)).until(() -> t.tui.frontTyping());
            t.press(KeyType.Tab).press(KeyType.Enter);
            awaitAsset(t);
        }
    }

    @Test
    @Order(4)
    void aBrokenQueryShowsItsMessageWithACaretAtItsPlace() throws Exception {
        String broken = "duration:>>";
        QueryCheck check = home.check(broken);
        assertThat(check.ok()).isFalse();
        assertThat(check.position()).isNotNull();
        try (VirtualTui t = new VirtualTui(home, 80, 24, ui -> ui.views().search(""))) {
            awaitScreen(t, "everything", x -> x.contains("4 matches"));
            t.type(broken);
            String words = check.message().substring(0, Math.min(40, check.message().length()));
            // row 0 the app's header, row 1 the query, row 2 the caret under the place, row 3 the message
            awaitScreen(t, "the error under the query", x -> {
                List<String> rows = x.lines().toList();
                int queryAt = rows.get(1).indexOf("Search: " + broken) + "Search: ".length();
                return queryAt >= "Search: ".length() && rows.get(2).indexOf('^') == queryAt + check.position()
                        && rows.get(2).strip().equals("^") && rows.get(3).contains(words);
            });
            assertThat(t.screen()).as("no results claimed for a query that does not parse").doesNotContain(" match");
            // fixed, the results are back
            t.press(KeyType.Backspace).press(KeyType.Backspace).type("<10");
            awaitScreen(t, "results again", x -> x.contains("4 matches") && !x.contains("^"));
        }
    }

    @Test
    @Order(5)
    void anOlderAnswerNeverReplacesANewerOne() throws Exception {
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        // the library in-process, its answer to the first query held back until the second one is on the screen
        TuiBackend slow = (TuiBackend) java.lang.reflect.Proxy.newProxyInstance(TuiBackend.class.getClassLoader(), new Class<?>[] {TuiBackend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) return null; // the class's backend outlives this app
                    if (method.getName().equals("search") && "kind:video".equals(args[0])) {
                        held.countDown();
                        assertThat(release.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                    }
                    try {
                        return method.invoke(home, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (VirtualTui t = new VirtualTui(slow, 80, 24, ui -> ui.views().search("kind:video"))) {
            assertThat(held.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            t.press(new KeyStroke('u', true, false)).type("kind:audio");
            awaitScreen(t, "the newer answer", x -> x.contains("1 match,") && names(x).equals(List.of("tone.wav")));
            release.countDown();
            awaitScreen(t, "every answer in", x -> !t.line(0).contains("loading"));
            assertThat(t.screen()).contains("1 match,").doesNotContain("3 matches");
            assertThat(names(t.screen())).containsExactly("tone.wav");
        }
    }

    @Test
    @Order(5)
    void narrowSearchShowsFacetsOnF() throws Exception {
        try (VirtualTui t = new VirtualTui(home, 80, 24, ui -> ui.views().search("kind:video"))) {
            awaitScreen(t, "videos", x -> x.contains("3 matches") && !x.contains("Facets"));
            t.press(KeyType.Tab).type("f");
            awaitScreen(t, "facets", x -> x.contains("Facets") && x.contains("kind") && !x.contains("short.mp4"));
            t.type("f");
            awaitScreen(t, "results again", x -> !x.contains("Facets") && x.contains("short.mp4"));
        }
    }

    @Test
    @Order(6)
    void aFileScannedWhileTheListIsOpenAppearsWithoutAKey() throws Exception {
        try (VirtualTui t = new VirtualTui(home, 80, 24, ui -> ui.views().library())) {
            t.awaitText("4 assets");
            live.dam().roots().add(live.mediaDir(), org.thatdam.model.Actor.commandLine());
            java.nio.file.Path dir = live.mediaDir().resolve("later");
            TestMedia.copy(TestMedia.clip(0.7, "128x72"), dir, "fresh.mp4");
            home.scan(dir.toString());
            awaitScreen(t, "the new file", x -> x.contains("5 assets") && x.contains("fresh.mp4"));
        }
    }
}
