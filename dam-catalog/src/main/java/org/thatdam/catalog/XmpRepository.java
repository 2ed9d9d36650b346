package org.thatdam.catalog;

import java.util.List;
import java.util.Optional;

/** What was last synchronised between each asset and its XMP (table xmp_sync); JSON columns are stored as given. */
public interface XmpRepository {

    /**
     * @param source     "sidecar" or "embedded"
     * @param path       the sidecar (null for embedded XMP)
     * @param valuesJson the values both sides agreed on at {@code syncedAt}
     */
    record Sync(long assetId, String source, String path, Long sizeBytes, Long mtimeMillis, String hash,
                String valuesJson, String extraJson, long syncedAt, String error, String conflictsJson) {}

    Optional<Sync> find(long assetId);

    /** The assets whose synchronised sidecar is {@code path}. */
    List<Sync> byPath(String path);

    /** Inserts or replaces the asset's row. */
    void put(Sync sync);

    /** Records a failure, keeping the rest of the row (none when the asset has no row yet). */
    void setError(long assetId, String error);
}
