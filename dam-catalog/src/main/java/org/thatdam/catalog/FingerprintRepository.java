package org.thatdam.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thatdam.model.Fingerprint;

/** Video fingerprints (table fingerprint), one per asset, for finding near-duplicates. */
public interface FingerprintRepository {

    /** What pruning needs of a fingerprint, without its frames. */
    record Summary(long assetId, long versionId, String algo, double contentStartSec, double contentEndSec, long coarse) {
        public double contentSec() {
            return contentEndSec - contentStartSec;
        }
    }

    /** Inserts or replaces the asset's fingerprint. */
    void put(Fingerprint fingerprint);

    Optional<Fingerprint> find(long assetId);

    /** The fingerprints of these assets (those that have one), by asset id. */
    Map<Long, Fingerprint> forAssets(Collection<Long> assetIds);

    /**
     * The summaries of every fingerprint made from its asset's current version, ordered by content
     * length (so candidates of similar length are neighbours).
     */
    List<Summary> current();

    void delete(long assetId);
}
