package org.thatdam.server.api;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.library.AssetPatch;

/**
 * Changes to an asset; a field left out stays as it is, {@code "batch": ""} removes the batch and
 * {@code "label": ""} (or {@code "none"}) the colour label. {@code rating} is 0–5 stars (0 = unrated).
 * {@code fields}: custom field values by field name ({@code ""} or {@code []} clears one); fields not
 * named stay as they are, and a value that does not fit its field is refused (422) with nothing changed.
 */
public record AssetPatchBody(@Nullable String title, @Nullable String batch, @Nullable List<String> tags,
                             @Nullable String description, @Nullable Integer rating, @Nullable Boolean favourite,
                             @Nullable String label, @Nullable Map<String, Object> fields) {

    public AssetPatch toPatch() {
        return AssetPatch.none().withTitle(title).withBatch(batch).withTags(tags).withDescription(description)
                .withRating(rating).withFavourite(favourite).withLabel(label).withFields(fields);
    }
}
