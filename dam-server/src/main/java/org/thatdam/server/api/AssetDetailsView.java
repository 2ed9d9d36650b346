package org.thatdam.server.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.model.AssetVersion;
import org.thatdam.model.Derivative;

/**
 * Everything about one asset: the summary's fields, its description and tags, the files made from it
 * ({@code posterPath}, {@code spriteVttPath}, {@code proxyPath} are null until made), the current
 * version's hashes and metadata, and its locations, versions, derivatives and jobs.
 */
public record AssetDetailsView(@JsonUnwrapped AssetSummary summary, @Nullable String description, List<String> tags,
                               @Nullable String posterPath, @Nullable String posterSmallPath,
                               @Nullable String spriteVttPath, @Nullable String proxyPath, @Nullable String quickHash,
                               @Nullable String fullHash, @JsonUnwrapped MediaMetadata metadata,
                               List<LocationView> locations, List<VersionView> versions,
                               List<DerivativeView> derivatives, List<JobView> jobs) {

    /** {@code files} says where a derivative lies (the library resolves it). */
    public static AssetDetailsView of(AssetDetails d, Function<Derivative, Path> files) {
        AssetVersion current = d.current();
        return new AssetDetailsView(AssetSummary.of(d.asset()), d.description(), d.tags(),
                file(d, "poster-large", files), file(d, "poster-small", files), file(d, "sprite", files),
                file(d, "proxy", files), current == null ? null : current.quickHash(),
                current == null ? null : current.fullHash(), MediaMetadata.of(current == null ? null : current.media()),
                d.locations().stream().map(LocationView::of).toList(), d.versions().stream().map(VersionView::of).toList(),
                d.derivatives().stream().map(dv -> DerivativeView.of(d, dv, files.apply(dv))).toList(),
                d.jobs().stream().map(JobView::of).toList());
    }

    private static @Nullable String file(AssetDetails d, String kind, Function<Derivative, Path> files) {
        return d.derivative(kind).map(files).map(Path::toString).orElse(null);
    }
}
