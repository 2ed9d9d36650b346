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
