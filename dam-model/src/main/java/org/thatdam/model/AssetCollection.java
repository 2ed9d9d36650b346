package org.thatdam.model;

import java.time.Instant;

/**
 * A collection: a named group of assets from anywhere, nested under {@code parentId} (null: a root),
 * at {@code position} among its siblings. A smart one ({@code query} not null, with its facet
 * selections in {@code filter}) holds the live results of that search instead of items.
 *
 * @param coverAssetId the chosen cover, null when none was chosen
 * @param firstItemId  the first item in the manual order (the cover when none was chosen), null when empty
 * @param items        how many items it holds (0 for a smart one)
 * @param children     how many sub-collections it has
 */
public record AssetCollection(long id, Long parentId, String name, String description, Long coverAssetId, String query,
                              String filter, int position, String createdBy, Instant createdAt, Instant updatedAt,
                              Long firstItemId, long items, long children) {

    public boolean smart() {
        return query != null;
    }
}
