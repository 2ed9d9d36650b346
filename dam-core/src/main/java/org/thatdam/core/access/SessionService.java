package org.thatdam.core.access;

import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.audit.AuditAction;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.text.TextRules;
import org.thatdam.catalog.SessionRepository;
import org.thatdam.model.AuthSession;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.model.User;

/**
 * Login sessions: a random 256-bit token handed to the client once (as a cookie), kept only as its
 * hash. A session ends after {@code idle} without use or {@code maxAge} after login, whichever
 * comes first; it survives restarts because it lives in the catalog.
 */
public final class SessionService {

    /** Last-seen times are written at most this often per session (a write per request would be waste). */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final int MAX_USER_AGENT = 256;

    /** A new session and its token; the token exists only here, never in the catalog. */
    public record NewSession(String token, AuthSession session, User user) {}

    private final Catalog catalog;
    private final UserService users;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration idle;
    private final Duration maxAge;

    public SessionService(Catalog catalog, UserService users, LoginThrottle throttle, AuditLog audit, Clock clock,
                          Duration idle, Duration maxAge) {
        this.catalog = catalog;
        this.users = users;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
        this.idle = idle;
        this.maxAge = maxAge;
    }

    public Duration idle() { return idle; }

    public Duration maxAge() { return maxAge; }

    /**
     * Checks the password and opens a session. Wrong name and wrong password get the same answer in
     * the same time; repeated failures are throttled per account and per address.
     */
    public NewSession login(String name, String password, String address, String userAgent) {
        Optional<User> user;
        try (LoginThrottle.Attempt attempt = throttle.reserve(name, address)) {
            user = users.authenticate(name, password);
            if (user.isEmpty()) {
                attempt.failed();
                audit.record(null, AuditAction.LOGIN_FAILED, TextRules.sanitize(name, 64), null, address);
                throw DamException.unauthorized("wrong user name or password");
            }
            attempt.succeeded();
        }
        return open(user.get(), address, userAgent);
    }

    /** Creates the first admin ({@link UserService#setup}) and opens their session: one hash, not a second one to log in. */
    public NewSession setup(String name, String password, String address, String userAgent) {
        return open(users.setup(name, password, address), address, userAgent);
    }

    private NewSession open(User u, String address, String userAgent) {
        String token = Secrets.random();
        long now = clock.millis();
        AuthSession session = catalog.write(s -> {
            s.sessions().deleteEnded(now, idle.toMillis());
            long id = s.sessions().create(Secrets.sha256(token), u.id(), now, now + maxAge.toMillis(), address,
                    TextRules.sanitize(userAgent, MAX_USER_AGENT));
            audit.write(s, u.name(), AuditAction.LOGIN, u.name(), null, address);
            return s.sessions().find(id).orElseThrow().session();
        });
        return new NewSession(token, session, u);
    }

    /** Who the token belongs to, when it is a live session; refreshes its last-seen time. */
    public Optional<Principal> validate(String token) {
        return validate(token, true);
    }

    /**
     * Like {@link #validate(String)}; {@code touch} false only looks (a listening event stream must
     * not keep an otherwise unused session alive).
     */
    public Optional<Principal> validate(String token, boolean touch) {
        if (token == null || token.isEmpty() || token.length() > 128) return Optional.empty();
        String hash = Secrets.sha256(token);
        long now = clock.millis();
        Optional<Validated> found = catalog.read(s -> s.sessions().findByTokenHash(hash)
                .flatMap(f -> s.users().find(f.userId()).map(u -> new Validated(f, u.role()))));
        if (found.isEmpty() || !live(found.get().found().session(), now)) return Optional.empty();
        AuthSession session = found.get().found().session();
        if (touch && now - session.lastSeenAt().toEpochMilli() >= TOUCH_EVERY.toMillis()) {
            catalog.update(s -> s.sessions().touch(session.id(), now));
        }
        return Optional.of(new Principal(session.userName(), found.get().role(), Principal.Via.SESSION, session.id()));
    }

    private record Validated(SessionRepository.Found found, Role role) {}

    /** Ends the session of this token (nothing happens for an unknown one). */
    public void logout(String token, String address) {
        if (token == null || token.isEmpty()) return;
        String hash = Secrets.sha256(token);
        catalog.update(s -> s.sessions().findByTokenHash(hash).ifPresent(f -> {
            s.sessions().delete(f.session().id());
            audit.write(s, f.session().userName(), AuditAction.LOGOUT, f.session().userName(), null, address);
        }));
    }

    /**
     * A user changes their own password, proving the current one (throttled like a login: a stolen
     * session must not become a way to guess it). Their other sessions end; the one making the
     * change stays, so the page in use keeps working.
     */
    public void changePassword(Principal by, String current, String fresh, String address) {
        if (by.user() == null) {
            throw DamException.invalid("this credential belongs to no user; set a password with 'dam users passwd NAME'");
        }
        catalog.read(s -> {
            AccountAccess.requireManage(s, by, by.user()); // a lesser key of the user may not change the password
            return null;
        });
        UserService.checkPassword(fresh);
        try (LoginThrottle.Attempt attempt = throttle.reserve(by.user(), address)) {
            if (current == null || users.authenticate(by.user(), current).isEmpty()) {
                attempt.failed();
                audit.record(by, AuditAction.USER_PASSWORD_FAILED, by.user(), "wrong current password", address);
                throw DamException.invalid("the current password is not right");
            }
            attempt.succeeded();
        }
        String hash = users.hash(fresh);
        Long keep = by.via() == Principal.Via.SESSION ? by.credentialId() : null;
        catalog.update(s -> {
            User u = s.users().find(by.user()).orElseThrow(() -> DamException.notFound("no user '" + by.user() + "'"));
            s.users().setPasswordHash(u.id(), hash, clock.millis());
            int ended = 0;
            for (AuthSession other : s.sessions().forUser(u.id())) {
                if (!Long.valueOf(other.id()).equals(keep) && s.sessions().delete(other.id())) ended++;
            }
            audit.write(s, by, AuditAction.USER_PASSWORD, u.name(), "own password; " + ended + " other session(s) ended", address);
        });
    }

    /** The live sessions of {@code user} (their own, or anyone's for an admin), newest first. */
    public List<AuthSession> list(String user, Principal by) {
        long now = clock.millis();
        return catalog.read(s -> {
            AccountAccess.requireManage(s, by, user);
            User u = s.users().find(user == null ? "" : user)
                    .orElseThrow(() -> DamException.notFound("no user '" + user + "'"));
            return s.sessions().forUser(u.id()).stream().filter(x -> live(x, now)).toList();
        });
    }

    /** Ends one session: one's own, or anyone's for an admin. */
    public void revoke(long id, Principal by, String address) {
        catalog.update(s -> {
            AuthSession session = s.sessions().find(id).map(SessionRepository.Found::session)
                    .filter(x -> by.is(x.userName()) || by.may(Role.ADMIN))
                    .orElseThrow(() -> DamException.notFound("no session " + id));
            AccountAccess.requireManage(s, by, session.userName());
            s.sessions().delete(id);
            audit.write(s, by, AuditAction.SESSION_REVOKE, session.userName(), "session " + id, address);
        });
    }

    private boolean live(AuthSession s, long now) {
        return now < s.expiresAt().toEpochMilli() && now - s.lastSeenAt().toEpochMilli() < idle.toMillis();
    }
}
