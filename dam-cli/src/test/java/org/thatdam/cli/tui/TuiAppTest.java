package org.thatdam.cli.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.server.LiveServer;
import org.thatdam.server.api.AssetPatchBody;

/**
 * The app around the views on Lanterna's virtual terminal, over a real library (three files made by
 * ffmpeg, one named with an escape sequence): the dashboard's totals, tabs, help, back and quit, the
 * small-terminal message, and a view that throws ending the app with the terminal restored.
 */
class TuiAppTest {

    /** A file name that would turn the terminal red if it reached it as it is. */
    static final String HOSTILE = "x\u001b[31mred.mp4";

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.of(
            "trip/clip.mp4", TestMedia::h264Mp4,
            HOSTILE, TestMedia::shortClip,
            "audio/tone.wav", TestMedia::wav));

    static HomeBackend backend;

    @BeforeAll
    static void open() {
        backend = HomeBackend.of(live.dam());
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static VirtualTui dashboard(int columns, int rows) throws Exception {
        return new VirtualTui(backend, columns, rows, ui -> ui.views().dashboard());
    }

    @Test
    void dashboardShowsTheLibrarysTotalsAt80x24() throws Exception {
        try (VirtualTui t = dashboard(80, 24)) {
            t.awaitText("3 assets");
            String screen = t.screen();
            assertThat(screen).contains("video", "audio", "h264", "Recent assets", "clip", "tone", "Jobs", "Scans");
            assertThat(screen.lines().toList()).as("24 rows of 80").hasSize(24).allSatisfy(l -> assertThat(l).hasSize(80));
            assertThat(t.activeTab()).isEqualTo("1 Dashboard");
            assertThat(t.line(0)).contains("2 Library", "3 Search", "4 Jobs", "5 Scan");
            assertThat(t.line(22)).as("the footer lists the view's keys, then the global ones").contains("Enter open it", "? help", "q quit");
            // the escape sequence in a file name is shown, not obeyed
            assertThat(screen).doesNotContain("\u001b").contains("x?[31mred");
        }
    }

    @Test
    void wideTerminalsGetColumns() throws Exception {
        try (VirtualTui t = dashboard(160, 48)) {
            t.awaitText("3 assets");
            String top = t.line(1);
            assertThat(top).as("totals, recent assets and jobs side by side").contains("Library", "Recent assets", "Jobs");
            assertThat(top.indexOf("Recent assets")).isGreaterThanOrEqualTo(40);
            assertThat(t.line(0)).as("where the library is, right in the header").contains(live.dam().layout().home().toString());
        }
    }

    @Test
    void helpListsGlobalAndViewKeysAndAnyKeyClosesIt() throws Exception {
        try (VirtualTui t = dashboard(80, 24)) {
            t.awaitText("3 assets").type("?").awaitText("any key closes this help");
            assertThat(t.screen()).contains("search from any view", "quit (also Ctrl-C)", "Dashboard, Library, Search, Jobs, Scan",
                    "Enter", "open it");
            t.press(KeyType.ArrowDown);
            t.awaitText("3 assets");
            assertThat(t.screen()).doesNotContain("any key closes this help");
            assertThat(t.ended()).isFalse();
        }
    }

    @Test
    void numberKeysSwitchTopLevelViewsSlashSearchesEscGoesBack() throws Exception {
        try (VirtualTui t = dashboard(80, 24)) {
            t.awaitText("3 assets");
            t.type("2").awaitFront("Library");
            assertThat(t.activeTab()).isEqualTo("2 Library");
            t.type("4").awaitFront("Jobs");
            assertThat(t.activeTab()).isEqualTo("4 Jobs");
            t.type("5").awaitFront("Scan");
            t.type("3").awaitFront("Search");
            escapeTo(t, "Dashboard"); // while its field has the keyboard, digits are the query's: Esc first
            t.type("2").awaitFront("Library");
            // a tab replaces what is above the Dashboard: one Esc goes back to it
            t.type("/").awaitFront("Search");
            assertThat(t.activeTab()).isEqualTo("3 Search");
            escapeTo(t, "Library");
            t.press(KeyType.Escape).awaitFront("Dashboard");
            assertThat(t.activeTab()).isEqualTo("1 Dashboard");
            // Esc on the Dashboard stays: only q quits
            t.press(KeyType.Escape).awaitText("q quits");
            t.type("1").awaitFront("Dashboard");
            assertThat(t.ended()).isFalse();
        }
    }

    /** Esc until {@code title} is in front: a view whose text field has the keyboard may take the first one to leave it. */
    private static void escapeTo(VirtualTui t, String title) {
        String from = t.tui.frontTitle();
        t.press(KeyType.Escape);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> !t.tui.frontTitle().equals(from) || !t.tui.frontTyping());
        if (t.tui.frontTitle().equals(from)) t.press(KeyType.Escape);
        t.awaitFront(title);
    }

    @Test
    void enterOpensTheChosenAssetAndEscComesBack() throws Exception {
        try (VirtualTui t = dashboard(80, 24)) {
            t.awaitText("3 assets").press(KeyType.Enter);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> t.tui.frontTitle().startsWith("Asset"));
            assertThat(t.activeTab()).as("an asset belongs to the tab it was opened from").isEqualTo("1 Dashboard");
            t.press(KeyType.Escape).awaitFront("Dashboard");
        }
    }

    @Test
    void liveEventsReloadTheDashboard() throws Exception {
        try (VirtualTui t = dashboard(80, 24)) {
            t.awaitText("3 assets");
            backend.edit(live.idOf("audio/tone.wav"), new AssetPatchBody("tone edited live", null, null, null, null, null, null, null));
            t.awaitText("tone edited live");
        }
    }

    @Test
    void anUnreachableServerIsMarkedOfflineAndTheAppKeepsRunning() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (ApiBackend gone = ApiBackend.remote("http://127.0.0.1:" + port, java.util.Optional.empty());
             VirtualTui t = new VirtualTui(gone, 80, 24, ui -> ui.views().dashboard())) {
            t.awaitFront("Dashboard");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(t.line(0)).as("cut to fit 80 columns").contains("offline server http://127.0"));
            assertThat(t.screen()).doesNotContain("Exception");
            t.type("2").awaitFront("Library");
            assertThat(t.ended()).isFalse();
        }
    }

    @Test
    void qQuits() throws Exception {
        try (VirtualTui t = dashboard(80, 24)) {
            t.awaitText("3 assets");
            assertThat(t.terminal.inPrivateMode()).isTrue();
            t.type("q").awaitEnded();
            assertThat(t.failure.get()).isNull();
            assertThat(t.terminal.inPrivateMode()).isFalse();
            assertThat(t.terminal.isCursorVisible()).isTrue();
        }
    }

    @Test
    void ctrlCQuitsCleanly() throws Exception {
        try (VirtualTui t = dashboard(80, 24)) {
            t.awaitText("3 assets").press(new KeyStroke('c', true, false)).awaitEnded();
            assertThat(t.failure.get()).isNull();
            assertThat(t.terminal.inPrivateMode()).isFalse();
        }
    }

    @Test
    void aViewThatThrowsEndsTheAppWithTheTerminalRestoredAndItsNameInTheError() throws Exception {
        try (VirtualTui t = new VirtualTui(backend, 80, 24, ui -> new Exploding())) {
            t.awaitText("press x").type("x").awaitEnded();
            assertThat(t.failure.get()).isInstanceOf(DamException.class)
                    .hasMessage("the terminal UI stopped: Exploding: an unexpected failure (details in the log)");
            assertThat(((DamException) t.failure.get()).code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(t.terminal.inPrivateMode()).as("left the alternate screen").isFalse();
            assertThat(t.terminal.isCursorVisible()).isTrue();
        }
    }

    @Test
    void aLibraryErrorFromAViewKeepsItsCodeAndWords() throws Exception {
        try (VirtualTui t = new VirtualTui(backend, 80, 24, ui -> new Exploding())) {
            t.awaitText("press x").type("y").awaitEnded();
            assertThat(t.failure.get()).isInstanceOf(DamException.class)
                    .hasMessage("the terminal UI stopped: Exploding: no such asset 42");
            assertThat(((DamException) t.failure.get()).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(t.terminal.inPrivateMode()).isFalse();
        }
    }

    @Test
    void aSmallTerminalIsAskedToGrowThenTheDashboardFillsIt() throws Exception {
        try (VirtualTui t = dashboard(60, 20)) {
            t.awaitText("enlarge the terminal to 80x24 (now 60x20)");
            assertThat(t.screen()).doesNotContain("Dashboard");
            t.terminal.setTerminalSize(new TerminalSize(80, 24));
            t.awaitText("3 assets");
        }
    }

    @Test
    void openingAFileWithoutADesktopSaysWhereItIs() throws Exception {
        Path file = live.mediaDir().resolve("trip/clip.mp4");
        try (VirtualTui t = new VirtualTui(backend, 80, 24, ui -> new Exploding(file), Map.of("PATH", System.getenv("PATH")))) {
            t.awaitText("press x").type("o");
            t.awaitText("no desktop display here; the file is " + file.toString().substring(0, 20));
        }
    }

    /** A view that fails on a key: an unforeseen exception on x, a library error on y; o opens {@code file}. */
    private static final class Exploding implements View {
        private final Path file;
        private String boom = "";

        Exploding() {
            this(Path.of("/nowhere"));
        }

        Exploding(Path file) {
            this.file = file;
        }

        @Override
        public String title() {
            return "Exploding";
        }

        @Override
        public List<KeyHelp> keys() {
            return List.of(new KeyHelp("x", "fail"));
        }

        @Override
        public void draw(TextGraphics g, TerminalSize size) {
            if (boom.equals("x")) throw new IllegalStateException("a bug's own words");
            g.putString(0, 0, "press x");
        }

        @Override
        public boolean key(KeyStroke key, Ui ui) {
            if (key.getKeyType() != KeyType.Character) return false;
            switch (key.getCharacter()) {
                case 'x' -> boom = "x";
                case 'y' -> throw DamException.notFound("no such asset 42");
                case 'o' -> ui.openExternally(file);
                default -> { return false; }
            }
            return true;
        }
    }
}
