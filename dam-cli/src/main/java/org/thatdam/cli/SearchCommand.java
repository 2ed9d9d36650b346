package org.thatdam.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.thatdam.core.Dam;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.model.SavedSearch;
import org.thatdam.search.FacetCount;
import org.thatdam.search.FacetFilters;
import org.thatdam.search.SearchMatch;
import org.thatdam.search.SearchMode;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchResult;
import org.thatdam.search.SearchSort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;
import org.thatdam.cli.client.ServerClient;

@Command(name = "search", description = {
        "Search the library. Words match by prefix; \"phrases\"; -word excludes; field filters:",
        "kind:video codec:h264 batch:\"Screen Records\" res:4k status:failed tag:x container:mkv",
        "duration:>60 duration:10..60 width:>=1920 fps:>=50 size:>1000000 created:2024-01..2024-06",
        "similar:ID (assets close to one), similar:scene:ID (close to a scene). Words match by meaning too",
        "(hybrid) unless --keyword; --semantic matches by meaning only."})
final class SearchCommand extends DamCommand {

    @Parameters(paramLabel = "QUERY", arity = "0..*", description = "The query (several words are joined).")
    List<String> words = List.of();
    @Option(names = "--sort", paramLabel = "ORDER", description = {"relevance, newest, oldest, duration, size, name.",
            "Default: relevance when the query has words, else newest (capture time) first."})
    String sort;
    @Option(names = "--filter", paramLabel = "FACETS", description = {"Facet values to keep, OR within a facet and AND across:",
            "--filter 'kind:video kind:audio batch:\"Screen Records\"'."})
    String filter;
    @Option(names = "--score", description = "Show the relevance score column.") boolean score;
    @Option(names = "--save", paramLabel = "NAME", description = "Save the query (with --filter and --sort) under NAME for --user, instead of running it.")
    String save;
    @Option(names = "--user", paramLabel = "NAME", description = "Whose saved search --save makes.") String user;
    @Option(names = "--limit", defaultValue = "20") int limit;
    @Option(names = "--offset", defaultValue = "0") int offset;
    @Option(names = "--facets", description = "Also count results by kind, codec, batch, resolution, status, year.") boolean facets;
    @Option(names = "--json") boolean json;
    @Option(names = "--semantic", description = "Match by meaning only (nearest vectors), as --mode semantic.") boolean semantic;
    @Option(names = "--keyword", description = "Match the words only, as --mode keyword.") boolean keyword;
    @Option(names = "--mode", paramLabel = "MODE", description = "keyword, semantic or hybrid (default: both, fused by rank).")
    String mode;

    @Override
    int run(Dam dam) throws InterruptedException {
        String q = String.join(" ", words);
        if (save != null) {
            if (user == null) throw DamException.invalid("--save needs --user: a saved search belongs to an account");
            SavedSearch saved = dam.savedSearches().save(user, save, q, filter, sort, Principal.commandLine());
            out().printf("saved search %d '%s' for %s%n", saved.id(), Units.clean(saved.name()), saved.owner());
            return 0;
        }
        SearchRequest request = new SearchRequest(q, sort == null ? null : SearchSort.parse(sort),
                limit, offset, facets || json, FacetFilters.parse(filter), mode());
        // While a server owns the index, ask it (it is current and holds the index open).
        var server = ServerClient.forLibrary(dam.layout(), err());
        SearchResult r = server.isPresent() ? server.get().search(request) : dam.search().search(request);
        if (json) {
            Output.json(out(), org.thatdam.server.api.SearchPage.of(r));
            return 0;
        }
        List<String> columns = new ArrayList<>(List.of("id", "kind", "duration", "dims", "codec", "batch", "path"));
        if (score) columns.add(6, "score");
        boolean where = r.items().stream().anyMatch(h -> !h.matches().isEmpty());
        if (where) columns.add("where");
        Output.table(out(), columns, r.items().stream().map(h -> {
            List<String> row = new ArrayList<>(List.of(h.id() + "", h.kind(), Units.duration(h.durationSec()),
                    Units.dims(h.width(), h.height()), Output.str(h.videoCodec()), Output.str(h.batch()), Output.str(h.path())));
            if (score) row.add(6, String.format(Locale.ROOT, "%.2f", h.score()));
            if (where) row.add(h.matches().isEmpty() ? "" : at(h.matches().get(0))
                    + (h.matches().size() > 1 ? " (+" + (h.matches().size() - 1) + ")" : ""));
            return row;
        }).toList());
        out().printf("%n%d match(es), by %s, %d ms%n", r.total(), r.sort(), r.tookMs());
        if (facets) {
            r.facets().forEach((name, counts) -> out().println("  " + name + ": " + String.join(", ",
                    counts.stream().map((FacetCount c) -> Units.clean(c.value()) + " " + c.count()).toList())));
        }
        return 0;
    }

    private SearchMode mode() {
        if ((semantic ? 1 : 0) + (keyword ? 1 : 0) + (mode != null ? 1 : 0) > 1) {
            throw DamException.invalid("--semantic, --keyword and --mode exclude each other");
        }
        return semantic ? SearchMode.SEMANTIC : keyword ? SearchMode.KEYWORD : SearchMode.parse(mode);
    }

    /** Where a hit matched: {@code at 0:42–0:51 “Q3 roadmap”}. */
    static String at(SearchMatch m) {
        String text = m.text() == null ? "" : m.text().strip();
        if (text.length() > 60) text = text.substring(0, 59) + "…";
        return "at " + clock(m.startSec()) + "–" + clock(m.endSec()) + (text.isEmpty() ? "" : " “" + Units.clean(text) + "”");
    }

    /** Seconds as m:ss, or h:mm:ss from an hour on. */
    static String clock(double sec) {
        long t = Math.max(0, (long) Math.floor(sec));
        long h = t / 3600, m = t % 3600 / 60, s = t % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
