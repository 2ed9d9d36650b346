package org.thatdam.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.thatdam.model.CaptureTake;
import org.thatdam.model.LiveSettings;
import org.thatdam.model.LiveSourceKind;
import org.thatdam.model.TakeState;

/**
 * Live capture's rows: the network sources people added and the settings chosen for any source (table
 * capture_source), and the takes (capture_take). Credentials are never stored here: {@code url} is the
 * address without them.
 */
public interface CaptureRepository {

    /** A source's row: for a device or the test pattern only its settings matter ({@code url} is null). */
    record SourceRow(String id, LiveSourceKind kind, String name, String url, LiveSettings settings, Instant createdAt,
                     String createdBy) {}

    /**
     * A take with what only the catalog keeps: {@code owner} ({@code node/pid@host} of the process writing
     * it) and the staging file it is written to.
     */
    record TakeRow(CaptureTake take, String owner, String stagingPath) {}

    /** Inserts the source, or replaces its name, url and settings. */
    void putSource(SourceRow source);

    Optional<SourceRow> source(String id);

    /** Every source row, by creation time. */
    List<SourceRow> sources();

    /** True when there was such a row. */
    boolean deleteSource(String id);

    /**
     * Inserts a take (its id is ignored) and returns it with its new id; the row exists before any frame
     * is written.
     */
    CaptureTake insertTake(CaptureTake take, String owner, String stagingPath);

    /** Writes every changing field of the take with {@code take.id()}: state, times, sizes, asset, path, error. */
    void updateTake(CaptureTake take);

    /** Where the take's file is written (named after its id, so known only once the row exists). */
    void setStagingPath(long id, String stagingPath);

    Optional<TakeRow> take(long id);

    /** The newest {@code limit} takes, newest first. */
    List<TakeRow> takes(int limit);

    /** Every take in {@code state}, oldest first. */
    List<TakeRow> takesIn(TakeState state);
}
