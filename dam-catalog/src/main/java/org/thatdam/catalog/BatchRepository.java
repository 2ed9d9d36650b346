package org.thatdam.catalog;

import java.util.List;
import java.util.Optional;
import org.thatdam.model.Batch;

/** Batches group assets (by default: the name of the folder a file was found in). */
public interface BatchRepository {
    List<Batch> list();

    Optional<Batch> find(String name);

    /** The id of the batch with this name, created if it does not exist. */
    long idFor(String name, long now);

    boolean rename(String from, String to);

    /** Deletes the grouping; its assets stay, without a batch. */
    boolean delete(String name);
}
