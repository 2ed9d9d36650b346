package org.thatdam.server.api;

import java.nio.file.Path;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.process.ModuleOutputs;
import org.thatdam.model.Derivative;

/**
 * A file made from an asset: where to download it ({@code url}, under the name {@code fileName}),
 * where it lies on the server ({@code path}), whether it was made from an older version
 * ({@code stale}) and whether it may be deleted (processing outputs; posters, sprites and proxies
 * are regenerated instead).
 */
public record DerivativeView(String kind, String url, String fileName, String path, String mime, long sizeBytes,
                             @Nullable Integer width, @Nullable Integer height, @Nullable String detail,
                             boolean stale, boolean deletable, Instant createdAt) {

    /** {@code file} is where the derivative lies (the library resolves it). */
    public static DerivativeView of(AssetDetails d, Derivative dv, Path file) {
        Long current = d.asset().currentVersionId();
        return new DerivativeView(dv.kind(), "/api/v1/assets/" + d.asset().id() + "/derivatives/" + dv.kind(),
                DownloadNames.of(d).derivative(dv, file), file.toString(), dv.mime(), dv.sizeBytes(),
                dv.width(), dv.height(), dv.detail(), current == null || dv.versionId() != current,
                ModuleOutputs.isModuleOutput(dv.kind()), dv.createdAt());
    }
}
