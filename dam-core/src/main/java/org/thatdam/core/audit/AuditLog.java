package org.thatdam.core.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.model.Actor;
import org.thatdam.model.AuditEntry;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;

/**
 * Who did what and when, kept in the catalog. The service that makes a change writes its entry
 * ({@link #write}) in the transaction that makes the change, whoever asked for it (the API, the
 * command line): a change that fails leaves no entry, and no entry exists without its change. Actions
 * that are not a catalog change of their own (a failed login) are {@link #record}ed alone.
 */
public final class AuditLog {

    public static final int MAX_LIMIT = 10_000;

    private final Catalog catalog;
    private final Clock clock;

    public AuditLog(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Records an action on its own; {@code by} may be null (nobody known, e.g. a failed login). */
    public void record(Principal by, AuditAction action, String target, String detail, String address) {
        catalog.update(s -> write(s, by, action, target, detail, address));
    }

    /** Records an action inside the caller's transaction, next to the change it describes. */
    public void write(CatalogSession s, Actor by, AuditAction action, String target, String detail) {
        write(s, by.principal(), action, target, detail, by.address());
    }

    /** {@link #write(CatalogSession, Actor, AuditAction, String, String)} for the access services, which hold the principal. */
    public void write(CatalogSession s, Principal by, AuditAction action, String target, String detail, String address) {
        write(s, by == null ? null : by.user(), action, target, detail, address);
    }

    public void write(CatalogSession s, String user, AuditAction action, String target, String detail, String address) {
        s.audit().append(clock.millis(), user, action.id(), target, detail, address);
    }

    /** Newest first; {@code user} and {@code since} filter when not null. */
    public List<AuditEntry> query(String user, Instant since, int limit) {
        return query(user, since, null, limit);
    }

    /** Newest first; {@code user}, {@code since} and {@code action} (see {@link AuditAction#matching}) filter when not null. */
    public List<AuditEntry> query(String user, Instant since, String action, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) throw DamException.invalid("limit must be between 1 and " + MAX_LIMIT);
        List<String> actions = action == null ? null : AuditAction.matching(action);
        return catalog.read(s -> s.audit().query(user, since == null ? null : since.toEpochMilli(), actions, limit));
    }

    /** Forgets the entries older than {@code keep}; answers how many went. */
    public int prune(java.time.Duration keep) {
        long before = clock.millis() - keep.toMillis();
        return catalog.write(s -> s.audit().deleteBefore(before));
    }
}
