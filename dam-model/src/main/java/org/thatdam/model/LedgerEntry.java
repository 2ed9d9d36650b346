package org.thatdam.model;

import java.time.Instant;

/**
 * One verified copy: the file at {@code sourcePath} (its size and modification time then) copied to
 * {@code destination} (under {@code destinationRoot}, the folder the import wrote to) with the hashes
 * that proved it, by whom, into which batch and by which import. Rows from before verified imports
 * carry only the content's full hash, the paths and the time.
 */
public record LedgerEntry(long id, String fullHash, String sourcePath, String destination, Instant copiedAt,
                          Long sizeBytes, Long sourceMtimeMs, String xxh64, String md5, String sha1, String user,
                          String batch, Long importId, String destinationRoot) {

    /** A verified copy to record (its id is given by the catalog). */
    public static LedgerEntry copy(String sourcePath, String destination, String destinationRoot, long sizeBytes,
                                   long sourceMtimeMs, String xxh64, String md5, String sha1, String user, String batch,
                                   Long importId, Instant copiedAt) {
        return new LedgerEntry(0, null, sourcePath, destination, copiedAt, sizeBytes, sourceMtimeMs, xxh64, md5, sha1,
                user, batch, importId, destinationRoot);
    }
}
