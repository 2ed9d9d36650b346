package org.thatdam.core.access;

import org.thatdam.core.audit.AuditLog;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.thatdam.catalog.sql.SqliteCatalog;
import org.thatdam.core.testing.TestClock;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;

/**
 * The access services over a real catalog file and a clock the test moves. Hashes use light
 * parameters so tests stay fast; {@link PasswordHasherTest} covers the real ones.
 */
final class AccessFixture implements AutoCloseable {

    static final PasswordHasher.Params LIGHT = new PasswordHasher.Params(1024, 1, 1);
    static final Duration IDLE = Duration.ofMinutes(720);
    static final Duration MAX_AGE = Duration.ofDays(30);

    final SqliteCatalog catalog;
    final TestClock clock = new TestClock(Instant.parse("2026-01-10T10:00:00Z"));
    final AuditLog audit;
    final UserService users;
    final LoginThrottle throttle;
    final SessionService sessions;
    final ApiKeyService apiKeys;

    AccessFixture(Path dir) {
        this(dir, new PasswordHasher(LIGHT));
    }

    AccessFixture(Path dir, PasswordHasher hasher) {
        catalog = SqliteCatalog.open(dir.resolve("catalog.db"));
        audit = new AuditLog(catalog, clock);
        users = new UserService(catalog, hasher, audit, clock);
        throttle = new LoginThrottle(clock);
        sessions = new SessionService(catalog, users, throttle, audit, clock, IDLE, MAX_AGE);
        apiKeys = new ApiKeyService(catalog, audit, clock);
    }

    static Principal as(String user, Role role) {
        return new Principal(user, role, Principal.Via.SESSION, 1L);
    }

    @Override
    public void close() {
        catalog.close();
    }
}
