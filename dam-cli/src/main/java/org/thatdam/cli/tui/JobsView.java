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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.JobState;
import org.thatdam.server.api.JobList;
import org.thatdam.server.api.JobView;

/**
 * The background jobs, newest first, with their progress as bars that move with the library's
 * progress events (no reload) and counts by state on the first line. Tab cycles the state shown;
 * R retries a failed or cancelled job, C cancels a queued or running one after a y/n question, Enter
 * opens the job's asset.
 */
final class JobsView implements View {

    /** How many jobs one load shows: the newest. */
    static final int LIMIT = 500;
    /** The states Tab cycles through; null: all. */
    private static final List<@Nullable JobState> FILTERS = Arrays.asList(null, JobState.RUNNING, JobState.QUEUED, JobState.FAILED);

    private final Table<JobView> table = new Table<>(List.of(
            Table.Column.<JobView>of("id", 6, j -> Long.toString(j.id())).right(),
            Table.Column.<JobView>of("kind", 10, JobView::kindLabel),
            Table.Column.<JobView>of("asset", 6, j -> j.assetId() == null ? "" : Long.toString(j.assetId())).right(),
            Table.Column.<JobView>of("state", 9, j -> j.state().id()),
            Table.Column.<JobView>of("progress", 16, JobsView::bar).weight(1),
            Table.Column.<JobView>of("tries", 5, j -> j.attempts() + "/" + j.maxAttempts()).right().drop(2),
            Table.Column.<JobView>of("node", 8, j -> j.node() == null ? "" : j.node()).drop(3),
            Table.Column.<JobView>of("error", 12, j -> j.error() == null ? "" : j.error()).weight(2).drop(1)),
            JobView::id);
    private final Debounce reloads = new Debounce(Duration.ofMillis(150), Duration.ofSeconds(1));
    private @Nullable Ui ui;
    private int filter;
    private Map<String, Long> counts = Map.of();
    private boolean loaded;
    private final OneLoad<JobList> loads = new OneLoad<>(u -> {
        JobState state = FILTERS.get(filter);
        return () -> u.backend().jobs(state, LIMIT);
    }, a -> {
        if (a.ok()) show(a.value());
        else ui.status(a.error());
    });
    /** The job a cancel question is about, while it is asked. */
    private @Nullable JobView confirming;

    JobsView() {
        table.empty("no jobs");
    }

    @Override
    public String title() {
        return "Jobs";
    }

    @Override
    public List<KeyHelp> keys() {
        return List.of(new KeyHelp("↑↓ PgUp PgDn", "select"), new KeyHelp("Tab", "all / running / queued / failed"),
                new KeyHelp("R", "retry the failed or cancelled job"), new KeyHelp("C", "cancel the queued or running job"),
                new KeyHelp("Enter", "open the job's asset"));
    }

    @Override
    public boolean typing() {
        return confirming != null;
    }

    @Override
    public void shown(Ui ui) {
        this.ui = ui;
        reload();
    }

    private void reload() {
        if (ui != null) loads.run(ui);
    }

    private void show(JobList list) {
        counts = list.counts();
        table.rows(list.items());
        loaded = true;
    }

    @Override
    public void event(LiveEvent event, Ui ui) {
        this.ui = ui;
        JsonNode b = event.body();
        switch (event.type()) {
            case "job.progress" -> progress(b.path("jobId").asLong(-1), b.path("progress").asDouble());
            case "job.state", "job.cleared", "tui.online" -> reloads.poke(ui, this::reload);
            default -> { }
        }
    }

    /** Moves one bar in place: progress events come many a second, a reload per event would be wasted. */
    private void progress(long jobId, double fraction) {
        List<JobView> rows = table.rows();
        List<JobView> moved = new ArrayList<>(rows.size());
        boolean found = false;
        for (JobView j : rows) {
            if (j.id() == jobId) {
                found = true;
                // a progress event is news that the job runs, even before its state event
                JobState state = j.state() == JobState.QUEUED ? JobState.RUNNING : j.state();
                j = new JobView(j.id(), j.kind(), j.kindLabel(), j.assetId(), state, fraction, j.attempts(), j.maxAttempts(),
                        j.error(), j.reason(), j.createdAt(), j.startedAt(), j.finishedAt(), j.node());
            }
            moved.add(j);
        }
        if (found) table.rows(moved);
    }

    @Override
    public boolean key(KeyStroke key, Ui ui) {
        this.ui = ui;
        if (confirming != null) return confirmKey(key, ui);
        if (table.key(key)) return true;
        if (key.getKeyType() == KeyType.Tab) {
            filter = (filter + 1) % FILTERS.size();
            reload();
            return true;
        }
        if (key.getKeyType() == KeyType.ReverseTab) {
            filter = (filter + FILTERS.size() - 1) % FILTERS.size();
            reload();
            return true;
        }
        if (key.getKeyType() == KeyType.Enter) {
            table.selected().ifPresent(j -> {
                if (j.assetId() == null) ui.status("job " + j.id() + " is not about one asset");
                else ui.open(ui.views().asset(j.assetId()));
            });
            return true;
        }
        if (key.getKeyType() != KeyType.Character || key.isCtrlDown() || key.isAltDown()) return false;
        switch (key.getCharacter()) {
            case 'R' -> table.selected().ifPresent(j -> retry(j, ui));
            case 'C' -> table.selected().ifPresent(j -> {
                if (j.state().finished()) ui.status("job " + j.id() + " is " + j.state().id() + ": nothing to cancel");
                else confirming = j;
            });
            default -> {
                return false;
            }
        }
        return true;
    }

    private void retry(JobView j, Ui ui) {
        if (j.state() != JobState.FAILED && j.state() != JobState.CANCELLED) {
            ui.status("job " + j.id() + " is " + j.state().id() + ": only a failed or cancelled job is retried");
            return;
        }
        ui.load(Attempt.of(() -> ui.backend().retry(j.id())), a -> {
            if (a.ok()) {
                ui.status("job " + j.id() + " queued again");
                reload();
            } else {
                ui.status(a.error());
            }
        });
    }

    private boolean confirmKey(KeyStroke key, Ui ui) {
        JobView j = confirming;
        if (key.getKeyType() == KeyType.Character && Character.toLowerCase(key.getCharacter()) == 'y') {
            confirming = null;
            ui.load(Attempt.of(() -> {
                ui.backend().cancel(j.id());
                return Boolean.TRUE;
            }), a -> {
                if (a.ok()) {
                    ui.status("job " + j.id() + " cancelled");
                    reload();
                } else {
                    ui.status(a.error());
                }
            });
        } else if (key.getKeyType() == KeyType.Escape || key.getKeyType() == KeyType.Enter
                || key.getKeyType() == KeyType.Character && Character.toLowerCase(key.getCharacter()) == 'n') {
            confirming = null;
            ui.status("not cancelled");
        }
        return true; // the question holds the keyboard until answered
    }

    @Override
    public void draw(TextGraphics g, TerminalSize size) {
        int cols = size.getColumns();
        g.enableModifiers(SGR.BOLD);
        g.putString(0, 0, Text.fit(summary(), cols));
        g.disableModifiers(SGR.BOLD);
        if (!loaded) {
            g.putString(0, 2, "loading jobs…");
            return;
        }
        table.focused(confirming == null);
        table.draw(g.newTextGraphics(new TerminalPosition(0, 1), new TerminalSize(cols, Math.max(0, size.getRows() - 1))),
                new TerminalSize(cols, Math.max(0, size.getRows() - 1)));
        JobView j = confirming;
        if (j != null) {
            String q = "Cancel job " + j.id() + " (" + j.kindLabel() + (j.assetId() == null ? "" : ", asset " + j.assetId()) + ")? y/n";
            int width = Math.min(cols, Text.width(q) + 4);
            int left = (cols - width) / 2;
            int top = Math.max(0, size.getRows() / 2 - 1);
            Frame.draw(g, left, top, width, 3, "Cancel");
            g.putString(left + 2, top + 1, Text.fit(q, width - 4));
        }
    }

    /** "Jobs: all │ 2 running · 1 queued · 3 failed · 40 done" */
    private String summary() {
        JobState f = FILTERS.get(filter);
        StringBuilder b = new StringBuilder("Showing ").append(f == null ? "all" : f.id()).append(" (Tab) │ ");
        List<String> parts = new ArrayList<>();
        for (JobState s : JobState.values()) {
            long n = counts.getOrDefault(s.id(), 0L);
            if (n > 0) parts.add(n + " " + s.id());
        }
        b.append(parts.isEmpty() ? "no jobs" : String.join(" · ", parts));
        return b.toString();
    }

    private static String bar(JobView j) {
        return switch (j.state()) {
            case RUNNING -> ProgressBar.withPercent(j.progress(), 16);
            case DONE -> ProgressBar.withPercent(1, 16);
            case QUEUED -> "";
            default -> j.progress() > 0 ? ProgressBar.withPercent(j.progress(), 16) : "";
        };
    }
}
