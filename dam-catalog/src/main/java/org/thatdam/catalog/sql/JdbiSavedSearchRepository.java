package org.thatdam.catalog.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.SavedSearchRepository;
import org.thatdam.model.SavedSearch;

final class JdbiSavedSearchRepository implements SavedSearchRepository {

    private static final String SELECT = """
            SELECT s.id, u.name AS owner, s.name, s.query, s.filter, s.sort, s.created_at
            FROM saved_search s JOIN app_user u ON u.id = s.user_id""";

    private final Handle h;
    private final SqlDialect dialect;

    JdbiSavedSearchRepository(Handle h, SqlDialect dialect) {
        this.h = h;
        this.dialect = dialect;
    }

    @Override
    public long save(long userId, String name, String query, String filter, String sort, long now) {
        h.createUpdate("DELETE FROM saved_search WHERE user_id = :user AND " + dialect.equalsIgnoringCase("name", ":name"))
                .bind("user", userId).bind("name", name).execute();
        return h.createUpdate("""
                INSERT INTO saved_search (user_id, name, query, filter, sort, created_at)
                VALUES (:user, :name, :query, :filter, :sort, :now)""")
                .bind("user", userId).bind("name", name).bind("query", query).bind("filter", filter).bind("sort", sort)
                .bind("now", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    @Override
    public List<SavedSearch> list(long userId) {
        return h.createQuery(SELECT + " WHERE s.user_id = :user ORDER BY " + dialect.orderIgnoringCase("s.name") + ", s.id").bind("user", userId)
                .map((rs, ctx) -> saved(rs)).list();
    }

    @Override
    public Optional<SavedSearch> find(long id) {
        return h.createQuery(SELECT + " WHERE s.id = :id").bind("id", id).map((rs, ctx) -> saved(rs)).findOne();
    }

    @Override
    public boolean exists(long userId, String name) {
        return h.createQuery("SELECT 1 FROM saved_search WHERE user_id = :user AND " + dialect.equalsIgnoringCase("name", ":name"))
                .bind("user", userId).bind("name", name).mapTo(Integer.class).findOne().isPresent();
    }

    @Override
    public int count(long userId) {
        return h.createQuery("SELECT count(*) FROM saved_search WHERE user_id = :user").bind("user", userId)
                .mapTo(Integer.class).one();
    }

    @Override
    public boolean delete(long id) {
        return h.createUpdate("DELETE FROM saved_search WHERE id = :id").bind("id", id).execute() == 1;
    }

    private static SavedSearch saved(ResultSet rs) throws SQLException {
        return new SavedSearch(rs.getLong("id"), rs.getString("owner"), rs.getString("name"), rs.getString("query"),
                rs.getString("filter"), rs.getString("sort"), Rows.instant(rs, "created_at"));
    }
}
