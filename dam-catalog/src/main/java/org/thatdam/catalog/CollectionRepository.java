package org.thatdam.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetCollection;

/** Collections (nested, ordered groups of assets) and their items. */
public interface CollectionRepository {

    /** Every collection, siblings in their order. */
    List<AssetCollection> list();

    Optional<AssetCollection> find(long id);

    /** A new collection, last among its siblings; returns its id. */
    long insert(Long parentId, String name, String description, String query, String filter, String createdBy, long now);

    /** Writes name, description, cover, query and filter of {@code c} (its id says which). */
    void update(AssetCollection c, long now);

    /** Moves a collection under {@code parentId} (null: to the roots), last among its new siblings. */
    void move(long id, Long parentId, long now);

    /** Deletes a collection, its items and its sub-collections (the assets stay). */
    boolean delete(long id);

    /** Of {@code assetIds}, those that are catalogued. */
    Set<Long> existingAssets(Collection<Long> assetIds);

    /** Appends the assets not in it yet, in the order given; returns how many were added. */
    int addItems(long id, List<Long> assetIds, String addedBy, long now);

    /** Returns how many of {@code assetIds} were in it. */
    int removeItems(long id, Collection<Long> assetIds);

    /** The ids of its items in their order. */
    List<Long> itemIds(long id);

    /** A page of its items, in their order. */
    List<Asset> items(long id, int limit, int offset);

    /** Gives the items the order of {@code assetIds} (exactly its items). */
    void orderItems(long id, List<Long> assetIds, long now);

    /** Gives the sub-collections of {@code parentId} (null: the roots) the order of {@code ids} (exactly them). */
    void orderChildren(Long parentId, List<Long> ids);

    /** The ids of the collections that hold {@code assetId} as an item. */
    List<Long> holding(long assetId);
}
