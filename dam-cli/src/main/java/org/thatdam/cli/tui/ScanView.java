package org.thatdam.cli.tui;

import com.fasterxml.jackson.databind.JsonNode;
import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.thatdam.cli.format.Units;
import org.thatdam.core.json.Json;
import org.thatdam.core.scan.ScanService;
import org.thatdam.server.api.AssetSummary;
import org.thatdam.server.api.RootView;
import org.thatdam.server.api.ScanStatus;

/**
 * The library's roots, a scan running now (its counters and the file it is at, live from the scan
 * events), the report of the last scan that ended (with the assets it added and the files it could
 * not read), and the recent scans. {@code s} scans every root, {@code f} one folder inside a root.
 */
final class ScanView implements View {

    /** How many of the assets a scan added are listed under its report. */
    private static final int ADDED_LISTED = 5;
    private static final int PROBLEMS_LISTED = 5;
    private static final int ROOTS_LISTED = 3;
    private static final char[] SPINNER = {'⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'};

    private final Table<ScanStatus> table = new Table<>(List.of(
            Table.Column.<ScanStatus>of("started", 14, s -> Times.recent(s.startedAt())),
            Table.Column.<ScanStatus>of("state", 8, s -> s.state().id()),
            Table.Column.<ScanStatus>of("by", 7, s -> s.trigger().id()).drop(2),
            Table.Column.<ScanStatus>of("scanned", 7, s -> count(s, Count.SCANNED)).right(),
            Table.Column.<ScanStatus>of("added", 5, s -> count(s, Count.ADDED)).right(),
            Table.Column.<ScanStatus>of("updated", 7, s -> count(s, Count.UPDATED)).right().drop(3),
            Table.Column.<ScanStatus>of("failed", 6, s -> count(s, Count.FAILED)).right(),
            Table.Column.<ScanStatus>of("took", 7, s -> s.report() == null ? "" : took(s.report().durationMs())).right().drop(1),
            Table.Column.<ScanStatus>of("what", 10, ScanView::what).weight(1)),
            ScanStatus::id);
    private final Debounce reloads = new Debounce(Duration.ofMillis(150), Duration.ofSeconds(1));
    private @Nullable Ui ui;
    private List<RootView> roots = List.of();
    private boolean loaded;
    private final OneLoad<Loaded> loads = new OneLoad<>(u -> () -> new Loaded(u.backend().roots(), u.backend().scans()), a -> {
        if (a.ok()) show(a.value());
        else ui.status(a.error());
    });
    /** The scan running now, as its last progress event or status said; null: none. */
    private ScanStatus.@Nullable Progress running;
    private List<String> runningRoots = List.of();
    private int ticks;
    /** The last report shown: of the scan that just ended, or of the scan picked in the table. */
    private ScanStatus.@Nullable Report report;
    private @Nullable String reportOf;
    private List<AssetSummary> added = List.of();
    /**
     * Reports of the scans seen ending, by id: the scan service marks a scan done just after its
     * finished event, so a reload at that moment may still call it running.
     */
    private final Map<String, ScanStatus.Report> ended = new LinkedHashMap<>();
    /** The folder being typed after {@code f}; null when not asked. */
    private @Nullable TextField folder;

    private enum Count { SCANNED, ADDED, UPDATED, FAILED }

    ScanView() {
        table.empty("no scans yet");
    }

    @Override
    public String title() {
        return "Scan";
    }

    @Override
    public List<KeyHelp> keys() {
        return List.of(new KeyHelp("s", "scan every root"), new KeyHelp("f", "scan one folder inside a root"),
                new KeyHelp("↑↓", "select a recent scan"), new KeyHelp("Enter", "show its report"));
    }

    @Override
    public boolean typing() {
        return folder != null;
    }

    @Override
    public void shown(Ui ui) {
        this.ui = ui;
        reload();
    }

    private record Loaded(List<RootView> roots, List<ScanStatus> scans) {}

    private void reload() {
        if (ui != null) loads.run(ui);
    }

    private void show(Loaded l) {
        roots = l.roots();
        List<ScanStatus> scans = l.scans().stream().map(this::known).toList();
        table.rows(scans);
        loaded = true;
        // a scan that was running before this view opened: its status carries its progress
        if (running == null) {
            scans.stream().filter(s -> s.state() == ScanService.State.RUNNING).findFirst().ifPresent(s -> {
                running = s.progress() != null ? s.progress() : new ScanStatus.Progress(s.id(), 0, 0, 0, 0, 0, 0, 0, null);
                runningRoots = s.roots();
            });
        }
        if (report == null) {
            scans.stream().filter(s -> s.report() != null).findFirst().ifPresent(s -> {
                report = s.report();
                reportOf = s.id();
            });
        }
    }

    /** {@code s} as this view knows it: done, with its report, once its finished event came. */
    private ScanStatus known(ScanStatus s) {
        ScanStatus.Report r = ended.get(s.id());
        if (r == null || s.state() == ScanService.State.DONE || s.state() == ScanService.State.FAILED) return s;
        return new ScanStatus(s.id(), s.trigger(), s.roots(), s.targets(), ScanService.State.DONE, s.startedAt(),
                s.finishedAt() != null ? s.finishedAt() : java.time.Instant.now(), null, r, s.error());
    }

    @Override
    public void event(LiveEvent event, Ui ui) {
        this.ui = ui;
        JsonNode b = event.body();
        switch (event.type()) {
            case "scan.started" -> {
                running = new ScanStatus.Progress(b.path("scanId").asText(), 0, 0, 0, 0, 0, 0, 0, null);
                List<String> r = new ArrayList<>();
                b.path("roots").forEach(n -> r.add(n.asText()));
                runningRoots = List.copyOf(r);
                reloads.poke(ui, this::reload);
            }
            case "scan.progress" -> {
                try {
                    running = Json.mapper().treeToValue(b, ScanStatus.Progress.class);
                } catch (Exception e) {
                    return; // a message we cannot read changes nothing shown
                }
                ticks++;
            }
            case "scan.finished" -> finished(b, ui);
            case "tui.online" -> reloads.poke(ui, this::reload);
            default -> { }
        }
    }

    private void finished(JsonNode b, Ui ui) {
        String id = b.path("scanId").asText();
        if (running != null && running.scanId().equals(id)) running = null;
        try {
            report = Json.mapper().treeToValue(b.path("report"), ScanStatus.Report.class);
            reportOf = id;
            ended.put(id, report);
            if (ended.size() > 100) ended.remove(ended.keySet().iterator().next()); // only recent scans are listed
            table.rows(table.rows().stream().map(this::known).toList());
        } catch (Exception e) {
            report = null; // the reload brings the scan's report from its status
        }
        added = List.of();
        ScanStatus.Report r = report;
        if (r != null && r.added() > 0) {
            int n = (int) Math.min(ADDED_LISTED, r.added());
            ui.load(Attempt.of(() -> ui.backend().list(new TuiBackend.ListQuery(null, null, null, "newest", n, 0)).items()), a -> {
                if (a.ok() && id.equals(reportOf)) added = a.value();
            });
        }
        reloads.poke(ui, this::reload);
    }

    @Override
    public boolean key(KeyStroke key, Ui ui) {
        this.ui = ui;
        if (folder != null) return folderKey(key, ui);
        if (table.key(key)) return true;
        if (key.getKeyType() == KeyType.Enter) {
            table.selected().ifPresent(s -> {
                if (s.report() == null) {
                    ui.status(s.error() != null ? Text.clean(s.error()) : "scan " + s.state().id() + ": no report yet");
                } else {
                    report = s.report();
                    reportOf = s.id();
                    added = List.of();
                }
            });
            return true;
        }
        if (key.getKeyType() != KeyType.Character || key.isCtrlDown() || key.isAltDown()) return false;
        switch (key.getCharacter()) {
            case 's' -> start(null, ui);
            case 'f' -> folder = new TextField(roots.isEmpty() ? "" : roots.getFirst().path() + "/");
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean folderKey(KeyStroke key, Ui ui) {
        TextField f = folder;
        switch (key.getKeyType()) {
            case Escape -> folder = null;
            case Enter -> {
                String path = f.text().strip();
                if (path.isEmpty()) {
                    ui.status("type a folder inside a root");
                    return true;
                }
                folder = null;
                start(path, ui);
            }
            default -> f.key(key);
        }
        return true; // the prompt holds the keyboard until Enter or Esc
    }

    private void start(@Nullable String path, Ui ui) {
        ui.load(Attempt.of(() -> ui.backend().scan(path)), a -> {
            if (!a.ok()) {
                ui.status(a.error());
                return;
            }
            ScanStatus s = a.value();
            ui.status("scan started: " + (path == null ? "every root" : Text.clean(path)));
            // a short scan may have ended (its events came first) before this answer did
            if (running == null && !ended.containsKey(s.id()) && s.state() != ScanService.State.DONE && s.state() != ScanService.State.FAILED) {
                running = new ScanStatus.Progress(s.id(), 0, 0, 0, 0, 0, 0, 0, null);
                runningRoots = s.roots();
            }
            reload();
        });
    }

    @Override
    public void draw(TextGraphics g, TerminalSize size) {
        int cols = size.getColumns();
        int rows = size.getRows();
        if (!loaded) {
            g.putString(0, 0, "loading scans…");
            return;
        }
        List<AssetView.Line> lines = new ArrayList<>();
        lines.add(AssetView.Line.heading(roots.size() == 1 ? "Root" : "Roots (" + roots.size() + ")"));
        if (roots.isEmpty()) lines.add(AssetView.Line.of("  none: add one with dam roots add PATH"));
        roots.stream().limit(ROOTS_LISTED).forEach(r -> lines.add(AssetView.Line.of("  " + Text.fitEnd(r.path(), cols - 2))));
        if (roots.size() > ROOTS_LISTED) lines.add(AssetView.Line.of("  … and " + (roots.size() - ROOTS_LISTED) + " more"));

        ScanStatus.Progress p = running;
        if (p != null) {
            lines.add(AssetView.Line.heading(SPINNER[ticks % SPINNER.length] + " Scanning "
                    + (runningRoots.isEmpty() ? "" : Text.fitEnd(String.join(", ", runningRoots), cols - 12))));
            // the scanner does not know how many files lie ahead: a counter, not a bar
            lines.add(AssetView.Line.of("  scanned " + p.scanned() + " · added " + p.added() + " · updated " + p.updated()
                    + " · unchanged " + p.unchanged() + " · deferred " + p.deferred() + " · failed " + p.failed()
                    + " · skipped " + p.skipped()));
            lines.add(AssetView.Line.of("  at " + (p.currentPath() == null ? "" : Text.fitEnd(p.currentPath(), cols - 5))));
        } else {
            lines.add(AssetView.Line.of("No scan running: s scans every root, f one folder"));
        }

        ScanStatus.Report r = report;
        if (r != null) {
            lines.add(AssetView.Line.heading("Last report: " + r.scanned() + " scanned, " + r.added() + " added, " + r.updated()
                    + " updated, " + r.unchanged() + " unchanged, " + r.failed() + " failed, " + r.missing() + " missing, took "
                    + took(r.durationMs())));
            for (AssetSummary a : added) {
                lines.add(AssetView.Line.of("  + " + Text.clean(a.title()) + "  " + (a.path() == null ? "" : Text.fitEnd(a.path(), cols / 2))));
            }
            r.problems().stream().limit(PROBLEMS_LISTED)
                    .forEach(x -> lines.add(AssetView.Line.of("  ! " + Text.fitEnd(x.path(), cols / 2) + ": " + Text.clean(x.error()))));
            if (r.problems().size() > PROBLEMS_LISTED) lines.add(AssetView.Line.of("  … " + (r.problems().size() - PROBLEMS_LISTED) + " more problems"));
            if (r.deferred() > 0) lines.add(AssetView.Line.of("  " + r.deferred() + " files still being written: left for later"));
        }

        int row = 0;
        for (AssetView.Line l : lines) {
            if (row >= rows - 3) break; // the table keeps a header and two rows at least
            if (l.heading()) g.enableModifiers(SGR.BOLD);
            g.putString(0, row++, Text.fit(l.text(), cols));
            if (l.heading()) g.disableModifiers(SGR.BOLD);
        }
        row++;
        g.enableModifiers(SGR.BOLD);
        g.putString(0, row++, "Recent scans");
        g.disableModifiers(SGR.BOLD);
        table.focused(folder == null);
        TerminalSize tableSize = new TerminalSize(cols, Math.max(0, rows - row));
        table.draw(g.newTextGraphics(new TerminalPosition(0, row), tableSize), tableSize);

        TextField f = folder;
        if (f != null) {
            int width = Math.min(cols, 100);
            int left = (cols - width) / 2;
            int top = Math.max(0, rows / 2 - 2);
            Frame.draw(g, left, top, width, 4, "Scan a folder");
            f.draw(g, left + 2, top + 1, width - 4, true);
            g.putString(left + 2, top + 2, Text.fit("a folder inside a root; Enter scans it, Esc cancels", width - 4));
        }
    }

    private static String what(ScanStatus s) {
        String first = s.roots().isEmpty() ? "" : String.join(", ", s.roots());
        return s.targets() > s.roots().size() ? first + " +" + (s.targets() - s.roots().size()) : first;
    }

    private static String count(ScanStatus s, Count c) {
        if (s.report() != null) {
            ScanStatus.Report r = s.report();
            return Long.toString(switch (c) {
                case SCANNED -> r.scanned();
                case ADDED -> r.added();
                case UPDATED -> r.updated();
                case FAILED -> r.failed();
            });
        }
        if (s.progress() != null) {
            ScanStatus.Progress p = s.progress();
            return Long.toString(switch (c) {
                case SCANNED -> p.scanned();
                case ADDED -> p.added();
                case UPDATED -> p.updated();
                case FAILED -> p.failed();
            });
        }
        return "";
    }

    private static String took(long ms) {
        return ms < 1000 ? ms + " ms" : Units.duration(ms / 1000.0);
    }
}
