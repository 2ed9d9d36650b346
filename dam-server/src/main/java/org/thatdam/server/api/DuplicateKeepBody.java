package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.DamException;

/** Keep asset {@code keep} and forget {@code forget} (members of its group of duplicates) from the catalog; both required. */
public record DuplicateKeepBody(@Nullable Long keep, @Nullable List<Long> forget) {

    /** The id to keep, or a precise error for a body without one. */
    public long keepId() {
        if (keep == null) throw DamException.badRequest("field \"keep\": the id of the asset to keep is required");
        return keep;
    }

    /** The ids to forget, or a precise error for a body without them. */
    public List<Long> forgetIds() {
        if (forget == null || forget.contains(null)) {
            throw DamException.badRequest("field \"forget\": the ids of the duplicates to forget are required");
        }
        return List.copyOf(forget);
    }
}
