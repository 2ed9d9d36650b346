package org.thatdam.core.scan;

import org.thatdam.catalog.CatalogSession;
import org.thatdam.model.AssetKind;

/**
 * Called inside the transaction that records a new readable version, so follow-up work (derivative
 * jobs) is committed together with the content it is for: a crash can't leave one without the other.
 */
@FunctionalInterface
public interface IngestHook {
    void versionAdded(CatalogSession session, long assetId, long versionId, AssetKind kind, long now);

    IngestHook NONE = (s, a, v, k, n) -> { };
}
