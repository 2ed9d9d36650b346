package org.thatdam.catalog;

import java.util.List;
import java.util.Optional;
import org.thatdam.model.ShareLink;

/** Share links, found by id or by their token. */
public interface ShareLinkRepository {

    /** A link to an asset ({@code batchId} null) or a batch ({@code assetId} null). */
    long create(String token, Long assetId, Long batchId, String createdBy, long now, Long expiresAt, String passwordHash);

    Optional<ShareLink> find(long id);

    Optional<ShareLink> findByToken(String token);

    /** Links, newest first, a page at a time. */
    List<ShareLink> list(int limit, int offset);

    boolean revoke(long id, long now);
}
