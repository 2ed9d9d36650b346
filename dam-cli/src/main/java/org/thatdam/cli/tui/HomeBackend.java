package org.thatdam.cli.tui;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.core.Dam;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.events.EventJson;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.scan.ScanService;
import org.thatdam.core.json.Json;
import org.thatdam.core.serve.ServerEndpoint;
import org.thatdam.core.serve.ServerLock;
import org.thatdam.core.serve.ServerRunningException;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.DamException;
import org.thatdam.model.Derivative;
import org.thatdam.model.JobState;
import org.thatdam.search.FacetFilters;
import org.thatdam.search.QueryException;
import org.thatdam.search.SearchMode;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchSort;
import org.thatdam.server.DamServer;
import org.thatdam.server.api.AssetDetailsView;
import org.thatdam.server.api.AssetPage;
import org.thatdam.server.api.AssetPatchBody;
import org.thatdam.server.api.AssetSummary;
import org.thatdam.server.api.JobList;
import org.thatdam.server.api.JobView;
import org.thatdam.server.api.QueryCheck;
import org.thatdam.server.api.RootView;
import org.thatdam.server.api.ScanStatus;
import org.thatdam.server.api.SearchPage;
import org.thatdam.server.api.StatsView;
import org.thatdam.cli.client.ServerClient;

/**
 * The library opened in this process, answering in the API's records through the same services and
 * factories as the server's routes, and acting as the command line does ({@link Actor#commandLine()}).
 *
 * <p>The search index is opened by one process at a time. While no server runs on the home, this one
 * opens it on the first search. A server started on the home later gets it: every two seconds and
 * before each search the server lock is looked at, and once a server holds it this process closes its index and asks the
 * server's search instead, telling the views with a {@value #NOTICE} event (in words, for the status line).
 */
public final class HomeBackend implements TuiBackend {

    /** An event of this backend's for the user: {@code {"type": "tui.notice", "message": "..."}}. */
    public static final String NOTICE = "tui.notice";
    /** Poster files are small JPEGs; anything larger is not a poster this UI draws. */
    static final long MAX_POSTER_BYTES = 5L * 1024 * 1024;

    private final Dam dam;
    private final boolean owned;
    private final Actor actor = Actor.commandLine();
    private final Function<AssetDetails, Function<Derivative, Path>> files;
    private final Set<Consumer<LiveEvent>> listeners = ConcurrentHashMap.newKeySet();
    /** How often an opened library looks for a server started on its home since. */
    private static final Duration SERVER_LOOK = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(HomeBackend.class);
    private final @Nullable ScheduledExecutorService watch;
    /** The server that started on the home since this backend opened it, which now has the index (null: none). */
    private @Nullable ApiBackend server;

    private HomeBackend(Dam dam, boolean owned) {
        this.dam = dam;
        this.owned = owned;
        this.files = d -> dv -> dam.assets().path(d, dv);
        if (owned) {
            // A server started on the home must get the index at once, not when someone here searches next.
            watch = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("tui-server-watch").daemon(true).factory());
            watch.scheduleWithFixedDelay(this::lookForServer, SERVER_LOOK.toMillis(), SERVER_LOOK.toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            watch = null;
        }
    }

    private void lookForServer() {
        try {
            serverNow();
        } catch (RuntimeException e) {
            LOG.warn("cannot tell whether a server runs on {}", dam.layout().home(), e);
        }
    }

    /**
     * Opens the library of {@code config} for as long as this backend lives, with its job engine running
     * here (queued work such as a regeneration gets done while the UI is open; an engine of a server
     * started later shares the queue), unless this node's role leaves jobs to others ({@code server.role
     * = api}). Refused while a server runs on the home: talk to that server.
     */
    public static HomeBackend open(DamConfig config) {
        var running = ServerLock.running(Dam.layout(config));
        if (running.isPresent()) throw new ServerRunningException(running.get().endpoint());
        Dam dam = Dam.open(config);
        try {
            // as a served library: jobs run where this node's role runs them; other nodes' events reach this one
            if (config.node().role().runsJobs()) dam.engine().start();
            dam.receiveOtherNodesEvents();
            return new HomeBackend(dam, true);
        } catch (RuntimeException e) {
            dam.close();
            throw e;
        }
    }

    /** Works on {@code dam} as it is (its engine as its owner started it), leaving it open on {@link #close()}. */
    public static HomeBackend of(Dam dam) {
        return new HomeBackend(dam, false);
    }

    @Override
    public String describe() {
        return "home " + dam.layout().home();
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public StatsView stats() {
        return StatsView.of(dam.assets().stats());
    }

    @Override
    public AssetPage list(ListQuery q) {
        AssetQuery query = new AssetQuery(text("batch", q.batch()), parsed("kind", q.kind(), AssetKind::parse),
                parsed("status", q.status(), AssetStatus::parse),
                parsed("sort", q.sort(), s -> AssetQuery.Sort.valueOf(s.toUpperCase(Locale.ROOT))),
                between("limit", q.limit(), 1, DamServer.MAX_LIMIT), between("offset", q.offset(), 0, Integer.MAX_VALUE));
        return new AssetPage(dam.assets().count(query), query.limit(), query.offset(),
                dam.assets().list(query).stream().map(AssetSummary::of).toList());
    }

    @Override
    public SearchPage search(String query, @Nullable String sort, @Nullable String filter, int limit, int offset, boolean facets) {
        SearchRequest r = new SearchRequest(query == null ? "" : query, parsed("sort", sort, SearchSort::parse),
                between("limit", limit, 1, DamServer.MAX_LIMIT), between("offset", offset, 0, 100_000), facets,
                FacetFilters.parse(filter == null || filter.isBlank() ? null : filter), SearchMode.HYBRID);
        Optional<ApiBackend> other = serverNow();
        if (other.isPresent()) return other.get().search(query, sort, filter, limit, offset, facets);
        return SearchPage.of(dam.search().search(r));
    }

    /**
     * The server running on the home now, when one started after this backend opened the library: this
     * process's index is closed so that the server can open it, and searches are asked of the server.
     * When that server stops, the index is opened here again. Only a library this backend opened does
     * this; a borrowed one's owner decides.
     */
    private synchronized Optional<ApiBackend> serverNow() {
        if (!owned) return Optional.empty();
        if (ServerLock.running(dam.layout()).isEmpty()) {
            if (server != null) {
                server.close();
                server = null;
                notice("the server on this library stopped; searching the library here again");
            }
            return Optional.empty();
        }
        if (server == null) {
            ServerEndpoint endpoint;
            try {
                endpoint = ServerClient.forLibrary(dam.layout(), new PrintWriter(Writer.nullWriter()))
                        .map(ServerClient::endpoint).orElse(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DamException.unavailable("interrupted while looking for the server on this library", e);
            }
            if (endpoint == null) return Optional.empty(); // it stopped meanwhile
            dam.closeSearch();
            server = ApiBackend.local(endpoint);
            notice("a server started on this library (pid " + endpoint.pid() + ", " + endpoint.url()
                    + "): searches are answered by it now; quit and run dam tui again to follow its jobs and scans live");
        }
        return Optional.of(server);
    }

    private void notice(String message) {
        LiveEvent e = new LiveEvent(NOTICE, Json.mapper().createObjectNode().put("type", NOTICE).put("message", message));
        listeners.forEach(l -> l.accept(e));
    }

    @Override
    public QueryCheck check(String query) {
        String q = query == null ? "" : query;
        String sort = SearchSort.defaultFor(q).id();
        try {
            new SearchRequest(q, null, 1, 0, false, Map.of(), SearchMode.KEYWORD).validate();
            return new QueryCheck(true, null, null, sort);
        } catch (QueryException e) {
            return new QueryCheck(false, e.getMessage(), e.position(), sort);
        }
    }

    @Override
    public AssetDetailsView asset(long id) {
        AssetDetails d = details(id);
        return AssetDetailsView.of(d, files.apply(d));
    }

    @Override
    public Optional<byte[]> poster(long id) {
        AssetDetails d = details(id);
        Optional<Derivative> dv = d.derivative("poster-small");
        if (dv.isEmpty()) return Optional.empty();
        try (InputStream in = DerivativeFiles.ORIGINAL.equals(dv.get().path())
                ? Files.newInputStream(dam.assets().servedPath(d, dv.get()), LinkOption.NOFOLLOW_LINKS)
                : dam.derivatives().open(dv.get().path())) {
            byte[] bytes = in.readNBytes((int) MAX_POSTER_BYTES + 1);
            if (bytes.length > MAX_POSTER_BYTES) {
                throw DamException.invalid("the poster of asset " + id + " is larger than " + MAX_POSTER_BYTES / (1024 * 1024) + " MB");
            }
            return Optional.of(bytes);
        } catch (IOException e) {
            throw DamException.notFound("the poster of asset " + id + " cannot be read");
        }
    }

    @Override
    public JobList jobs(@Nullable JobState state, int limit) {
        return JobList.of(dam.jobs().counts(), dam.jobs().list(state, null, 0, between("limit", limit, 1, DamServer.MAX_LIMIT)));
    }

    @Override
    public JobView retry(long jobId) {
        return JobView.of(dam.jobs().retry(jobId, actor));
    }

    @Override
    public void cancel(long jobId) {
        dam.jobs().cancel(jobId, actor);
    }

    @Override
    public List<ScanStatus> scans() {
        return dam.scans().recent().stream().map(ScanStatus::of).toList();
    }

    @Override
    public ScanStatus scan(@Nullable String folder) {
        List<Path> paths = folder == null || folder.isBlank() ? List.of() : List.of(dam.scans().checkInsideRoot(folder));
        return ScanStatus.of(dam.scans().start(paths, ScanService.Trigger.API, actor));
    }

    @Override
    public List<RootView> roots() {
        return dam.roots().roots().stream().map(RootView::of).toList();
    }

    @Override
    public AssetDetailsView edit(long id, AssetPatchBody patch) {
        if (patch == null) throw DamException.badRequest("nothing to change");
        AssetDetails d = dam.assets().update(id, patch.toPatch(), actor);
        return AssetDetailsView.of(d, files.apply(d));
    }

    @Override
    public JobView regenerate(long id, JobKind kind) {
        if (kind == null || !(kind.derivative() && kind.writesFiles())) {
            throw DamException.badRequest("only derivative files can be made again, not " + (kind == null ? "nothing" : kind.id()));
        }
        return JobView.of(dam.jobs().find(dam.jobs().enqueue(kind, id, actor)));
    }

    @Override
    public Optional<Path> proxyFile(long id) {
        return dam.assets().derivativeFile(id, "proxy").filter(p -> Files.isRegularFile(p));
    }

    @Override
    public AutoCloseable subscribe(Consumer<LiveEvent> listener) {
        // Called on the publishing thread (job workers, scans): the app's listener only queues the event.
        AutoCloseable events = dam.events().subscribe(e -> listener.accept(new LiveEvent(e.type(), EventJson.of(e))));
        listeners.add(listener);
        return () -> {
            listeners.remove(listener);
            events.close();
        };
    }

    @Override
    public void close() {
        if (watch != null) watch.shutdownNow();
        synchronized (this) {
            if (server != null) server.close();
            server = null;
        }
        if (owned) dam.close();
    }

    private AssetDetails details(long id) {
        return dam.assets().details(id).orElseThrow(() -> DamException.notFound("no asset with id " + id));
    }

    private static int between(String name, int v, int min, int max) {
        if (v < min || v > max) throw DamException.badRequest(name + " must be between " + min + " and " + max + ", got " + v);
        return v;
    }

    private static @Nullable String text(String name, @Nullable String raw) {
        if (raw == null || raw.isBlank()) return null;
        if (raw.length() > 200 || raw.chars().anyMatch(Character::isISOControl)) throw DamException.badRequest("invalid " + name);
        return raw;
    }

    /** A filter value parsed as the routes do: control characters refused, the parser's own words kept. */
    private static <T> @Nullable T parsed(String name, @Nullable String raw, Function<String, T> parser) {
        if (raw == null || raw.isBlank()) return null;
        if (raw.chars().anyMatch(Character::isISOControl)) throw DamException.badRequest("invalid " + name + ": contains control characters");
        try {
            return parser.apply(raw.strip().toLowerCase(Locale.ROOT));
        } catch (DamException e) {
            throw DamException.badRequest("invalid " + name + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw DamException.badRequest("invalid " + name + ": " + raw.strip());
        }
    }
}
