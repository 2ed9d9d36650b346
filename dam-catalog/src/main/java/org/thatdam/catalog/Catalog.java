package org.thatdam.catalog;

/**
 * The catalog: the source of truth about the library. Reads run concurrently; writes run one at a
 * time inside a transaction, so a crash at any point leaves either all of a unit of work or none.
 */
public interface Catalog extends AutoCloseable {

    /** Runs read-only work on a pooled connection. Never write from here. */
    <T> T read(Work<T> work);

    /** Runs work in one serialized transaction: committed when it returns, rolled back when it throws. */
    <T> T write(Work<T> work);

    /**
     * A write transaction that may run beside other writes: on a server engine its statements lock only
     * the rows they touch (the job queue: claims with {@code FOR UPDATE SKIP LOCKED}, heartbeats). It
     * must not write tables whose changes feed the search index (assets, versions, locations, tags,
     * fields, scenes, embeddings): the change feed's order is the order of {@link #write}s. On SQLite
     * it is {@link #write}.
     */
    default <T> T writeShared(Work<T> work) {
        return write(work);
    }

    /** Messages between the processes sharing this catalog; empty when it is not shared (SQLite on one machine). */
    default java.util.Optional<CatalogChannel> channel() {
        return java.util.Optional.empty();
    }

    /** About how many bytes the catalog takes where it is stored (what a snapshot will copy, roughly). */
    long sizeBytes();

    /**
     * Takes the lease {@code name} if nobody holds it (a scan of one root: two nodes never scan it at once), for
     * as long as the returned handle stays open; empty when another holder has it. On a shared engine the lease is
     * the server's and ends with the holder's connection (a node that dies gives it back). On one machine every
     * lease is granted: scans of one root there may overlap (a command-line scan while the server rescans), and
     * the write lock keeps their results exact, so making one of them skip would only lose the user's request.
     */
    default java.util.Optional<AutoCloseable> tryLease(String name) {
        return java.util.Optional.of(() -> { });
    }

    /** Where the catalog is, safe to show (no secrets). */
    String describe();

    /** Same as {@link #write} for work without a result. */
    default void update(VoidWork work) {
        write(s -> {
            work.run(s);
            return null;
        });
    }

    /**
     * Writes a consistent copy of the whole catalog to {@code target} (which must not exist) while
     * readers and writers go on: the copy is the catalog as of one moment, never a half-written state.
     * The answer is read back from the copy, so it describes exactly what was written.
     */
    CatalogSnapshot snapshotTo(java.nio.file.Path target);

    @Override
    void close();

    @FunctionalInterface
    interface Work<T> {
        T run(CatalogSession session);
    }

    @FunctionalInterface
    interface VoidWork {
        void run(CatalogSession session);
    }
}
