package org.thatdam.server.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.AuditEntry;

/** One line of the audit log: who ({@code user} null for the local command line, or nobody known) did what, to what, from where. */
public record AuditEntryView(long id, Instant at, @Nullable String user, String action, @Nullable String target,
                             @Nullable String detail, @Nullable String address) {

    public static AuditEntryView of(AuditEntry e) {
        return new AuditEntryView(e.id(), e.at(), e.user(), e.action(), e.target(), e.detail(), e.address());
    }
}
