package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.DamException;

/** Keep asset {@code keep} and forget {@code forget} (members of its group of duplicates) from the catalog. */
public record DuplicateKeepBody(Long keep, List<Long> forget) {

    public DuplicateKeepBody(@Nullable Long keep, @Nullable List<Long> forget) {
        if (keep == null) throw DamException.badRequest("field \"keep\": the id of the asset to keep is required");
        if (forget == null || forget.contains(null)) {
            throw DamException.badRequest("field \"forget\": the ids of the duplicates to forget are required");
        }
        this.keep = keep;
        this.forget = List.copyOf(forget);
    }
}
