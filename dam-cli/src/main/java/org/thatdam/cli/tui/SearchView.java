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
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.thatdam.cli.format.Units;
import org.thatdam.model.DamException;
import org.thatdam.server.api.QueryCheck;
import org.thatdam.server.api.SearchPage;

/**
 * Search as you type: the query field on top (it has the keyboard when the view opens), the hits below
 * as {@code dam search} lists them, the facets of all matches beside them on a wide terminal (else on
 * {@code f}). A query that does not parse shows its error in words with a {@code ^} under the place.
 */
final class SearchView implements View {

    static final int LIMIT = 200;
    /** Facets beside the results from this body width on; narrower, {@code f} shows them instead of the results. */
    static final int SIDE_PANEL_FROM = 110;
    private static final int PANEL = 30;
    private static final String PROMPT = " Search: ";

    private final TextField field;
    private final Debounce typed = new Debounce(Duration.ofMillis(150), Duration.ofMillis(600));
    private final Table<SearchPage.Hit> table = new Table<>(columns(false), SearchPage.Hit::id);
    private final Table<SearchPage.Hit> tableWithWhere = new Table<>(columns(true), SearchPage.Hit::id);
    private boolean inField = true;
    private boolean facetsShown;
    /** Numbers each search; an answer older than the one shown is dropped. */
    private long asked;
    private long shown;
    private @Nullable String shownQuery;
    private @Nullable SearchPage page;
    private @Nullable QueryCheck error;

    SearchView(String query) {
        field = new TextField(query);
        table.empty("no matches");
        tableWithWhere.empty("no matches");
    }

    private static List<Table.Column<SearchPage.Hit>> columns(boolean where) {
        List<Table.Column<SearchPage.Hit>> c = new ArrayList<>(List.of(
                Table.Column.<SearchPage.Hit>of("id", 5, h -> String.valueOf(h.id())).right(),
                Table.Column.<SearchPage.Hit>of("kind", 5, h -> h.kind().id()).drop(3),
                Table.Column.<SearchPage.Hit>of("duration", 8, h -> Units.duration(h.durationSec())).right().drop(4),
                Table.Column.<SearchPage.Hit>of("dims", 9, h -> Units.dims(h.width(), h.height())).drop(5),
                Table.Column.<SearchPage.Hit>of("codec", 6, h -> h.videoCodec() == null ? "" : h.videoCodec()).drop(6),
                Table.Column.<SearchPage.Hit>of("batch", 10, h -> h.batch() == null ? "" : h.batch()).weight(1).drop(2),
                Table.Column.<SearchPage.Hit>of("path", 20, h -> h.path() != null ? h.path() : h.title()).keepEnd().weight(4)));
        if (where) c.add(Table.Column.<SearchPage.Hit>of("where", 16, SearchView::where).weight(2).drop(1));
        return c;
    }

    @Override
    public String title() {
        return "Search";
    }

    @Override
    public List<KeyHelp> keys() {
        return List.of(new KeyHelp("type", "search (results follow as you type)"), new KeyHelp("↓ Tab", "into the results"),
                new KeyHelp("Enter", "open the asset"), new KeyHelp("↑ (top) / Tab", "back to the query"),
                new KeyHelp("f", "facets (beside the results from " + SIDE_PANEL_FROM + " columns)"), new KeyHelp("Ctrl-U", "clear the query"));
    }

    @Override
    public boolean typing() {
        return inField;
    }

    @Override
    public void shown(Ui ui) {
        search(ui);
    }

    @Override
    public void event(LiveEvent event, Ui ui) {
        // hits change as assets do; search again when typing pauses anyway
        if (event.type().startsWith("asset.")) typed.poke(ui, () -> search(ui));
    }

    private Table<SearchPage.Hit> results() {
        return page != null && page.items().stream().anyMatch(h -> !h.matches().isEmpty()) ? tableWithWhere : table;
    }

    @Override
    public boolean key(KeyStroke k, Ui ui) {
        KeyType t = k.getKeyType();
        if (t == KeyType.Escape) {
            if (facetsShown) {
                facetsShown = false;
                return true;
            }
            if (inField && page != null && !page.items().isEmpty()) { // out of the field first: the keys are shortcuts again
                inField = false;
                return true;
            }
            return false;
        }
        if (inField) {
            switch (t) {
                case ArrowDown, Tab -> {
                    if (page == null || page.items().isEmpty()) return true;
                    inField = false;
                    results().select(0);
                    return true;
                }
                case Enter -> {
                    search(ui);
                    if (page != null && !page.items().isEmpty()) inField = false;
                    return true;
                }
                default -> {
                    String before = field.text();
                    if (!field.key(k)) return false;
                    if (!field.text().equals(before)) typed.poke(ui, () -> search(ui));
                    return true;
                }
            }
        }
        Table<SearchPage.Hit> r = results();
        if (t == KeyType.Tab || t == KeyType.ReverseTab || t == KeyType.Character && k.getCharacter() == '/' && !k.isCtrlDown()) {
            inField = true;
            return true;
        }
        if (t == KeyType.ArrowUp && r.index() == 0) {
            inField = true;
            return true;
        }
        if (r.key(k)) return true;
        if (t == KeyType.Enter) {
            r.selected().ifPresent(h -> ui.open(ui.views().asset(h.id())));
            return r.selected().isPresent();
        }
        if (t == KeyType.Character && k.getCharacter() == 'f' && !k.isCtrlDown() && !k.isAltDown()) {
            facetsShown = !facetsShown;
            return true;
        }
        return false;
    }

    /** Checks and runs the query in the field; the answer is shown unless a newer one was already. */
    private void search(Ui ui) {
        long n = ++asked;
        String q = field.text();
        ui.load(() -> {
            try {
                QueryCheck check = q.isBlank() ? null : ui.backend().check(q);
                if (check != null && !check.ok()) return new Answer(n, q, null, check);
                return new Answer(n, q, ui.backend().search(q, null, null, LIMIT, 0, true), null);
            } catch (DamException e) {
                // shown where the results would be, so none are claimed for this query
                return new Answer(n, q, null, new QueryCheck(false, e.getMessage(), null, ""));
            }
        }, a -> {
            if (a.n < shown) return;
            shown = a.n;
            shownQuery = a.query;
            error = a.error;
            page = a.page;
            if (page != null) {
                table.rows(page.items());
                tableWithWhere.rows(page.items());
            } else {
                table.rows(List.of());
                tableWithWhere.rows(List.of());
                inField = true;
            }
        });
    }

    private record Answer(long n, String query, @Nullable SearchPage page, @Nullable QueryCheck error) {}

    @Override
    public void draw(TextGraphics g, TerminalSize size) {
        int w = size.getColumns();
        int h = size.getRows();
        int fieldAt = PROMPT.length();
        int fieldWidth = Math.max(1, w - fieldAt - 1);
        g.enableModifiers(SGR.BOLD);
        g.putString(0, 0, PROMPT);
        g.disableModifiers(SGR.BOLD);
        field.draw(g, fieldAt, 0, fieldWidth, inField);
        boolean current = shown == asked && field.text().equals(shownQuery);
        if (error != null) {
            int at = error.position() == null ? -1 : field.cellOf(error.position(), fieldWidth);
            String caret = at < 0 ? "" : " ".repeat(fieldAt + at) + "^";
            g.enableModifiers(SGR.BOLD);
            g.putString(0, 1, Text.fit(caret, w));
            g.disableModifiers(SGR.BOLD);
            String message = (current ? "" : "(for \"" + shownQuery + "\") ") + error.message();
            g.putString(0, 2, Text.fit(" " + message, w));
            return;
        }
        if (page == null) {
            g.putString(0, 1, Text.fit(" searching…", w));
            return;
        }
        String summary = " " + page.total() + (page.total() == 1 ? " match" : " matches") + ", by " + page.sort() + ", " + page.tookMs() + " ms"
                + (page.items().size() < page.total() ? " (first " + page.items().size() + ")" : "") + (current ? "" : "  searching…");
        g.putString(0, 1, Text.fit(summary, w));
        int bodyRows = Math.max(0, h - 2);
        boolean side = w >= SIDE_PANEL_FROM;
        Table<SearchPage.Hit> r = results();
        r.focused(!inField);
        if (side) {
            int tw = w - PANEL - 1;
            r.draw(g.newTextGraphics(new TerminalPosition(0, 2), new TerminalSize(tw, bodyRows)), new TerminalSize(tw, bodyRows));
            for (int row = 2; row < h; row++) g.putString(tw, row, "│");
            facets(g.newTextGraphics(new TerminalPosition(tw + 1, 2), new TerminalSize(PANEL, bodyRows)), PANEL, bodyRows);
        } else if (facetsShown) {
            facets(g.newTextGraphics(new TerminalPosition(0, 2), new TerminalSize(w, bodyRows)), w, bodyRows);
        } else {
            r.draw(g.newTextGraphics(new TerminalPosition(0, 2), new TerminalSize(w, bodyRows)), new TerminalSize(w, bodyRows));
        }
    }

    /** The facets of all matches: a heading per facet, then its values with their counts, as many as fit. */
    private void facets(TextGraphics g, int w, int h) {
        if (page == null) return;
        int row = 0;
        g.enableModifiers(SGR.BOLD);
        g.putString(0, row++, Text.pad(" Facets", w));
        g.disableModifiers(SGR.BOLD);
        for (Map.Entry<String, List<SearchPage.Facet>> f : page.facets().entrySet()) {
            if (f.getValue().isEmpty()) continue;
            if (row >= h) return;
            g.enableModifiers(SGR.BOLD);
            g.putString(0, row++, Text.pad(" " + f.getKey(), w));
            g.disableModifiers(SGR.BOLD);
            for (SearchPage.Facet v : f.getValue()) {
                if (row >= h) return;
                String count = String.valueOf(v.count());
                g.putString(0, row++, Text.pad("   " + Text.fit(v.value(), Math.max(1, w - count.length() - 5)), w - count.length() - 1) + count);
            }
        }
    }

    /** Where a hit matched, as {@code dam search} says it: {@code at 0:42–0:51 “Q3 roadmap”}. */
    static String where(SearchPage.Hit h) {
        if (h.matches().isEmpty()) return "";
        SearchPage.Match m = h.matches().get(0);
        String text = m.text() == null ? "" : Text.clean(m.text().strip());
        return "at " + clock(m.startSec()) + "–" + clock(m.endSec()) + (text.isEmpty() ? "" : " “" + text + "”")
                + (h.matches().size() > 1 ? " (+" + (h.matches().size() - 1) + ")" : "");
    }

    private static String clock(double sec) {
        long t = Math.max(0, (long) Math.floor(sec));
        long hr = t / 3600, m = t % 3600 / 60, s = t % 60;
        return hr > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hr, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
