package org.thatdam.catalog.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.BatchRepository;
import org.thatdam.model.Batch;

final class JdbiBatchRepository implements BatchRepository {

    private static final String SELECT = """
            SELECT b.id, b.name, b.created_at, count(a.id) AS n,
                   coalesce(sum(v.size_bytes), 0) AS bytes, coalesce(sum(v.duration_sec), 0) AS dur
              FROM batch b
              LEFT JOIN asset a ON a.batch_id = b.id
              LEFT JOIN asset_version v ON v.id = a.current_version_id
            """;

    private final Handle h;
    private final SqlDialect dialect;

    JdbiBatchRepository(Handle h, SqlDialect dialect) {
        this.h = h;
        this.dialect = dialect;
    }

    @Override
    public List<Batch> list() {
        return h.createQuery(SELECT + " GROUP BY b.id ORDER BY " + dialect.orderIgnoringCase("b.name")).map((rs, ctx) -> batch(rs)).list();
    }

    @Override
    public Optional<Batch> find(String name) {
        return h.createQuery(SELECT + " WHERE b.name = :name GROUP BY b.id").bind("name", name)
                .map((rs, ctx) -> batch(rs)).findOne();
    }

    @Override
    public long idFor(String name, long now) {
        return h.createQuery("SELECT id FROM batch WHERE name = :name").bind("name", name).mapTo(Long.class).findOne()
                .orElseGet(() -> h.createQuery("INSERT INTO batch (name, created_at) VALUES (:name, :now) RETURNING id")
                        .bind("name", name).bind("now", now).mapTo(Long.class).one());
    }

    @Override
    public boolean rename(String from, String to) {
        return h.createUpdate("UPDATE batch SET name = :to WHERE name = :from").bind("from", from).bind("to", to)
                .execute() > 0;
    }

    @Override
    public boolean delete(String name) {
        // asset.batch_id is ON DELETE SET NULL: the assets stay.
        return h.createUpdate("DELETE FROM batch WHERE name = :name").bind("name", name).execute() > 0;
    }

    private static Batch batch(ResultSet rs) throws SQLException {
        return new Batch(rs.getLong("id"), rs.getString("name"), Rows.instant(rs, "created_at"), rs.getLong("n"),
                rs.getLong("bytes"), rs.getDouble("dur"));
    }
}
