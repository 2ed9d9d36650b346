package org.thatdam.cli.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.thatdam.cli.format.Units;
import org.thatdam.model.DamException;
import org.thatdam.server.api.AssetPage;
import org.thatdam.server.api.AssetSummary;

/**
 * The library as {@code dam list} shows it: a sortable, filterable table of assets, loaded a page at a
 * time as the selection nears the end, and reloaded (the selection kept) when assets are ingested,
 * changed or removed.
 */
final class LibraryView implements View {

    static final int PAGE = 200;
    /** The most a reload asks for at once (the API's own limit), so one stays one request. */
    private static final int MOST = 1000;
    private static final List<String> SORTS = List.of("newest", "oldest", "name", "size", "duration");
    private static final List<String> KINDS = List.of("all", "video", "audio", "image", "other");
    private static final List<String> STATUSES = List.of("all", "ok", "failed", "missing");

    private final Table<AssetSummary> table = new Table<>(List.of(
            Table.Column.<AssetSummary>of("id", 5, a -> String.valueOf(a.id())).right(),
            Table.Column.<AssetSummary>of("kind", 5, a -> a.kind().id()).drop(4),
            Table.Column.<AssetSummary>of("status", 7, a -> a.status().id()).drop(3),
            Table.Column.<AssetSummary>of("duration", 8, a -> Units.duration(a.durationSec())).right().drop(5),
            Table.Column.<AssetSummary>of("size", 8, a -> Units.bytes(a.sizeBytes())).right().drop(6),
            Table.Column.<AssetSummary>of("dims", 9, a -> Units.dims(a.width(), a.height())).drop(7),
            Table.Column.<AssetSummary>of("video", 6, a -> a.videoCodec() == null ? "" : a.videoCodec()).drop(8),
            Table.Column.<AssetSummary>of("batch", 10, a -> a.batch() == null ? "" : a.batch()).weight(1).drop(2),
            Table.Column.<AssetSummary>of("path", 24, a -> a.path() != null ? a.path() : a.title()).keepEnd().weight(4)),
            AssetSummary::id);
    private final Debounce changes = new Debounce(Duration.ofMillis(300), Duration.ofSeconds(2));
    private final List<AssetSummary> items = new ArrayList<>();
    private int sort;
    private int kind;
    private int status;
    private @Nullable String batch;
    private long total = -1;
    /** Bumped by every reload, so a page that answers a replaced question is dropped. */
    private long generation;
    private boolean loadingMore;
    private boolean loading;
    /** The batch prompt while it is open. */
    private @Nullable TextField prompt;

    private final int pageSize;

    LibraryView() {
        this(PAGE);
    }

    /** A list that loads {@code pageSize} assets at a time. */
    LibraryView(int pageSize) {
        this.pageSize = pageSize;
        table.empty("no assets");
    }

    @Override
    public String title() {
        return "Library";
    }

    @Override
    public List<KeyHelp> keys() {
        return List.of(new KeyHelp("↑↓ PgUp PgDn", "move"), new KeyHelp("Enter", "open the asset"),
                new KeyHelp("s", "sort: newest, oldest, name, size, duration"), new KeyHelp("k", "kind: all, video, audio, image, other"),
                new KeyHelp("t", "status: all, ok, failed, missing"), new KeyHelp("b", "only a batch (empty: all)"),
                new KeyHelp("r", "reload"));
    }

    @Override
    public void shown(Ui ui) {
        reload(ui);
    }

    @Override
    public boolean typing() {
        return prompt != null;
    }

    @Override
    public void event(LiveEvent event, Ui ui) {
        switch (event.type()) {
            case "asset.ingested", "asset.updated", "asset.removed", "asset.failed", "tui.online" -> changes.poke(ui, () -> reload(ui));
            default -> { }
        }
    }

    /** Loads the first page again (as many rows as are loaded now, so the selection stays where it was). */
    private void reload(Ui ui) {
        long gen = ++generation;
        loading = true;
        loadingMore = false;
        TuiBackend.ListQuery q = query(Math.min(MOST, Math.max(pageSize, items.size())), 0);
        ui.load(() -> Answer.of(() -> ui.backend().list(q)), answer -> {
            if (gen != generation) return;
            loading = false;
            if (answer.failed(ui)) return;
            AssetPage page = answer.page();
            items.clear();
            items.addAll(page.items());
            total = page.total();
            table.rows(items);
        });
    }

    /** The next page, once the selection is near the end of what is loaded. */
    private void more(Ui ui) {
        if (loading || loadingMore || items.size() >= total || table.index() < items.size() - Math.min(10, pageSize)) return;
        loadingMore = true;
        long gen = generation;
        TuiBackend.ListQuery q = query(pageSize, items.size());
        ui.load(() -> Answer.of(() -> ui.backend().list(q)), answer -> {
            if (gen != generation) return;
            loadingMore = false;
            if (answer.failed(ui)) return;
            AssetPage page = answer.page();
            // an asset ingested meanwhile shifts the offsets: skip rows already shown
            Set<Long> seen = items.stream().map(AssetSummary::id).collect(Collectors.toSet());
            page.items().stream().filter(a -> !seen.contains(a.id())).forEach(items::add);
            total = page.total();
            table.rows(items);
        });
    }

    /**
     * A page, or why there is none: the view has to know a load ended either way, or it would say
     * "loading…" for ever. The failure goes to the status line in the library's words.
     */
    private record Answer(@Nullable AssetPage page, @Nullable DamException error) {

        static Answer of(java.util.function.Supplier<AssetPage> call) {
            try {
                return new Answer(call.get(), null);
            } catch (DamException e) {
                return new Answer(null, e);
            }
        }

        boolean failed(Ui ui) {
            if (error != null) ui.status(error.getMessage());
            return error != null;
        }
    }

    private TuiBackend.ListQuery query(int limit, int offset) {
        return new TuiBackend.ListQuery(batch, kind == 0 ? null : KINDS.get(kind), status == 0 ? null : STATUSES.get(status),
                SORTS.get(sort), limit, offset);
    }

    @Override
    public boolean key(KeyStroke k, Ui ui) {
        if (prompt != null) return promptKey(k, ui);
        if (table.key(k)) {
            more(ui);
            return true;
        }
        if (k.getKeyType() == KeyType.Enter) {
            table.selected().ifPresent(a -> ui.open(ui.views().asset(a.id())));
            return table.selected().isPresent();
        }
        if (k.getKeyType() != KeyType.Character || k.isCtrlDown() || k.isAltDown()) return false;
        switch (k.getCharacter()) {
            case 's' -> sort = (sort + 1) % SORTS.size();
            case 'k' -> kind = (kind + 1) % KINDS.size();
            case 't' -> status = (status + 1) % STATUSES.size();
            case 'b' -> {
                prompt = new TextField(batch == null ? "" : batch);
                return true;
            }
            case 'r' -> {
                reload(ui); // the selection stays on its asset
                return true;
            }
            default -> { return false; }
        }
        table.select(0); // another order or filter: from the top
        reload(ui);
        return true;
    }

    private boolean promptKey(KeyStroke k, Ui ui) {
        TextField field = prompt;
        switch (k.getKeyType()) {
            case Escape -> prompt = null;
            case Enter -> {
                String b = field.text().strip();
                batch = b.isEmpty() ? null : b;
                prompt = null;
                table.select(0);
                reload(ui);
            }
            default -> {
                return field.key(k);
            }
        }
        return true;
    }

    @Override
    public void draw(TextGraphics g, TerminalSize size) {
        int w = size.getColumns();
        String filters = "sort: " + SORTS.get(sort) + "  kind: " + KINDS.get(kind) + "  status: " + STATUSES.get(status)
                + (batch == null ? "" : "  batch: " + batch);
        String count = total < 0 ? "loading…" : (loading ? "loading…  " : "") + total + (total == 1 ? " asset" : " assets")
                + (items.size() < total ? " (" + items.size() + " loaded)" : "");
        g.enableModifiers(SGR.BOLD);
        g.putString(0, 0, Text.pad(" Library  " + filters, Math.max(0, w - Text.width(count) - 1)));
        g.disableModifiers(SGR.BOLD);
        g.putString(Math.max(0, w - Text.width(count) - 1), 0, Text.fit(count, w));
        int rows = size.getRows() - 1 - (prompt != null ? 1 : 0);
        table.focused(prompt == null);
        table.draw(g.newTextGraphics(new TerminalPosition(0, 1), new TerminalSize(w, Math.max(0, rows))), new TerminalSize(w, Math.max(0, rows)));
        if (prompt != null) {
            String label = "batch (empty: all, Enter applies, Esc cancels): ";
            g.putString(0, size.getRows() - 1, Text.fit(label, w));
            prompt.draw(g, Math.min(w, Text.width(label)), size.getRows() - 1, Math.max(1, w - Text.width(label)), true);
        }
    }
}
