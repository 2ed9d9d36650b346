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

    /** A sidecar's stamp when it was last read or written for an asset (table xmp_sidecar). */
    record SidecarStamp(String path, long assetId, long sizeBytes, long mtimeMillis, Long inode) {}

    Optional<Sync> find(long assetId);

    /** The assets whose synchronised sidecar is {@code path}. */
    List<Sync> byPath(String path);

    /** Inserts or replaces the asset's row. */
    void put(Sync sync);

    /** Records a failure, keeping the rest of the row (none when the asset has no row yet). */
    void setError(long assetId, String error);

    /** The stamps recorded for the sidecar {@code path}, one per asset it was read or written for. */
    List<SidecarStamp> sidecarStamps(String path);

    /** The stamps recorded for the sidecars directly in a folder ({@code prefix} ends with the separator). */
    List<SidecarStamp> sidecarStampsIn(String prefix);

    /** Inserts or replaces the stamp of a sidecar for an asset. */
    void putSidecarStamp(SidecarStamp stamp);
}
