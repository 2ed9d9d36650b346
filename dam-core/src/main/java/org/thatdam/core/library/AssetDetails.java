package org.thatdam.core.library;

import java.util.List;
import org.thatdam.catalog.model.Asset;
import org.thatdam.catalog.model.AssetVersion;
import org.thatdam.catalog.model.Location;

/** One asset with everything the catalog knows: locations and all versions (newest first). */
public record AssetDetails(Asset asset, List<Location> locations, List<AssetVersion> versions) {

    public AssetVersion current() {
        return versions.isEmpty() ? null : versions.get(0);
    }
}
