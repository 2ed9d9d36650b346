package org.thatdam.catalog;

import java.util.List;
import java.util.Optional;
import org.thatdam.model.ImportRun;
import org.thatdam.model.LedgerEntry;

/** The copy ledger (which file was copied where, with which proof) and the imports that wrote it. */
public interface LedgerRepository {
    List<LedgerEntry> byHash(String fullHash);

    long record(String fullHash, String sourcePath, String destination, long now);

    /** Records one verified copy ({@code e.id()} is ignored); returns its id. */
    long record(LedgerEntry e);

    /** The newest verified copy of {@code sourcePath} to {@code destination}, if any. */
    Optional<LedgerEntry> latestCopy(String sourcePath, String destination);

    /** The copies recorded for the files of an asset (by its locations), oldest first. */
    List<LedgerEntry> forAsset(long assetId);

    /** Starts recording an import (state running); returns its id. */
    long startImport(Long jobId, String source, List<String> destinations, String batch, List<String> hashes, String user,
                     int filesTotal, long bytesTotal, long now);

    void importProgress(long id, ImportRun.Progress progress, long now);

    /**
     * Ends, as failed, the imports of the same source into the same destinations still recorded as
     * running other than {@code by}: a process that was killed left them so, and {@code by} resumes them.
     */
    void supersedeImports(String source, List<String> destinations, long by, long now);

    /** Ends an import: done, failed or cancelled, with the error that ended it (null when none). */
    void finishImport(long id, String state, ImportRun.Progress progress, String error, long now);

    Optional<ImportRun> findImport(long id);

    Optional<ImportRun> importOfJob(long jobId);

    /** The newest imports first. */
    List<ImportRun> recentImports(int limit);
}
