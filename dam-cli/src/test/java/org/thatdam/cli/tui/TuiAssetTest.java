package org.thatdam.cli.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.JobState;
import org.thatdam.model.Role;
import org.thatdam.server.LiveServer;
import org.thatdam.server.api.AssetSummary;

/**
 * The Asset, Jobs and Scan views on Lanterna's virtual terminal, over a real library (media made by the
 * bundled ffmpeg, its jobs run) opened in-process, and once through the real server as a viewer.
 */
class TuiAssetTest {

    private static final Map<String, Supplier<Path>> LAYOUT = new LinkedHashMap<>();

    static {
        LAYOUT.put("trip/clip.mp4", TestMedia::h264Mp4);
        LAYOUT.put("short.mp4", TestMedia::shortClip);
    }

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(LAYOUT).jobsDone();

    private static HomeBackend backend;
    private static long clip;
    private static long shortClip;

    @BeforeAll
    static void open() {
        backend = HomeBackend.of(live.dam());
        List<AssetSummary> all = backend.list(new TuiBackend.ListQuery(null, null, null, null, 10, 0)).items();
        clip = all.stream().filter(a -> live.path("trip/clip.mp4").equals(a.path())).findFirst().orElseThrow().id();
        shortClip = all.stream().filter(a -> live.path("short.mp4").equals(a.path())).findFirst().orElseThrow().id();
    }

    @AfterAll
    static void close() {
        if (backend != null) backend.close();
    }

    private static AssetView asset(long id, HalfBlocks.Colours colours) {
        return new AssetView(id, colours);
    }

    /** The poster's cells on screen: every '▀' cell. */
    private static List<TextCharacter> halfBlocks(VirtualTui t, int fromColumn) {
        List<TextCharacter> out = new ArrayList<>();
        TerminalSize size = t.terminal.getTerminalSize();
        for (int row = 0; row < size.getRows(); row++) {
            for (int col = fromColumn; col < size.getColumns(); col++) {
                TextCharacter c = t.terminal.getCharacter(col, row);
                if (c.is('▀')) out.add(c);
            }
        }
        return out;
    }

    /** Waits until the screen shows each text in turn; fails with the screen as it is. */
    private static VirtualTui shows(VirtualTui t, String... texts) {
        for (String text : texts) {
            try {
                t.awaitText(text);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("not on the screen: " + text + "\n" + t.screen()
                        + (t.failure.get() == null ? "" : "\nthe app failed: " + t.failure.get()), e);
            }
        }
        return t;
    }

    private static void ctrl(VirtualTui t, char c) {
        t.terminal.addInput(new KeyStroke(c, true, false));
    }

    @Test
    void wideAssetViewShowsTheMetadataAndThePosterInTrueColourOnTheRight() throws Exception {
        try (VirtualTui t = new VirtualTui(backend, 140, 45, ui -> asset(clip, HalfBlocks.Colours.TRUE_COLOUR))) {
            shows(t, "Technical", "container   mp4", "duration    0:02.0", "video       h264 320x240 25 fps", "audio       aac",
                    "Streams", "#0 video h264", "#1 audio aac", "Locations", live.path("trip/clip.mp4"), "Versions", "v1",
                    "Derivatives", "poster-large", "proxy", "Jobs");
            // the poster stands right of the text, in 24-bit colours that differ cell to cell
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(halfBlocks(t, 0)).hasSizeGreaterThan(200));
            List<TextCharacter> cells = halfBlocks(t, 0);
            assertThat(halfBlocks(t, AssetView.WIDE / 2)).hasSameSizeAs(cells);
            assertThat(cells).allSatisfy(c -> {
                assertThat(c.getForegroundColor()).isInstanceOf(TextColor.RGB.class);
                assertThat(c.getBackgroundColor()).isInstanceOf(TextColor.RGB.class);
            });
            Set<TextColor> colours = new HashSet<>();
            cells.forEach(c -> {
                colours.add(c.getForegroundColor());
                colours.add(c.getBackgroundColor());
            });
            assertThat(colours).hasSizeGreaterThan(20);
        }
    }

    @Test
    void narrowAssetViewPutsASmallPosterAboveTheTextIn256ColoursAndScrolls() throws Exception {
        try (VirtualTui t = new VirtualTui(backend, 80, 24, ui -> asset(clip, HalfBlocks.Colours.PALETTE))) {
            shows(t, "Technical");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(halfBlocks(t, 0)).hasSizeGreaterThan(50));
            // above the text: rows 1 (under the header) to 7, none further down
            int lastPosterRow = 0;
            for (int row = 0; row < 24; row++) {
                for (int col = 0; col < 80; col++) if (t.terminal.getCharacter(col, row).is('▀')) lastPosterRow = row;
            }
            assertThat(lastPosterRow).isBetween(2, 7);
            assertThat(halfBlocks(t, 0)).allSatisfy(c -> assertThat(c.getForegroundColor()).isInstanceOf(TextColor.Indexed.class));
            // what does not fit is reached by scrolling: the jobs at the end
            assertThat(t.screen()).doesNotContain("Versions");
            shows(t.press(KeyType.PageDown).press(KeyType.PageDown), "Versions");
            assertThat(halfBlocks(t, 0)).isEmpty();
        }
        try (VirtualTui t = new VirtualTui(backend, 80, 24, ui -> asset(clip, HalfBlocks.Colours.NONE))) {
            shows(t, "Technical");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(t.screen()).containsPattern("poster: \\d+x\\d+"));
            assertThat(halfBlocks(t, 0)).isEmpty();
        }
    }

    @Test
    void postersAreDecodedWithinLimitsAndColoursFollowTheEnvironment() throws Exception {
        assertThat(HalfBlocks.Colours.of(Map.of("COLORTERM", "truecolor", "TERM", "xterm"))).isEqualTo(HalfBlocks.Colours.TRUE_COLOUR);
        assertThat(HalfBlocks.Colours.of(Map.of("COLORTERM", "24bit"))).isEqualTo(HalfBlocks.Colours.TRUE_COLOUR);
        assertThat(HalfBlocks.Colours.of(Map.of("TERM", "tmux-256color"))).isEqualTo(HalfBlocks.Colours.PALETTE);
        assertThat(HalfBlocks.Colours.of(Map.of("TERM", "xterm"))).isEqualTo(HalfBlocks.Colours.NONE);
        assertThat(HalfBlocks.Colours.of(Map.of("TERM", "xterm-256color", "COLORTERM", "truecolor", "NO_COLOR", "1")))
                .isEqualTo(HalfBlocks.Colours.NONE);
        assertThat(HalfBlocks.Colours.of(Map.of())).isEqualTo(HalfBlocks.Colours.NONE);

        byte[] poster = backend.poster(clip).orElseThrow();
        HalfBlocks.Poster p = HalfBlocks.decode(poster);
        assertThat(p.drawable()).isTrue();
        assertThat(p.note()).matches("poster: \\d+x\\d+");
        // 16:9 in a box 80 cells wide and 7 high: as high as the box, as wide as keeps the shape
        assertThat(HalfBlocks.fit(640, 360, new TerminalSize(80, 7))).isEqualTo(new TerminalSize(24, 7));
        assertThat(HalfBlocks.fit(640, 360, new TerminalSize(20, 40))).isEqualTo(new TerminalSize(20, 6));

        byte[] broken = poster.clone();
        for (int i = 200; i < broken.length; i++) broken[i] = (byte) (i * 31);
        assertThat(HalfBlocks.decode(broken).note()).startsWith("poster: cannot be read");
        assertThat(HalfBlocks.decode(Files.readAllBytes(TestMedia.randomBytesMp4())).note()).isEqualTo("poster: not an image");
        assertThat(HalfBlocks.decode(new byte[HalfBlocks.MAX_BYTES + 1]).note()).startsWith("poster: too big to draw");
        ByteArrayOutputStream huge = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(HalfBlocks.MAX_SIDE + 1, 2, BufferedImage.TYPE_INT_RGB), "png", huge);
        HalfBlocks.Poster refused = HalfBlocks.decode(huge.toByteArray());
        assertThat(refused.drawable()).isFalse();
        assertThat(refused.note()).isEqualTo("poster: too big to draw (" + (HalfBlocks.MAX_SIDE + 1) + "x2)");
    }

    @Test
    void theEditFormSavesTitleTagsAndDescription() throws Exception {
        try (VirtualTui t = new VirtualTui(backend, 80, 24, ui -> asset(shortClip, HalfBlocks.Colours.NONE))) {
            shows(t, "Technical");
            shows(t.type("e"), "Tab next field");
            ctrl(t, 'u');
            t.type("Harbour at dusk").press(KeyType.Tab);
            ctrl(t, 'u');
            t.type("harbour, dusk ,,boats").press(KeyType.Tab);
            ctrl(t, 'u');
            t.type("Quiet evening; q and / are text here").press(KeyType.Enter);
            shows(t, "saved", "Harbour at dusk", "boats, dusk, harbour");
            assertThat(t.screen()).doesNotContain("Tab next field");
            AssetDetails saved = live.dam().assets().details(shortClip).orElseThrow();
            assertThat(saved.asset().title()).isEqualTo("Harbour at dusk");
            assertThat(saved.tags()).containsExactlyInAnyOrder("harbour", "dusk", "boats");
            assertThat(saved.description()).isEqualTo("Quiet evening; q and / are text here");

            // Esc leaves the form and changes nothing
            shows(t.type("e"), "Tab next field").type(" more").press(KeyType.Escape);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(t.screen()).doesNotContain("Tab next field"));
            assertThat(t.ended()).isFalse();
            assertThat(live.dam().assets().details(shortClip).orElseThrow().asset().title()).isEqualTo("Harbour at dusk");
        }
    }

    @Test
    void aDescriptionOfSeveralLinesAndATagWithACommaAreLockedAndKeptWhole() throws Exception {
        // written by dam edit or the browser, neither of which a line editor can hold
        String description = "Interview, camera A.\nSecond take after the break.";
        List<String> tags = List.of("Smith, John", "interview");
        live.dam().catalog().write(s -> {
            s.assets().setTitle(shortClip, "Take 1", System.currentTimeMillis());
            s.assets().setTags(shortClip, tags, System.currentTimeMillis());
            s.assets().setDescription(shortClip, description, System.currentTimeMillis());
            return null;
        });
        try (VirtualTui t = new VirtualTui(backend, 80, 24, ui -> asset(shortClip, HalfBlocks.Colours.NONE))) {
            shows(t, "Technical");
            shows(t.type("e"), "[a tag holds a comma or control character: Ctrl-U replaces]", "[several lines: Ctrl-U replaces]");
            // keys typed into a locked field change nothing; the title beside them is edited as usual
            t.press(KeyType.Tab).type(" x").press(KeyType.Tab).type(" x").press(KeyType.Tab);
            ctrl(t, 'u');
            shows(t.type("Take 2").press(KeyType.Enter), "saved", "Take 2");
            AssetDetails kept = live.dam().assets().details(shortClip).orElseThrow();
            assertThat(kept.asset().title()).isEqualTo("Take 2");
            assertThat(kept.tags()).containsExactlyInAnyOrderElementsOf(tags);
            assertThat(kept.description()).isEqualTo(description);

            // Ctrl-U replaces a locked field as a whole
            shows(t.type("e"), "[several lines: Ctrl-U replaces]");
            t.press(KeyType.ArrowUp);
            ctrl(t, 'u');
            shows(t.type("One line now").press(KeyType.Enter), "saved", "  One line now");
            AssetDetails replaced = live.dam().assets().details(shortClip).orElseThrow();
            assertThat(replaced.description()).isEqualTo("One line now");
            assertThat(replaced.tags()).containsExactlyInAnyOrderElementsOf(tags);
            assertThat(replaced.asset().title()).isEqualTo("Take 2");
        }
    }

    @Test
    void aRegeneratedPosterAppearsInTheJobsViewAndMovesThereLive() throws Exception {
        live.dam().jobs().pause(Actor.commandLine()); // so the new job is seen queued before it runs
        try (VirtualTui t = new VirtualTui(backend, 140, 45, ui -> asset(clip, HalfBlocks.Colours.TRUE_COLOUR))) {
            shows(t, "Technical");
            shows(t.type("r"), "Make again", "sprite", "proxy");
            t.type("p");
            Pattern queued = Pattern.compile("Poster queued \\(job (\\d+)\\)");
            Matcher m = await().atMost(Duration.ofSeconds(10)).until(() -> queued.matcher(t.screen()), Matcher::find);
            long job = Long.parseLong(m.group(1));

            shows(t.type("j"), "Showing all (Tab)");
            String row = "%6d Poster".formatted(job);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(t.screen()).containsPattern(
                    Pattern.quote(row) + " +" + clip + " queued"));
            // a progress event moves the bar in place (the workers send these many times a second)
            live.dam().events().publish(new DamEvent.JobProgress(job, "poster", clip, 0.4));
            shows(t, "  40%");
            assertThat(t.screen()).containsPattern(Pattern.quote(row) + " +" + clip + " running +█+");

            // a second job, the sprite: cancelled after a question, then retried (the newest row is selected)
            shows(t.press(KeyType.Escape), "Technical");
            shows(t.type("r"), "Make again");
            t.type("s");
            Pattern spriteQueued = Pattern.compile("Sprite queued \\(job (\\d+)\\)");
            long sprite = Long.parseLong(await().atMost(Duration.ofSeconds(10))
                    .until(() -> spriteQueued.matcher(t.screen()), Matcher::find).group(1));
            String spriteRow = "%6d Sprite".formatted(sprite);
            shows(t.type("j"), spriteRow);
            shows(t.type("C"), "Cancel job " + sprite + " (Sprite, asset " + clip + ")? y/n");
            shows(t.type("y"), "job " + sprite + " cancelled");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(t.screen()).containsPattern(
                    Pattern.quote(spriteRow) + " +" + clip + " cancelled"));
            assertThat(live.dam().jobs().find(sprite).state()).isEqualTo(JobState.CANCELLED);
            shows(t.type("R"), "job " + sprite + " queued again");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(t.screen()).containsPattern(
                    Pattern.quote(spriteRow) + " +" + clip + " queued"));

            // the queue resumes: the jobs' state events bring them to done without a key pressed
            live.dam().jobs().resume(Actor.commandLine());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(t.screen())
                    .containsPattern(Pattern.quote(row) + " +" + clip + " done +█+ 100%")
                    .containsPattern(Pattern.quote(spriteRow) + " +" + clip + " done +█+ 100%"));
            assertThat(live.dam().jobs().find(job).state()).isEqualTo(JobState.DONE);
            shows(t.type("R"), "job " + sprite + " is done: only a failed or cancelled job is retried");

            // Tab filters by state; Enter opens the selected job's asset
            shows(t.press(KeyType.Tab), "Showing running (Tab)");
            shows(t.press(KeyType.Tab).press(KeyType.Tab), "Showing failed (Tab)");
            shows(t.press(KeyType.Tab), "Showing all (Tab)", row);
            t.press(KeyType.Enter).awaitFront("Asset " + clip);
        } finally {
            live.dam().jobs().resume(Actor.commandLine());
        }
    }

    @Test
    void aFolderScanStartedFromTheScanViewReportsTheFileItAdded() throws Exception {
        live.dam().roots().add(live.mediaDir(), Actor.commandLine());
        Path added = TestMedia.copy(TestMedia.clip(0.5, "96x64"), live.mediaDir().resolve("incoming"), "fresh-take.mp4");
        try (VirtualTui t = new VirtualTui(backend, 80, 24, ui -> new ScanView())) {
            shows(t, "Root", live.mediaDir().toString(), "Recent scans");
            shows(t.type("f"), "Scan a folder", live.mediaDir() + "/");
            t.type("incoming").press(KeyType.Enter);
            shows(t, "scan started: " + live.mediaDir() + "/incoming");
            shows(t, "Last report: 1 scanned, 1 added, 0 updated, 0 unchanged, 0 failed", "+ fresh-take", "fresh-take.mp4");
            assertThat(t.screen()).contains("No scan running");
            // the recent scans list it as done, with its counts, however soon after its end the list was read
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(t.screen()).containsPattern("done +api +1 +1 +0 +0"));
            String addedPath = added.toRealPath().toString();
            assertThat(backend.list(new TuiBackend.ListQuery(null, null, null, null, 10, 0)).items())
                    .anyMatch(a -> addedPath.equals(a.path()));

            // a folder outside every root is refused in the library's words
            t.type("f");
            ctrl(t, 'u');
            t.type(live.tmp().toString()).press(KeyType.Enter);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(t.screen().lines().toList().getLast())
                    .contains("not inside a library root: " + live.tmp()));
        }
    }

    @Test
    void hostileNamesTitlesAndTagsAreDrawnCleaned() throws Exception {
        // the rules refuse such text at every entry point; rows written before them, or by another tool, still hold it
        String title = "evil\u001b[2J\u001b]0;pwned\u0007title\u202e";
        List<String> tags = List.of("tag\u001b[31mred", "bell\u0007");
        live.dam().catalog().write(s -> {
            s.assets().setTitle(shortClip, title, System.currentTimeMillis());
            s.assets().setTags(shortClip, tags, System.currentTimeMillis());
            s.assets().setDescription(shortClip, "line one\nline\u009b two", System.currentTimeMillis());
            return null;
        });
        try (VirtualTui t = new VirtualTui(backend, 80, 24, ui -> asset(shortClip, HalfBlocks.Colours.NONE))) {
            shows(t, "evil?[2J?]0;pwned?title?", "bell?, tag?[31mred", "  line one", "  line? two");
            assertThat(t.screen()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e").doesNotContain("\u009b");
            // the form shows the values cleaned, and leaving them untouched writes nothing back
            shows(t.type("e"), "Tab next field");
            assertThat(t.screen()).doesNotContain("\u001b");
            t.press(KeyType.Tab).press(KeyType.Tab);
            ctrl(t, 'u');
            shows(t.type("calm words").press(KeyType.Enter), "saved", "  calm words");
            AssetDetails d = live.dam().assets().details(shortClip).orElseThrow();
            assertThat(d.asset().title()).isEqualTo(title);
            assertThat(d.tags()).containsExactlyInAnyOrderElementsOf(tags);
            assertThat(d.description()).isEqualTo("calm words");
        }

        // a file whose name holds escape sequences: its path (and what is made of it) drawn cleaned
        Path dir = live.tmp().resolve("hostile");
        TestMedia.copyToRawName(TestMedia.clip(0.4, "80x48"), dir, "name\u001b[2J\u0007.mp4".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        live.dam().scanner().scan(List.of(dir), live.dam().scanOptions(Optional.empty(), 1));
        long hostile = backend.list(new TuiBackend.ListQuery(null, null, null, "newest", 1, 0)).items().getFirst().id();
        try (VirtualTui t = new VirtualTui(backend, 80, 24, ui -> asset(hostile, HalfBlocks.Colours.NONE))) {
            shows(t, "Technical", "name?[2J?.mp4");
            assertThat(t.screen()).doesNotContain("\u001b").doesNotContain("\u0007");
        }
    }

    @Test
    void aViewerGetsTheServersWordsWhenEditingOverTheApi() throws Exception {
        try (ApiBackend viewer = ApiBackend.remote(live.uri("").toString(), Optional.of(live.key(Role.VIEWER)));
             VirtualTui t = new VirtualTui(viewer, 80, 24, ui -> asset(clip, HalfBlocks.Colours.NONE))) {
            shows(t, "Technical");
            shows(t.type("e"), "Tab next field").type(" (changed)").press(KeyType.Enter);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(t.screen().lines().toList().getLast()).contains("this needs the editor role"));
            assertThat(t.screen()).contains("Tab next field"); // the form stays with what was typed
            t.press(KeyType.Escape);
            t.type("o");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(t.screen().lines().toList().getLast()).contains("on another machine"));
            shows(t.type("r"), "Make again").type("s");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(t.screen().lines().toList().getLast()).contains("this needs the editor role"));
        }
    }
}
