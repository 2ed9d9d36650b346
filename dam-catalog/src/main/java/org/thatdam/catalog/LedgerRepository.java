package org.thatdam.catalog;

import java.util.List;
import org.thatdam.model.LedgerEntry;

/** The copy ledger: which content was copy-imported where. */
public interface LedgerRepository {
    List<LedgerEntry> byHash(String fullHash);

    long record(String fullHash, String sourcePath, String destination, long now);
}
