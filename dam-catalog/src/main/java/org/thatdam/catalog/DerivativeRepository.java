package org.thatdam.catalog;

import java.util.List;
import java.util.Optional;
import org.thatdam.model.Derivative;

/** Which derivative files exist for which asset version. */
public interface DerivativeRepository {
    List<Derivative> forAsset(long assetId);

    Optional<Derivative> find(long assetId, String kind);

    void put(Derivative d);

    void delete(long assetId, String kind);
}
