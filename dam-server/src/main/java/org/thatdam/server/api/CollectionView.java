package org.thatdam.server.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.collections.CollectionSummary;
import org.thatdam.model.AssetCollection;

/**
 * A collection: where it is ({@code parentId} null at the top level, {@code path} from the top, {@code position}
 * among its siblings), what it is ({@code smart} with its {@code query} and {@code filter}, or chosen items),
 * its cover ({@code coverAssetId} the chosen asset, null when none was chosen; {@code cover} the one shown:
 * the chosen, else the first item or first result) and how many items and sub-collections it holds.
 */
public record CollectionView(long id, @Nullable Long parentId, String name, String path, String description, boolean smart,
                             @Nullable String query, String filter, @Nullable Long coverAssetId, @Nullable Long cover,
                             int position, long items, long children, @Nullable String createdBy, Instant createdAt,
                             Instant updatedAt) {

    public static CollectionView of(CollectionSummary s) {
        AssetCollection c = s.collection();
        return new CollectionView(c.id(), c.parentId(), c.name(), s.path(), c.description(), c.smart(), c.query(), c.filter(),
                c.coverAssetId(), s.cover(), c.position(), c.items(), c.children(), c.createdBy(), c.createdAt(), c.updatedAt());
    }
}
