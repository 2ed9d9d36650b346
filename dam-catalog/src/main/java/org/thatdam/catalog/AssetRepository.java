package org.thatdam.catalog;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.AssetVersion;
import org.thatdam.model.CatalogStats;
import org.thatdam.model.Location;
import org.thatdam.model.MediaInfo;

/** Assets, their versions and their locations. */
public interface AssetRepository {

    // ---- reads

    Optional<Asset> find(long id);

    List<Asset> list(AssetQuery query);

    long count(AssetQuery query);

    /** Streams every asset in id order without holding them all in memory. */
    void forEach(Consumer<Asset> consumer);

    /** Every asset (or those in {@code ids} when not null) with what a search index needs, in id order, streamed. */
    void forEachSearchable(java.util.Collection<Long> ids, Consumer<org.thatdam.model.Searchable> consumer);

    /** Up to {@code limit} searchables with id greater than {@code afterId}, in id order (keyset paging). */
    List<org.thatdam.model.Searchable> searchablePage(long afterId, int limit);

    /**
     * An asset whose current version lacks an analysis: its id, that version, and the paths of its locations not
     * known to be missing (empty when none is; the caller checks them on disk).
     */
    record Unanalysed(long assetId, long versionId, List<String> paths) {}

    /**
     * Up to {@code limit} assets with id greater than {@code afterId}, in id order (keyset paging), whose current
     * version lacks the analysis that job kind {@code jobKind} makes and has never had a job of that kind, in any
     * state: {@code scenes} (videos without scenes of that version), {@code fingerprint} (videos without a
     * fingerprint of that version), {@code embed} (any asset without a {@code text} asset embedding; embedding is of
     * the asset's text, so an embed job for any version counts). Version jobs are those whose params name the
     * version ({@code v=<id>}). Only assets whose status is ok. One query, whatever the size of the library.
     */
    List<Unanalysed> missingAnalysis(String jobKind, long afterId, int limit);

    /** Assets whose current content has a GPS position, newest capture first. */
    List<org.thatdam.model.Place> places(int limit, int offset);

    long countPlaces();

    List<AssetVersion> versions(long assetId);

    Optional<AssetVersion> version(long versionId);

    List<Location> locations(long assetId);

    Optional<Location> locationByPath(String path);

    /** Locations whose path starts with {@code prefix} (a directory path ending in the separator). */
    void forEachLocationUnder(String prefix, Consumer<Location> consumer);

    /**
     * The locations directly in the folder {@code prefix} (a directory path ending in the
     * separator): not those in its subfolders. One query for a folder's worth of files.
     */
    List<Location> locationsIn(String prefix);

    /**
     * The folders directly in the folder {@code prefix} (a directory path ending in the separator)
     * that hold catalogued files at any depth, each with its totals, in path order. The index is
     * walked from one sub-folder to the next, each one's files read once; nothing is sorted.
     */
    List<org.thatdam.model.FolderStats> subfolders(String prefix);

    /** The totals of the files directly in the folder {@code prefix} (ending in the separator); name null. */
    org.thatdam.model.FolderStats filesIn(String prefix);

    /** A page of {@link #locationsIn} in path order. */
    List<Location> locationsIn(String prefix, int limit, int offset);

    /** The assets with these ids, in id order; ids of assets that are gone are left out. */
    List<Asset> findAll(java.util.Collection<Long> ids);

    /** The asset whose current version has exactly this size and quick hash, if any. */
    Optional<Long> findByContent(long sizeBytes, String quickHash);

    CatalogStats stats();

    /**
     * Assets per period of their capture time, from {@code fromMs} (inclusive) to {@code toMs}
     * (exclusive), epoch ms, either null for open; one GROUP BY in the database.
     */
    org.thatdam.model.Timeline timeline(org.thatdam.model.Timeline.By by, Long fromMs, Long toMs);

    // ---- writes (only inside Catalog.write)

    long insertAsset(AssetKind kind, String title, Long batchId, long now);

    /** Adds a new current version and sets the asset's kind and status from it. */
    long addVersion(long assetId, long sizeBytes, String quickHash, MediaInfo media, String error, long now);

    long insertLocation(long assetId, String path, long sizeBytes, long mtimeMillis, Long inode, String quickHash, long now);

    /** Records a new stamp for a location (and that it exists again). */
    void updateLocation(long locationId, long assetId, long sizeBytes, long mtimeMillis, Long inode, String quickHash, long now);

    void setLocationMissing(long locationId, boolean missing, long now);

    void deleteLocation(long locationId);

    void setStatus(long assetId, AssetStatus status, String error, long now);

    /** A {@code missing} asset that has a file again: back to ok, or failed if its content never probed. */
    void clearMissing(long assetId, long now);

    void setBatch(long assetId, Long batchId, long now);

    void setTitle(long assetId, String title, long now);

    void setFullHash(long versionId, String fullHash);

    void setDescription(long assetId, String description, long now);

    /** 0–5 stars; 0 = unrated. */
    void setRating(long assetId, int rating, long now);

    void setFavourite(long assetId, boolean favourite, long now);

    /** The colour label, or null for none. */
    void setLabel(long assetId, org.thatdam.model.ColourLabel label, long now);

    /** Replaces the asset's tags. */
    void setTags(long assetId, List<String> tags, long now);

    List<String> tags(long assetId);

    String description(long assetId);

    /** Removes the asset with its versions and locations from the catalog (never touches files). */
    void delete(long assetId);
}
