package org.thatdam.server.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.model.AssetVersion;
import org.thatdam.model.Derivative;

/**
 * Everything about one asset: the summary's fields, its description, tags and custom field values
 * ({@code fields}, by field name), the files made from it
 * ({@code posterPath}, {@code spriteVttPath}, {@code proxyPath} are null until made), the current
 * version's hashes and metadata, and its locations, versions, derivatives and jobs.
 */
public record AssetDetailsView(@JsonUnwrapped AssetSummary summary, @Nullable String description, List<String> tags,
                               Map<String, Object> fields,
                               @Nullable String posterPath, @Nullable String posterSmallPath,
                               @Nullable String spriteVttPath, @Nullable String proxyPath, @Nullable String quickHash,
                               @Nullable String fullHash, @JsonUnwrapped MediaMetadata metadata,
                               List<LocationView> locations, List<VersionView> versions,
                               List<DerivativeView> derivatives, List<JobView> jobs, List<DownloadView> downloads) {

    /** {@code files} says where a derivative lies (the library resolves it); the derivatives as downloads. */
    public static AssetDetailsView of(AssetDetails d, Function<Derivative, Path> files) {
        return of(d, files, null);
    }

    /**
     * As {@link #of(AssetDetails, Function)}, with {@code original} (a download of the original file
     * the caller may make) first among the downloads when there is one.
     */
    public static AssetDetailsView of(AssetDetails d, Function<Derivative, Path> files, @Nullable DownloadView original) {
        AssetVersion current = d.current();
        return new AssetDetailsView(AssetSummary.of(d.asset()), d.description(), d.tags(), d.fields(),
                file(d, "poster-large", files), file(d, "poster-small", files), file(d, "sprite", files),
                file(d, "proxy", files), current == null ? null : current.quickHash(),
                current == null ? null : current.fullHash(), MediaMetadata.of(current == null ? null : current.media()),
                d.locations().stream().map(LocationView::of).toList(), d.versions().stream().map(VersionView::of).toList(),
                d.derivatives().stream().map(dv -> DerivativeView.of(d, dv, files.apply(dv))).toList(),
                d.jobs().stream().map(JobView::of).toList(), downloads(d, files, original));
    }

    /** Files to save, biggest use first: original, proxy, posters, then what processing made. The sprite
     * track is left out (its sheets are separate files); so are files gone from disk. */
    private static List<DownloadView> downloads(AssetDetails d, Function<Derivative, Path> files, @Nullable DownloadView original) {
        List<DownloadView> out = new java.util.ArrayList<>();
        if (original != null) out.add(original);
        DownloadNames names = DownloadNames.of(d);
        List<String> first = List.of("proxy", "poster-large", "poster-small");
        d.derivatives().stream().filter(dv -> !dv.kind().equals("sprite"))
                .sorted(java.util.Comparator.comparingInt(dv -> {
                    int i = first.indexOf(dv.kind());
                    return i < 0 ? first.size() : i;
                }))
                .forEach(dv -> {
                    Path file = files.apply(dv);
                    if (!java.nio.file.Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
                    out.add(new DownloadView(dv.kind(), label(dv), names.derivative(dv, file),
                            "/api/v1/assets/" + d.asset().id() + "/derivatives/" + dv.kind() + "?download=1", dv.sizeBytes()));
                });
        return List.copyOf(out);
    }

    private static String label(Derivative dv) {
        String k = dv.kind();
        if (k.startsWith("motion-peak-")) return "Motion still " + k.substring("motion-peak-".length());
        return switch (k) {
            case "proxy" -> "Proxy";
            case "poster-large" -> "Poster";
            case "poster-small" -> "Poster, small";
            case "motion" -> "Motion report";
            case "motion-clip" -> "Motion clip";
            case "idle-ranges" -> "Idle ranges";
            case "idle-trimmed" -> "Idle-trimmed file";
            default -> dv.detail() == null || dv.detail().isBlank() ? k : dv.detail();
        };
    }

    private static @Nullable String file(AssetDetails d, String kind, Function<Derivative, Path> files) {
        return d.derivative(kind).map(files).map(Path::toString).orElse(null);
    }
}
