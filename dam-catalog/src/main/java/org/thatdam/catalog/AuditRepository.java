package org.thatdam.catalog;

import java.util.List;
import org.thatdam.model.AuditEntry;

/** The append-only audit log. */
public interface AuditRepository {

    long append(long at, String user, String action, String target, String detail, String address);

    /**
     * Newest first; {@code user} (ignoring case), {@code since} (epoch ms) and {@code actions} (any
     * of these ids) filter when not null.
     */
    List<AuditEntry> query(String user, Long since, List<String> actions, int limit);
}
