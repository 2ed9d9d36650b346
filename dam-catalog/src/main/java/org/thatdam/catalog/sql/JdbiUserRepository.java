package org.thatdam.catalog.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.UserRepository;
import org.thatdam.model.Role;
import org.thatdam.model.User;

final class JdbiUserRepository implements UserRepository {

    private static final String COLUMNS = "id, name, role, created_at, updated_at";

    private final Handle h;
    private final SqlDialect dialect;

    JdbiUserRepository(Handle h, SqlDialect dialect) {
        this.h = h;
        this.dialect = dialect;
    }

    @Override
    public Optional<User> create(String name, Role role, String passwordHash, long now) {
        int added = h.createUpdate("""
                INSERT INTO app_user (name, role, password_hash, created_at, updated_at)
                VALUES (:name, :role, :hash, :now, :now) ON CONFLICT DO NOTHING""")
                .bind("name", name).bind("role", role.id()).bind("hash", passwordHash).bind("now", now).execute();
        return added == 1 ? find(name) : Optional.empty();
    }

    @Override
    public Optional<User> find(String name) {
        return h.createQuery("SELECT " + COLUMNS + " FROM app_user WHERE " + dialect.equalsIgnoringCase("name", ":name")).bind("name", name)
                .map((rs, ctx) -> user(rs)).findOne();
    }

    @Override
    public Optional<User> find(long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM app_user WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> user(rs)).findOne();
    }

    @Override
    public Optional<String> passwordHash(String name) {
        return h.createQuery("SELECT password_hash FROM app_user WHERE " + dialect.equalsIgnoringCase("name", ":name")).bind("name", name)
                .mapTo(String.class).findOne();
    }

    @Override
    public List<User> list() {
        return h.createQuery("SELECT " + COLUMNS + " FROM app_user ORDER BY " + dialect.orderIgnoringCase("name")).map((rs, ctx) -> user(rs)).list();
    }

    @Override
    public long count() {
        return h.createQuery("SELECT count(*) FROM app_user").mapTo(Long.class).one();
    }

    @Override
    public long countWithRole(Role role) {
        return h.createQuery("SELECT count(*) FROM app_user WHERE role = :role").bind("role", role.id())
                .mapTo(Long.class).one();
    }

    @Override
    public boolean setPasswordHash(long id, String passwordHash, long now) {
        return h.createUpdate("UPDATE app_user SET password_hash = :hash, updated_at = :now WHERE id = :id")
                .bind("hash", passwordHash).bind("now", now).bind("id", id).execute() == 1;
    }

    @Override
    public boolean setRole(long id, Role role, long now) {
        return h.createUpdate("UPDATE app_user SET role = :role, updated_at = :now WHERE id = :id")
                .bind("role", role.id()).bind("now", now).bind("id", id).execute() == 1;
    }

    @Override
    public boolean delete(long id) {
        return h.createUpdate("DELETE FROM app_user WHERE id = :id").bind("id", id).execute() == 1;
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("name"), Role.parse(rs.getString("role")),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
