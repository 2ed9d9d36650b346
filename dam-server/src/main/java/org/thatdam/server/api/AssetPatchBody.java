package org.thatdam.server.api;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.library.AssetPatch;

/** Changes to an asset; a field left out stays as it is, {@code "batch": ""} removes the batch. */
public record AssetPatchBody(@Nullable String title, @Nullable String batch, @Nullable List<String> tags,
                             @Nullable String description) {

    public AssetPatch toPatch() {
        return new AssetPatch(Optional.ofNullable(title), Optional.ofNullable(batch), Optional.ofNullable(tags),
                Optional.ofNullable(description));
    }
}
