package org.thatdam.cli.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.server.api.AssetDetailsView;
import org.thatdam.server.api.AssetSummary;
import org.thatdam.server.api.DerivativeView;
import org.thatdam.server.api.JobView;
import org.thatdam.server.api.LocationView;
import org.thatdam.server.api.MediaMetadata;
import org.thatdam.server.api.VersionView;
import org.thatdam.cli.format.Units;

/**
 * One asset: what it is, its technical metadata and streams, what people wrote on it, where its files
 * are, its versions, derivatives and jobs, and its poster in half-block cells (on the right when the
 * terminal is wide, small above the text otherwise). The body scrolls. Keys edit the title, tags and
 * description, make a derivative again, open the proxy in a local player and jump to the jobs.
 */
final class AssetView implements View {

    /** From this many columns on, the poster stands beside the text instead of above it. */
    static final int WIDE = 110;
    /** The poster's height above the text in a narrow terminal. */
    private static final int SMALL_POSTER_ROWS = 7;
    private static final int LABEL = 12;
    private static final int MAX_DESCRIPTION_LINES = 30;

    private final long id;
    private final HalfBlocks.Colours colours;
    private @Nullable Ui ui;
    private @Nullable AssetDetailsView details;
    private @Nullable HalfBlocks poster;
    private @Nullable String problem;
    private final OneLoad<AssetDetailsView> loads;
    /** Poster loads one at a time too: a burst of "poster done" events decodes the picture twice, not once each. */
    private final OneLoad<Optional<HalfBlocks.Poster>> posterLoads;
    private int scroll;
    private int page = 1;
    private @Nullable EditForm form;
    private @Nullable Choice<JobKind> regenerate;

    AssetView(long id) {
        this(id, HalfBlocks.Colours.ofThisProcess());
    }

    /** {@code colours}: what the terminal can show, for the poster. */
    AssetView(long id, HalfBlocks.Colours colours) {
        this.id = id;
        this.colours = colours;
        this.loads = new OneLoad<>(u -> () -> u.backend().asset(id), a -> {
            if (a.ok()) {
                details = a.value();
                problem = null;
            } else {
                problem = a.error();
                ui.status(a.error());
            }
        });
        this.posterLoads = new OneLoad<>(u -> () -> u.backend().poster(id).map(HalfBlocks::decode), a -> {
            if (a.ok()) poster = a.value().map(x -> new HalfBlocks(x, colours)).orElse(null);
            // else: the asset's own load says what is wrong
        });
    }

    @Override
    public String title() {
        return "Asset " + id;
    }

    @Override
    public List<KeyHelp> keys() {
        return List.of(new KeyHelp("↑↓ PgUp PgDn", "scroll"), new KeyHelp("e", "edit title, tags, description"),
                new KeyHelp("r", "make a derivative again"), new KeyHelp("o", "open the proxy in a player"),
                new KeyHelp("j", "jobs"));
    }

    @Override
    public boolean typing() {
        return form != null || regenerate != null;
    }

    @Override
    public void shown(Ui ui) {
        this.ui = ui;
        reload();
        reloadPoster();
    }

    private void reload() {
        if (ui != null) loads.run(ui);
    }

    private void reloadPoster() {
        if (ui != null) posterLoads.run(ui);
    }

    @Override
    public void event(LiveEvent event, Ui ui) {
        JsonNode b = event.body();
        if (b == null || b.path("assetId").asLong(-1) != id) {
            if (event.type().equals("tui.online")) reload();
            return;
        }
        switch (event.type()) {
            case "asset.updated", "asset.ingested", "asset.failed" -> reload();
            case "asset.removed" -> {
                problem = "this asset was removed from the library";
                details = null;
            }
            case "job.state" -> {
                reload();
                if ("poster".equals(b.path("kind").asText()) && "done".equals(b.path("state").asText())) reloadPoster();
            }
            case "job.progress" -> progress(b.path("jobId").asLong(), b.path("progress").asDouble());
            default -> { }
        }
    }

    /** A job's progress moved: shown at once, without asking the library again. */
    private void progress(long jobId, double fraction) {
        AssetDetailsView d = details;
        if (d == null) return;
        List<JobView> jobs = d.jobs().stream().map(j -> j.id() != jobId ? j : new JobView(j.id(), j.kind(), j.kindLabel(),
                j.assetId(), j.state(), fraction, j.attempts(), j.maxAttempts(), j.error(), j.reason(), j.createdAt(),
                j.startedAt(), j.finishedAt(), j.node())).toList();
        details = new AssetDetailsView(d.summary(), d.description(), d.tags(), d.fields(), d.posterPath(), d.posterSmallPath(),
                d.spriteVttPath(), d.proxyPath(), d.quickHash(), d.fullHash(), d.metadata(), d.locations(), d.versions(),
                d.derivatives(), jobs, d.downloads());
    }

    @Override
    public boolean key(KeyStroke key, Ui ui) {
        this.ui = ui;
        if (form != null) return formKey(key, ui);
        if (regenerate != null) return regenerateKey(key, ui);
        switch (key.getKeyType()) {
            case ArrowUp -> scroll = Math.max(0, scroll - 1);
            case ArrowDown -> scroll++;
            case PageUp -> scroll = Math.max(0, scroll - page);
            case PageDown -> scroll += page;
            case Home -> scroll = 0;
            case Character -> {
                if (key.isCtrlDown() || key.isAltDown()) return false;
                return letter(key.getCharacter(), ui);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean letter(char c, Ui ui) {
        AssetDetailsView d = details;
        switch (c) {
            case 'e' -> {
                if (d == null) return true;
                form = new EditForm(d.summary().title(), d.tags(), d.description());
            }
            case 'r' -> {
                if (d == null) return true;
                List<JobKind> kinds = regenerable(d.summary());
                if (kinds.isEmpty()) ui.status("nothing can be made again for this asset");
                else regenerate = new Choice<>("Make again", kinds, k -> k.label().toLowerCase(Locale.ROOT));
            }
            case 'o' -> openProxy(ui, d);
            case 'j' -> ui.open(ui.views().jobs());
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The derivatives the server makes again on request and that this kind of asset has. */
    static List<JobKind> regenerable(AssetSummary a) {
        return Arrays.stream(JobKind.values()).filter(k -> k.derivative() && k.writesFiles() && k.plannedFor(a.kind())).toList();
    }

    private void openProxy(Ui ui, @Nullable AssetDetailsView d) {
        if (!ui.backend().local()) {
            ui.status("the library is on another machine: its proxy cannot be opened here");
        } else if (d == null || d.proxyPath() == null) {
            ui.status("no proxy yet (r makes one)");
        } else {
            ui.load(Attempt.of(() -> ui.backend().proxyFile(id)), a -> {
                if (!a.ok()) ui.status(a.error());
                else if (a.value().isEmpty()) ui.status("the proxy's file is not on this machine");
                else ui.openExternally(a.value().get());
            });
        }
    }

    private boolean formKey(KeyStroke key, Ui ui) {
        EditForm f = form;
        switch (f.key(key)) {
            case CANCEL -> form = null;
            case SAVE -> {
                if (!f.changed()) {
                    form = null;
                    ui.status("nothing changed");
                    return true;
                }
                f.saving(true);
                var patch = f.patch();
                ui.load(Attempt.of(() -> ui.backend().edit(id, patch)), a -> {
                    if (form != f) return; // cancelled meanwhile: the save went on, the reload shows it
                    f.saving(false);
                    if (a.ok()) {
                        form = null;
                        details = a.value();
                        ui.status("saved");
                    } else {
                        ui.status(a.error()); // the form stays, so nothing typed is lost
                    }
                });
            }
            case TYPED -> { }
            case NOT_MINE -> {
                return key.getKeyType() == KeyType.Character; // a typed key never reaches the app's shortcuts
            }
        }
        return true;
    }

    private boolean regenerateKey(KeyStroke key, Ui ui) {
        Choice<JobKind> c = regenerate;
        switch (c.key(key)) {
            case CANCEL -> regenerate = null;
            case PICKED -> {
                regenerate = null;
                JobKind kind = c.selected().orElseThrow();
                ui.load(Attempt.of(() -> ui.backend().regenerate(id, kind)), a -> {
                    if (a.ok()) {
                        ui.status(kind.label() + " queued (job " + a.value().id() + ")");
                        reload();
                    } else {
                        ui.status(a.error());
                    }
                });
            }
            case MOVED, NOT_MINE -> { }
        }
        return true;
    }

    @Override
    public void draw(TextGraphics g, TerminalSize size) {
        int cols = size.getColumns();
        int rows = size.getRows();
        page = Math.max(1, rows - 1);
        AssetDetailsView d = details;
        if (d == null) {
            g.putString(0, 0, Text.fit(problem != null ? problem : "loading asset " + id + "…", cols));
            return;
        }
        boolean wide = cols >= WIDE;
        int posterCols = wide ? Math.min(72, cols * 2 / 5) : cols;
        int textCols = wide ? cols - posterCols - 2 : cols;
        List<Line> lines = lines(d, textCols);
        int posterRows = 0;
        HalfBlocks p = poster;
        if (!wide) {
            // small, above the text, scrolled with it
            posterRows = (p == null ? 1 : p.size(new TerminalSize(cols, SMALL_POSTER_ROWS)).getRows()) + 1;
        }
        int total = posterRows + lines.size();
        scroll = Math.max(0, Math.min(scroll, total - rows));
        if (!wide && scroll < posterRows) {
            TextGraphics pg = g.newTextGraphics(new TerminalPosition(0, 0), new TerminalSize(cols, posterRows - scroll));
            drawPoster(pg, p, 0, -scroll, new TerminalSize(cols, SMALL_POSTER_ROWS));
        }
        TextGraphics tg = g.newTextGraphics(TerminalPosition.TOP_LEFT_CORNER, new TerminalSize(textCols, rows));
        for (int i = Math.max(0, scroll - posterRows); i < lines.size(); i++) {
            int row = posterRows + i - scroll;
            if (row >= rows) break;
            if (row < 0) continue;
            Line l = lines.get(i);
            if (l.heading()) tg.enableModifiers(SGR.BOLD);
            tg.putString(0, row, Text.fit(l.text(), textCols));
            if (l.heading()) tg.disableModifiers(SGR.BOLD);
        }
        if (wide) drawPoster(g.newTextGraphics(new TerminalPosition(textCols + 2, 0), new TerminalSize(posterCols, rows)), p, 0, 0,
                new TerminalSize(posterCols, rows));
        if (total > rows) {
            String more = scroll + rows < total ? " ↓ more " : " end ";
            g.putString(textCols - more.length(), rows - 1, more, SGR.REVERSE);
        }
        if (form != null) form.draw(g, size);
        if (regenerate != null) regenerate.draw(g, size);
    }

    private void drawPoster(TextGraphics g, @Nullable HalfBlocks p, int col, int row, TerminalSize box) {
        if (p == null) {
            g.putString(col, row, details != null && details.posterPath() != null ? "poster: loading…" : "no poster yet");
        } else {
            p.draw(g, col, row, box);
        }
    }

    /** A line of the body; everything from the library in it is cleaned when drawn ({@link Text#fit}). */
    record Line(String text, boolean heading) {
        static Line of(String text) {
            return new Line(text, false);
        }

        static Line heading(String text) {
            return new Line(text, true);
        }
    }

    /** The body's text for a column {@code width} cells wide. */
    static List<Line> lines(AssetDetailsView d, int width) {
        AssetSummary a = d.summary();
        List<Line> out = new ArrayList<>();
        out.add(Line.heading(Text.clean(a.title())));
        field(out, "path", a.path());
        field(out, "kind", join(" · ", a.kind().name().toLowerCase(Locale.ROOT), a.status().name().toLowerCase(Locale.ROOT),
                a.batch() == null ? null : "batch " + a.batch()));
        if (a.error() != null) field(out, "error", a.error());
        String marks = join(" · ", a.rating() > 0 ? "★".repeat(a.rating()) + "☆".repeat(Math.max(0, 5 - a.rating())) : null,
                a.favourite() ? "favourite" : null, a.label() == null ? null : "label " + a.label().name().toLowerCase(Locale.ROOT));
        if (!marks.isEmpty()) field(out, "rating", marks);
        field(out, "tags", d.tags().isEmpty() ? null : String.join(", ", d.tags()));
        if (d.description() != null && !d.description().isBlank()) {
            out.add(Line.of(Text.pad("description", LABEL)));
            List<String> wrapped = new ArrayList<>();
            int w = Math.max(10, width - 2);
            // only what can be shown is wrapped: a long description costs no more than its first lines
            int cap = (MAX_DESCRIPTION_LINES + 1) * w * 2;
            for (String para : d.description().split("\r\n|\r|\n", -1)) {
                if (wrapped.size() > MAX_DESCRIPTION_LINES) break;
                wrapped.addAll(wrap(Text.clean(para.length() > cap ? para.substring(0, cap) : para), w));
            }
            wrapped.stream().limit(MAX_DESCRIPTION_LINES).forEach(s -> out.add(Line.of("  " + s)));
            if (wrapped.size() > MAX_DESCRIPTION_LINES) out.add(Line.of("  …"));
        }

        out.add(Line.of(""));
        out.add(Line.heading("Technical"));
        field(out, "container", a.container());
        field(out, "duration", a.durationSec() == null ? null : Units.duration(a.durationSec()));
        field(out, "size", a.sizeBytes() == null ? null : Units.bytes(a.sizeBytes()));
        field(out, "bitrate", a.bitRate() == null ? null : Units.bitRate(a.bitRate()));
        field(out, "video", join(" ", a.videoCodec(), Units.dims(a.width(), a.height()), fps(a.fps())));
        field(out, "audio", a.audioCodec());
        field(out, "captured", a.capturedAt() == null ? null : join(" ", Times.seconds(a.capturedAt()),
                a.captureSource() == null ? null : "(" + a.captureSource().name().toLowerCase(Locale.ROOT) + ")"));
        MediaMetadata m = d.metadata();
        if (m != null) {
            field(out, "camera", join(" ", m.cameraMake(), m.cameraModel()));
            field(out, "timecode", m.timecode());
            if (m.gps() != null) field(out, "place", String.format(Locale.ROOT, "%.5f, %.5f", m.gps().latitude(), m.gps().longitude()));
            if (!m.streams().isEmpty()) {
                out.add(Line.heading("Streams"));
                for (MediaMetadata.Stream s : m.streams()) out.add(Line.of("  " + stream(s)));
            }
        }

        if (!d.locations().isEmpty()) {
            out.add(Line.heading("Locations"));
            for (LocationView l : d.locations()) {
                out.add(Line.of("  " + (l.missing() ? "MISSING " : "") + Text.clean(l.path()) + "  " + Units.bytes(l.sizeBytes())));
            }
        }
        if (!d.versions().isEmpty()) {
            out.add(Line.heading("Versions"));
            for (VersionView v : d.versions()) {
                out.add(Line.of("  v" + v.versionNo() + "  " + join("  ", Units.bytes(v.sizeBytes()), Times.seconds(v.createdAt()),
                        v.error() == null ? null : "error: " + v.error())));
            }
        }
        if (!d.derivatives().isEmpty()) {
            out.add(Line.heading("Derivatives"));
            for (DerivativeView dv : d.derivatives()) {
                out.add(Line.of("  " + Text.pad(dv.kind(), 14) + " " + Text.padLeft(Units.bytes(dv.sizeBytes()), 9) + "  "
                        + join("  ", Units.dims(dv.width(), dv.height()), dv.stale() ? "stale" : null)));
            }
        }
        if (!d.jobs().isEmpty()) {
            out.add(Line.heading("Jobs"));
            for (JobView j : d.jobs()) {
                String bar = j.state() == org.thatdam.model.JobState.RUNNING ? ProgressBar.withPercent(j.progress(), 16) : "";
                out.add(Line.of("  #" + Text.pad(Long.toString(j.id()), 6) + " " + Text.pad(j.kindLabel(), 12) + " "
                        + Text.pad(j.state().id(), 9) + " " + join("  ", bar, j.error() == null ? null : j.error())));
            }
        }
        return out;
    }

    private static void field(List<Line> out, String label, @Nullable String value) {
        if (value == null || value.isBlank()) return;
        out.add(Line.of(Text.pad(label, LABEL) + Text.clean(value)));
    }

    private static String stream(MediaMetadata.Stream s) {
        return "#" + s.index() + " " + join(" ", s.type(), s.codec(), s.profile() == null ? null : "(" + s.profile() + ")",
                Units.dims(s.width(), s.height()), fps(s.fps()), s.pixFmt(),
                s.sampleRate() == null ? null : s.sampleRate() + " Hz", s.channels() == null ? null : s.channels() + " ch",
                s.channelLayout(), s.language(), s.bitRate() == null ? null : Units.bitRate(s.bitRate()));
    }

    private static @Nullable String fps(@Nullable Double fps) {
        if (fps == null) return null;
        return (fps == Math.rint(fps) ? Long.toString(Math.round(fps)) : String.format(Locale.ROOT, "%.2f", fps)) + " fps";
    }

    /** The parts that are there, cleaned, joined by {@code sep}. */
    static String join(String sep, @Nullable String... parts) {
        List<String> there = new ArrayList<>();
        for (String p : parts) if (p != null && !p.isBlank()) there.add(Text.clean(p));
        return String.join(sep, there);
    }

    /** {@code text} (cleaned) in lines of at most {@code width} cells, broken at spaces where it can be. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            while (Text.width(word) > width) { // a word longer than the line: cut it
                if (!line.isEmpty()) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                String head = Text.fit(word, width + 1);
                head = head.substring(0, head.length() - 1); // the part before the '…'
                if (head.isEmpty()) break;
                out.add(head);
                word = word.substring(head.length());
            }
            if (!line.isEmpty() && Text.width(line.toString()) + 1 + Text.width(word) > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) line.append(' ');
            line.append(word);
        }
        if (!line.isEmpty() || out.isEmpty()) out.add(line.toString());
        return out;
    }
}
