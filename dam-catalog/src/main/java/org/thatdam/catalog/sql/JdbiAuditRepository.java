package org.thatdam.catalog.sql;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.AuditRepository;
import org.thatdam.model.AuditEntry;

final class JdbiAuditRepository implements AuditRepository {

    private final Handle h;
    private final SqlDialect dialect;

    JdbiAuditRepository(Handle h, SqlDialect dialect) {
        this.h = h;
        this.dialect = dialect;
    }

    @Override
    public long append(long at, String user, String action, String target, String detail, String address) {
        return h.createUpdate("""
                INSERT INTO audit_log (at, user_name, action, target, detail, address)
                VALUES (:at, :user, :action, :target, :detail, :address)""")
                .bind("at", at).bind("user", user).bind("action", action).bind("target", target)
                .bind("detail", detail).bind("address", address)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    @Override
    public List<AuditEntry> query(String user, Long since, List<String> actions, int limit) {
        List<String> where = new ArrayList<>();
        if (user != null) where.add(dialect.equalsIgnoringCase("user_name", ":user"));
        if (since != null) where.add("at >= :since");
        if (actions != null) where.add(actions.isEmpty() ? "1 = 0" : "action IN (<actions>)");
        var q = h.createQuery("SELECT * FROM audit_log" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY id DESC LIMIT :n").bind("n", limit);
        if (user != null) q.bind("user", user);
        if (since != null) q.bind("since", since);
        if (actions != null && !actions.isEmpty()) q.bindList("actions", actions);
        return q.map((rs, ctx) -> new AuditEntry(rs.getLong("id"), Rows.instant(rs, "at"), rs.getString("user_name"),
                rs.getString("action"), rs.getString("target"), rs.getString("detail"), rs.getString("address"))).list();
    }

    @Override
    public int deleteBefore(long before) {
        return h.createUpdate("DELETE FROM audit_log WHERE at < :before").bind("before", before).execute();
    }
}
