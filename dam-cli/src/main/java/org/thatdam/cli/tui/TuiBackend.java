package org.thatdam.cli.tui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.model.JobState;
import org.thatdam.server.api.AssetDetailsView;
import org.thatdam.server.api.AssetPage;
import org.thatdam.server.api.AssetPatchBody;
import org.thatdam.server.api.JobList;
import org.thatdam.server.api.JobView;
import org.thatdam.server.api.QueryCheck;
import org.thatdam.server.api.RootView;
import org.thatdam.server.api.ScanStatus;
import org.thatdam.server.api.SearchPage;
import org.thatdam.server.api.StatsView;

/**
 * What the terminal UI reads and asks of a library, in the API's own records: a running server over
 * HTTP and its event WebSocket ({@code --server URL}, or the server running on the home), or the
 * library opened in this process when no server runs. Views never know which.
 *
 * <p>Every call may block (network, catalog): views make them through {@link Ui#load}, never on the
 * UI thread. Failures are {@link org.thatdam.model.DamException}s with the server's or the service's
 * code and words.
 */
public interface TuiBackend extends AutoCloseable {

    /** Where the library is, for the header: "server https://dam.example.org", "home /srv/dam". */
    String describe();

    /** Whether files the library names (proxies, originals) are on this machine, so a local player can open them. */
    boolean local();

    StatsView stats();

    /** A page of assets, as {@code dam list} and {@code GET /api/v1/assets}. */
    AssetPage list(ListQuery query);

    /** A search in the query language, with facets when asked. */
    SearchPage search(String query, @Nullable String sort, @Nullable String filter, int limit, int offset, boolean facets);

    /** Whether {@code query} parses; when not, the message and the position of the error. */
    QueryCheck check(String query);

    AssetDetailsView asset(long id);

    /** The asset's poster JPEG, when it has one. */
    Optional<byte[]> poster(long id);

    /** Jobs, newest first, with counts by state; {@code state} null: all. */
    JobList jobs(@Nullable JobState state, int limit);

    JobView retry(long jobId);

    void cancel(long jobId);

    /** Recent scans, newest first. */
    List<ScanStatus> scans();

    /** Starts a background scan of every root ({@code folder} null) or of one folder inside a root. */
    ScanStatus scan(@Nullable String folder);

    List<RootView> roots();

    AssetDetailsView edit(long id, AssetPatchBody patch);

    /** Queues the derivative {@code kind} (poster, sprite, proxy…) of the asset again. */
    JobView regenerate(long id, JobKind kind);

    /** The proxy's file on this machine, when {@link #local()} and the asset has one. */
    Optional<Path> proxyFile(long id);

    /**
     * Follows the library's events until the returned handle is closed. {@code listener} is called on
     * a thread of the backend's and must only hand the event on; a lost connection is reported as an
     * event of type {@code "tui.offline"} and retried, its return as {@code "tui.online"}; something
     * the user should know about how the library is reached (a server started on the home takes the
     * search index) as {@code "tui.notice"}. These three carry their words in {@code body.message}.
     */
    AutoCloseable subscribe(Consumer<LiveEvent> listener);

    /** Releases connections or the library opened in-process. */
    @Override
    void close();

    /** {@code dam list}'s filters: each null means any; sort as {@code newest, oldest, name, size, duration}. */
    record ListQuery(@Nullable String batch, @Nullable String kind, @Nullable String status, @Nullable String sort,
                     int limit, int offset) {}
}
