package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.library.AssetPatch;

/**
 * Changes to an asset; a field left out stays as it is, {@code "batch": ""} removes the batch and
 * {@code "label": ""} (or {@code "none"}) the colour label. {@code rating} is 0–5 stars (0 = unrated).
 */
public record AssetPatchBody(@Nullable String title, @Nullable String batch, @Nullable List<String> tags,
                             @Nullable String description, @Nullable Integer rating, @Nullable Boolean favourite,
                             @Nullable String label) {

    public AssetPatch toPatch() {
        return AssetPatch.none().withTitle(title).withBatch(batch).withTags(tags).withDescription(description)
                .withRating(rating).withFavourite(favourite).withLabel(label);
    }
}
