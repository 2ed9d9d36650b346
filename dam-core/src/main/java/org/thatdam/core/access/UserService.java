package org.thatdam.core.access;

import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.audit.AuditAction;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.model.User;

/**
 * Accounts: the first admin (setup), then users managed by admins. The library always keeps at
 * least one admin once it has users. Passwords are hashed before any transaction starts, so the
 * catalog's write lock is never held for the length of a hash.
 */
public final class UserService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD_BYTES = 1024;

    private final Catalog catalog;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Clock clock;

    public UserService(Catalog catalog, PasswordHasher hasher, AuditLog audit, Clock clock) {
        this.catalog = catalog;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
    }

    /** True while no user exists: the server then answers nothing but setup. */
    public boolean needsSetup() {
        return catalog.read(s -> s.users().count() == 0);
    }

    /**
     * Creates the first user, an admin; refused once any user exists. The cheap refusals come first,
     * so that anyone reaching a set-up server cannot make it hash for nothing.
     */
    public User setup(String name, String password, String address) {
        String n = checkName(name);
        if (!needsSetup()) throw alreadySetUp();
        String hash = hasher.hash(checkPassword(password));
        return catalog.write(s -> {
            if (s.users().count() > 0) throw alreadySetUp();
            User u = insert(s, n, Role.ADMIN, hash);
            audit.write(s, u.name(), AuditAction.SETUP, u.name(), "first admin", address);
            return u;
        });
    }

    private static DamException alreadySetUp() {
        return DamException.conflict("the library already has users; log in instead");
    }

    public User add(String name, Role role, String password, Principal by, String address) {
        requireAdmin(by);
        String n = checkName(name);
        String hash = hasher.hash(checkPassword(password));
        return catalog.write(s -> {
            User u = insert(s, n, role, hash);
            audit.write(s, by, AuditAction.USER_ADD, u.name(), "role " + role.id(), address);
            return u;
        });
    }

    public void remove(String name, Principal by, String address) {
        requireAdmin(by);
        catalog.update(s -> {
            User u = existing(s, name);
            if (u.role() == Role.ADMIN && s.users().countWithRole(Role.ADMIN) == 1) {
                throw DamException.conflict("'" + u.name() + "' is the last admin; make another user admin first");
            }
            s.users().delete(u.id());
            audit.write(s, by, AuditAction.USER_REMOVE, u.name(), null, address);
        });
    }

    /** An admin sets a user's password, which ends that user's sessions (one's own: {@link SessionService#changePassword}). */
    public void passwd(String name, String password, Principal by, String address) {
        update(name, null, password, by, address);
    }

    public User role(String name, Role role, Principal by, String address) {
        return update(name, role, null, by, address);
    }

    /**
     * An admin changes a user's role, password or both, all or nothing: the password is checked and
     * hashed first, then both change in one transaction (a new password ends the user's sessions).
     * The last admin stays admin.
     */
    public User update(String name, Role role, String password, Principal by, String address) {
        requireAdmin(by);
        if (role == null && password == null) throw DamException.invalid("give a role, a password or both");
        String hash = password == null ? null : hasher.hash(checkPassword(password));
        return catalog.write(s -> {
            User u = existing(s, name);
            if (role != null && role != u.role()) {
                if (u.role() == Role.ADMIN && s.users().countWithRole(Role.ADMIN) == 1) {
                    throw DamException.conflict("'" + u.name() + "' is the last admin; make another user admin first");
                }
                s.users().setRole(u.id(), role, clock.millis());
                audit.write(s, by, AuditAction.USER_ROLE, u.name(), u.role().id() + " -> " + role.id(), address);
            }
            if (hash != null) {
                s.users().setPasswordHash(u.id(), hash, clock.millis());
                int ended = s.sessions().deleteForUser(u.id());
                audit.write(s, by, AuditAction.USER_PASSWORD, u.name(), ended + " session(s) ended", address);
            }
            return s.users().find(u.id()).orElseThrow();
        });
    }

    /** The stored form of a new password (the rules are checked before: {@link #checkPassword}). */
    String hash(String password) {
        return hasher.hash(password);
    }

    public List<User> list() {
        return catalog.read(s -> s.users().list());
    }

    public User user(String name) {
        return catalog.read(s -> existing(s, name));
    }

    /**
     * The user when {@code password} is theirs. An unknown name costs the same hash as a known one,
     * so timing does not tell which names exist.
     */
    Optional<User> authenticate(String name, String password) {
        if (name == null || password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return Optional.empty();
        }
        Optional<String> hash = catalog.read(s -> s.users().passwordHash(name));
        boolean ok = hash.isPresent() ? hasher.verify(password, hash.get()) : hasher.verifyNobody(password);
        if (!ok) return Optional.empty();
        if (hasher.needsRehash(hash.get())) {
            String fresh = hasher.hash(password);
            catalog.update(s -> s.users().find(name).ifPresent(u -> s.users().setPasswordHash(u.id(), fresh, clock.millis())));
        }
        return catalog.read(s -> s.users().find(name));
    }

    static void requireAdmin(Principal by) {
        if (!by.may(Role.ADMIN)) throw DamException.forbidden("only an admin may do this");
    }

    private User insert(CatalogSession s, String name, Role role, String hash) {
        return s.users().create(name, role, hash, clock.millis())
                .orElseThrow(() -> DamException.conflict("a user named '" + name + "' already exists"));
    }

    private static User existing(CatalogSession s, String name) {
        return s.users().find(name == null ? "" : name.strip())
                .orElseThrow(() -> DamException.notFound("no user '" + name + "'"));
    }

    static String checkName(String name) {
        String n = name == null ? "" : name.strip();
        if (!NAME.matcher(n).matches()) {
            throw DamException.invalid("a user name is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        return n;
    }

    static String checkPassword(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            throw DamException.invalid("a password has at least " + MIN_PASSWORD + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw DamException.invalid("a password has at most " + MAX_PASSWORD_BYTES + " bytes");
        }
        return password;
    }
}
