package org.thatdam.cli.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.JobState;
import org.thatdam.server.api.AssetPage;
import org.thatdam.server.api.AssetSummary;
import org.thatdam.server.api.JobList;
import org.thatdam.server.api.JobView;
import org.thatdam.server.api.ScanStatus;
import org.thatdam.server.api.StatsView;
import org.thatdam.cli.format.Units;

/**
 * What the library holds and does at a glance: totals by kind, status and codec, storage used, the
 * newest assets (Enter opens one), running and failed jobs, the last scans. Library events reload it,
 * at most every {@link #DEBOUNCE}, so a busy scan does not turn into a reload per file.
 */
final class DashboardView implements View {

    static final Duration DEBOUNCE = Duration.ofMillis(500);
    /** From this width on the blocks stand side by side. */
    static final int WIDE = 120;
    private static final int RECENT = 30;
    private static final int RUNNING = 8;

    private @Nullable Snapshot data;
    private int selected;
    private int scroll;
    private boolean loading;
    /** Why the last load failed, in the library's words; null after one that worked. */
    private @Nullable String problem;
    private boolean reloadPending;
    private long lastLoad;

    /** Everything the dashboard shows, read in one go off the UI thread. */
    record Snapshot(StatsView stats, AssetPage recent, JobList running, List<ScanStatus> scans) {}

    @Override
    public String title() {
        return "Dashboard";
    }

    @Override
    public List<KeyHelp> keys() {
        return List.of(new KeyHelp("↑↓", "choose an asset"), new KeyHelp("Enter", "open it"), new KeyHelp("r", "reload"));
    }

    @Override
    public void shown(Ui ui) {
        reload(ui);
    }

    private void reload(Ui ui) {
        reloadPending = false;
        if (loading) { // one load at a time; the one running is followed by another
            reloadPending = true;
            return;
        }
        loading = true;
        lastLoad = System.nanoTime();
        TuiBackend b = ui.backend();
        ui.load(Attempt.of(() -> new Snapshot(b.stats(), b.list(new TuiBackend.ListQuery(null, null, null, "newest", RECENT, 0)),
                b.jobs(JobState.RUNNING, RUNNING), b.scans())), a -> {
            loading = false;
            if (a.ok()) {
                data = a.value();
                problem = null;
                selected = Math.min(selected, Math.max(0, data.recent().items().size() - 1));
            } else {
                problem = a.error(); // kept on screen (the status line fades): r tries again
                ui.status(a.error());
            }
            if (reloadPending) later(ui);
        });
    }

    @Override
    public void event(LiveEvent event, Ui ui) {
        String t = event.type();
        if (t.startsWith("asset.") || t.startsWith("job.") || t.startsWith("scan.") || t.equals("tui.online")) later(ui);
    }

    /** A reload no sooner than {@link #DEBOUNCE} after the last one; events meanwhile join it. */
    private void later(Ui ui) {
        if (reloadPending && !loading) return;
        reloadPending = true;
        if (loading) return;
        long wait = Math.max(0, lastLoad + DEBOUNCE.toNanos() - System.nanoTime());
        ui.after(Duration.ofNanos(wait), () -> {
            if (reloadPending) reload(ui);
        });
    }

    @Override
    public boolean key(KeyStroke key, Ui ui) {
        List<AssetSummary> items = data == null ? List.of() : data.recent().items();
        switch (key.getKeyType()) {
            case ArrowUp -> selected = Math.max(0, selected - 1);
            case ArrowDown -> selected = Math.min(Math.max(0, items.size() - 1), selected + 1);
            case Home -> selected = 0;
            case End -> selected = Math.max(0, items.size() - 1);
            case Enter -> {
                if (selected >= items.size()) return false;
                ui.open(ui.views().asset(items.get(selected).id()));
            }
            case Character -> {
                if (key.getCharacter() != 'r') return false;
                reload(ui);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public void draw(TextGraphics g, TerminalSize size) {
        if (data == null) {
            g.putString(1, 1, Text.fit(problem == null ? "loading the library…" : problem + " (r tries again)", Math.max(1, size.getColumns() - 2)));
            return;
        }
        int cols = size.getColumns();
        int rows = size.getRows();
        if (cols >= WIDE) {
            // Totals | recent assets | jobs and scans
            int left = 40;
            int right = Math.min(56, (cols - left) / 2);
            int middle = cols - left - right;
            int r = totals(area(g, 0, 0, left, rows), left, true);
            r += storage(area(g, 0, r + 1, left, rows - r - 1));
            recent(area(g, left, 0, middle, rows), middle, rows);
            int j = jobs(area(g, left + middle, 0, right, rows), right, rows / 2);
            scans(area(g, left + middle, j + 1, right, rows - j - 1), right, rows - j - 1);
        } else {
            // 80x21 and up: totals across, then jobs and scans side by side, then the newest assets
            int r = totals(g, cols, false);
            int half = cols / 2;
            int j = jobs(area(g, 0, r + 1, half, 5), half, 5);
            int s = scans(area(g, half, r + 1, cols - half, 5), cols - half, 5);
            int top = r + 2 + Math.max(j, s);
            recent(area(g, 0, top, cols, rows - top), cols, rows - top);
        }
    }

    private static TextGraphics area(TextGraphics g, int col, int row, int width, int height) {
        return g.newTextGraphics(new TerminalPosition(col, row), new TerminalSize(Math.max(1, width), Math.max(1, height)));
    }

    /** The library line and the kind/status/codec groups; returns the rows used. */
    private int totals(TextGraphics g, int width, boolean stacked) {
        StatsView s = data.stats();
        heading(g, 0, "Library");
        String summary = String.format("%,d %s · %s · %s · %,d %s", s.assets(), s.assets() == 1 ? "asset" : "assets",
                Units.bytes(s.bytes()), Units.duration(s.durationSec()), s.locations(), s.locations() == 1 ? "location" : "locations");
        // in a column of its own the line goes below the heading, where it has the column's width
        if (stacked) g.putString(0, 1, Text.fit(summary, width - 1));
        else g.putString(9, 0, Text.fit(summary, width - 10));
        List<List<StatsView.Group>> groups = List.of(s.byKind(), s.byStatus(), s.byCodec());
        List<String> names = List.of("Kind", "Status", "Codec");
        int shown = 4;
        if (stacked) {
            int row = 3;
            for (int i = 0; i < groups.size(); i++) {
                row = group(g, 0, row, width, names.get(i), groups.get(i), shown) + 1;
            }
            return row - 1;
        }
        int w = width / 3;
        int used = 0;
        for (int i = 0; i < groups.size(); i++) used = Math.max(used, group(g, i * w, 2, w - 1, names.get(i), groups.get(i), shown));
        return used;
    }

    /** One group as a small table at {@code col,row}; returns the row after it. */
    private static int group(TextGraphics g, int col, int row, int width, String name, List<StatsView.Group> groups, int max) {
        heading(g, row, col, name);
        int r = row + 1;
        int nameWidth = Math.max(4, width - 18);
        for (int i = 0; i < groups.size() && i < max; i++) {
            StatsView.Group x = groups.get(i);
            String key = x.key() == null || x.key().isEmpty() ? "(none)" : x.key();
            g.putString(col, r++, Text.pad(Text.fit(key, nameWidth), nameWidth) + String.format("%6d %10s", x.count(), Units.bytes(x.bytes())));
        }
        if (groups.size() > max) g.putString(col, r++, "… " + (groups.size() - max) + " more");
        if (groups.isEmpty()) g.putString(col, r++, "none");
        return r;
    }

    private int storage(TextGraphics g) {
        heading(g, 0, "Storage");
        g.putString(0, 1, Text.fit("originals " + Units.bytes(data.stats().bytes()), 38));
        return 2;
    }

    /** Job counts by state and the running jobs with their progress; returns the rows used. */
    private int jobs(TextGraphics g, int width, int height) {
        JobList jobs = data.running();
        heading(g, 0, "Jobs");
        long running = jobs.counts().getOrDefault("running", 0L);
        long queued = jobs.counts().getOrDefault("queued", 0L);
        long failed = jobs.counts().getOrDefault("failed", 0L);
        String counts = running + " running · " + queued + " queued · ";
        g.putString(6, 0, Text.fit(counts, width - 6));
        int at = 6 + counts.length();
        if (failed > 0) g.enableModifiers(SGR.BOLD);
        if (at < width) g.putString(at, 0, Text.fit(failed + " failed", width - at));
        g.disableModifiers(SGR.BOLD);
        int r = 1;
        List<JobView> list = jobs.items().stream().filter(j -> j.state() == JobState.RUNNING).toList();
        if (list.isEmpty()) g.putString(0, r++, "nothing running");
        int labelWidth = Math.max(8, width - 20);
        for (JobView j : list) {
            if (r >= height) break;
            g.putString(0, r, Text.pad(Text.fit(j.kindLabel() + (j.assetId() == null ? "" : " #" + j.assetId()), labelWidth), labelWidth));
            g.putString(labelWidth + 1, r++, ProgressBar.withPercent(j.progress(), width - labelWidth - 3));
        }
        return r;
    }

    /** The last scans, newest first; returns the rows used. */
    private int scans(TextGraphics g, int width, int height) {
        heading(g, 0, "Scans");
        List<ScanStatus> scans = data.scans();
        int r = 1;
        if (scans.isEmpty()) g.putString(0, r++, "no scan yet");
        for (ScanStatus s : scans) {
            if (r >= height) break;
            String when = s.startedAt() == null ? "" : Times.minutes(s.startedAt()) + " ";
            String what;
            if (s.report() != null) {
                ScanStatus.Report rep = s.report();
                what = rep.scanned() + " scanned, " + rep.added() + " added" + (rep.failed() > 0 ? ", " + rep.failed() + " failed" : "");
            } else if (s.progress() != null) {
                what = s.progress().scanned() + " scanned so far";
            } else {
                what = s.error() == null ? "" : s.error();
            }
            g.putString(0, r++, Text.fit(when + s.state().name().toLowerCase(java.util.Locale.ROOT) + " · " + what, width - 1));
        }
        return r;
    }

    /** The newest assets as a list with a selected row. */
    private void recent(TextGraphics g, int width, int height) {
        List<AssetSummary> items = data.recent().items();
        heading(g, 0, "Recent assets");
        int visible = Math.max(1, height - 1);
        if (selected < scroll) scroll = selected;
        if (selected >= scroll + visible) scroll = selected - visible + 1;
        if (items.isEmpty()) g.putString(0, 1, "no assets yet: start a scan (5)");
        int titleWidth = Math.max(10, width - 36);
        for (int i = scroll; i < items.size() && i - scroll < visible; i++) {
            AssetSummary a = items.get(i);
            String line = " " + Text.pad(Text.fit(a.title(), titleWidth), titleWidth) + " "
                    + Text.pad(a.kind().name().toLowerCase(java.util.Locale.ROOT), 6) + " "
                    + Text.pad(a.status().name().toLowerCase(java.util.Locale.ROOT), 8) + " "
                    + String.format("%9s", a.sizeBytes() == null ? "" : Units.bytes(a.sizeBytes())) + " ";
            if (i == selected) g.enableModifiers(SGR.REVERSE);
            g.putString(0, 1 + i - scroll, Text.fit(line, width));
            g.disableModifiers(SGR.REVERSE);
        }
    }

    private static void heading(TextGraphics g, int row, String text) {
        heading(g, row, 0, text);
    }

    private static void heading(TextGraphics g, int row, int col, String text) {
        g.enableModifiers(SGR.BOLD);
        g.putString(col, row, text);
        g.disableModifiers(SGR.BOLD);
    }
}
