package org.thatdam.core.collections;

import org.thatdam.model.AssetCollection;

/**
 * A collection with what is worked out from the rest: its {@code path} from the root ({@code Project/Day 1})
 * and its {@code cover} (the chosen asset, else the first item, or for a smart one its first result; null when none).
 */
public record CollectionSummary(AssetCollection collection, String path, Long cover) {

    public long id() {
        return collection.id();
    }
}
