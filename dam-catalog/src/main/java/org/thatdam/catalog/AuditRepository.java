package org.thatdam.catalog;

import java.util.List;
import org.thatdam.model.AuditEntry;

/** The append-only audit log. */
public interface AuditRepository {

    long append(long at, String user, String action, String target, String detail, String address);

    /** Newest first; {@code user} (ignoring case) and {@code since} (epoch ms) filter when not null. */
    List<AuditEntry> query(String user, Long since, int limit);
}
