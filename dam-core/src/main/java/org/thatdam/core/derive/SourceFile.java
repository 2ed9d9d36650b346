package org.thatdam.core.derive;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.thatdam.catalog.Catalog;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetVersion;
import org.thatdam.model.Location;
import org.thatdam.core.jobs.PermanentJobException;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.FileStamp;

/** The asset version a derivative job works from, and a file on disk that holds exactly that content. */
public record SourceFile(Asset asset, AssetVersion version, Path file) {

    /**
     * Empty when the job is superseded (the asset has a newer version, which has jobs of its own).
     * Throws a permanent failure when the asset is gone or none of its files is on disk unchanged.
     */
    public static Optional<SourceFile> load(Catalog catalog, long assetId, long versionId) {
        return catalog.read(s -> {
            Asset a = s.assets().find(assetId)
                    .orElseThrow(() -> new PermanentJobException("asset " + assetId + " is no longer in the catalog"));
            if (a.currentVersionId() == null || a.currentVersionId() != versionId) {
                return Optional.<SourceFile>empty();
            }
            AssetVersion v = s.assets().version(versionId).orElseThrow();
            if (v.error() != null) {
                throw new PermanentJobException("the file could not be read as media: " + v.error());
            }
            for (Location l : s.assets().locations(assetId)) {
                Path p = FileNames.path(l.path());
                if (!l.missing() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && sameContent(p, l)) {
                    return Optional.of(new SourceFile(a, v, p));
                }
            }
            throw new PermanentJobException("no file of asset " + assetId + " is on disk unchanged since it was scanned"
                    + " (scan again to pick up changes)");
        });
    }

    private static boolean sameContent(Path p, Location l) {
        try {
            FileStamp st = FileStamp.of(p);
            return st.sizeBytes() == l.sizeBytes() && st.mtimeMillis() == l.mtimeMillis();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
