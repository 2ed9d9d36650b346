package org.thatdam.core.library;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetVersion;
import org.thatdam.model.Derivative;
import org.thatdam.model.Job;
import org.thatdam.model.Location;

/**
 * One asset with everything the catalog knows: locations, all versions (newest first), its
 * derivatives and its jobs (newest first).
 */
public record AssetDetails(Asset asset, String description, List<String> tags, List<Location> locations,
                           List<AssetVersion> versions, List<Derivative> derivatives, List<Job> jobs,
                           Map<String, Object> fields) {

    public AssetVersion current() {
        return versions.isEmpty() ? null : versions.get(0);
    }

    /** A derivative made from the current version (older ones are stale until regenerated). */
    public Optional<Derivative> derivative(String kind) {
        return derivatives.stream()
                .filter(d -> d.kind().equals(kind) && asset.currentVersionId() != null && d.versionId() == asset.currentVersionId())
                .findFirst();
    }
}
