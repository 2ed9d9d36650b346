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
                downloadName(d, dv, file.getFileName().toString()), file.toString(), dv.mime(), dv.sizeBytes(),
                dv.width(), dv.height(), dv.detail(), current == null || dv.versionId() != current,
                ModuleOutputs.isModuleOutput(dv.kind()), dv.createdAt());
    }

    /** "clip-motion-clip.mp4": the asset's title without its extension, the kind, the file's extension. */
    public static String downloadName(AssetDetails d, Derivative dv, String fileName) {
        String title = d.asset().title() == null ? "asset-" + d.asset().id() : d.asset().title();
        int dot = title.lastIndexOf('.');
        if (dot > 0) title = title.substring(0, dot);
        int ext = fileName.lastIndexOf('.');
        String clean = title.replaceAll("[^\\p{L}\\p{N} ._-]", "_");
        return clean + "-" + dv.kind() + (ext >= 0 ? fileName.substring(ext) : "");
    }
}
