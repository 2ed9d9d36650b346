package org.thatdam.server.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.bulk.BulkAction;
import org.thatdam.core.bulk.BulkRequest;

/**
 * A bulk action: the assets as {@code ids}, or as a search {@code query} (with facet selections in
 * {@code filter}) resolved when the job starts; the {@code action} and its arguments: {@code tags}
 * (add-tags, remove-tags), {@code rating} 0–5 (rating), {@code favourite} (favourite), {@code label}
 * red, yellow, green, blue, purple or "none" (label), {@code collection} id or path, e.g. "Film/Day 1" (add-to-collection), {@code fields} custom field values (set-fields), {@code kinds} (regenerate: poster, sprite,
 * proxy, scenes, embed, fingerprint), {@code preset} and {@code params} (preset); forget takes none.
 */
public record BulkBody(@Nullable List<Long> ids, @Nullable String query, @Nullable String filter, BulkAction action,
                       @Nullable List<String> tags, @Nullable Integer rating, @Nullable Boolean favourite,
                       @Nullable String label, @JsonDeserialize(using = ScalarText.class) @Nullable String collection,
                       @Nullable Map<String, Object> fields, @Nullable List<String> kinds, @Nullable String preset,
                       @JsonDeserialize(contentUsing = ScalarText.class) @Nullable Map<String, String> params) {

    /** The request, with {@code collection} already resolved to its id ({@code collectionId}). */
    public BulkRequest toRequest(@Nullable Long collectionId) {
        return new BulkRequest(ids, query, filter, action, tags, rating, favourite, label, collectionId, fields, kinds, preset, params);
    }
}
