package org.thatdam.catalog;

import java.util.List;
import org.thatdam.model.Change;

/**
 * The change log: a sequence-numbered row for every change to what an index projects of an asset,
 * written in the same transaction as the change (by the database itself). Followers remember the last
 * seq they applied and read on from there.
 */
public interface ChangeLogRepository {

    /** The newest seq ever written (0 when none); never goes back, even after trimming. */
    long lastSeq();

    /** The oldest seq trimming has not removed (0 when the log is empty): a follower behind it has missed rows. */
    long firstSeq();

    /** Changes with seq &gt; {@code seq}, in order, at most {@code limit}. */
    List<Change> since(long seq, int limit);

    /** Deletes the rows with seq &lt; {@code seq}; returns how many. */
    int trimBefore(long seq);
}
