package org.thatdam.core.access;

import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.audit.AuditAction;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.thatdam.catalog.ApiKeyRepository;
import org.thatdam.catalog.Catalog;
import org.thatdam.model.ApiKey;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.model.User;

/**
 * API keys for scripts: {@code dam_} and 256 random bits, shown once, kept as a hash. A key acts
 * with the lower of its own role and its user's current role, so demoting a user demotes their keys.
 */
public final class ApiKeyService {

    public static final String PREFIX = "dam_";
    /** Characters of a key shown in lists: the prefix and 8 of the random part. */
    static final int SHOWN = PREFIX.length() + 8;
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    static final int MAX_NAME = 100;
    /** The longest a key may be made to last. */
    public static final int MAX_EXPIRY_DAYS = 3650;

    /** A new key: {@code secret} is the key itself, here and nowhere else. */
    public record NewApiKey(ApiKey key, String secret) {}

    private final Catalog catalog;
    private final AuditLog audit;
    private final Clock clock;

    public ApiKeyService(Catalog catalog, AuditLog audit, Clock clock) {
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates a key for {@code user} (null: the caller; oneself, or anyone for an admin). {@code role}
     * null means the user's role (at most the caller's); more than either is refused. {@code expiresIn}
     * null means it never expires; else at most {@link #MAX_EXPIRY_DAYS}.
     */
    public NewApiKey create(String user, String name, Role role, Duration expiresIn, Principal by, String address) {
        String owner = user != null ? user : by.user();
        if (owner == null) throw DamException.invalid("say for which user the key is");
        Ages.checkExpiry(expiresIn, MAX_EXPIRY_DAYS, "a key");
        String label = name == null || name.isBlank() ? "" : name.strip();
        if (label.length() > MAX_NAME || label.chars().anyMatch(Character::isISOControl)) {
            throw DamException.invalid("a key name has at most " + MAX_NAME + " characters and no control characters");
        }
        String secret = PREFIX + Secrets.random();
        long now = clock.millis();
        return catalog.write(s -> {
            AccountAccess.requireManage(s, by, owner.strip());
            User u = s.users().find(owner.strip())
                    .orElseThrow(() -> DamException.notFound("no user '" + owner + "'"));
            // nor more than the credential making it: a viewer key of an admin makes viewer keys
            Role most = by.role().includes(u.role()) ? u.role() : by.role();
            Role r = role == null ? most : role;
            if (!u.role().includes(r)) {
                throw DamException.invalid("a key cannot have more rights than its user: '" + u.name() + "' is "
                        + u.role().id() + ", asked for " + r.id());
            }
            if (!by.role().includes(r)) {
                throw DamException.invalid("a key cannot have more rights than the credential that makes it: it has "
                        + by.role().id() + ", asked for " + r.id());
            }
            long id = s.apiKeys().create(u.id(), label, secret.substring(0, SHOWN), Secrets.sha256(secret), r, now,
                    expiresIn == null ? null : now + expiresIn.toMillis());
            ApiKey key = s.apiKeys().find(id).orElseThrow();
            audit.write(s, by, AuditAction.APIKEY_CREATE, u.name(), "key " + id + " (" + key.prefix() + "…, " + r.id() + ")", address);
            return new NewApiKey(key, secret);
        });
    }

    /** Who the key acts for, when it is a live key; notes its use (at most once a minute). */
    public Optional<Principal> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 128) return Optional.empty();
        String hash = Secrets.sha256(secret);
        long now = clock.millis();
        Optional<ApiKeyRepository.Found> found = catalog.read(s -> s.apiKeys().findByHash(hash));
        if (found.isEmpty() || !found.get().key().usableAt(clock.instant())) return Optional.empty();
        ApiKey key = found.get().key();
        if (key.lastUsedAt() == null || now - key.lastUsedAt().toEpochMilli() >= TOUCH_EVERY.toMillis()) {
            catalog.update(s -> s.apiKeys().touch(key.id(), now));
        }
        Role user = found.get().userRole();
        Role effective = user.includes(key.role()) ? key.role() : user;
        return Optional.of(new Principal(key.userName(), effective, Principal.Via.API_KEY, key.id()));
    }

    /**
     * Keys of {@code user}; when it is null, one's own, or everyone's for an admin. A non-admin sees
     * only their own.
     */
    public List<ApiKey> list(String user, Principal by) {
        String owner = user == null && !by.may(Role.ADMIN) ? by.user() : user;
        return catalog.read(s -> {
            if (owner == null) {
                UserService.requireAdmin(by);
                return s.apiKeys().list(null);
            }
            AccountAccess.requireManage(s, by, owner);
            User u = s.users().find(owner).orElseThrow(() -> DamException.notFound("no user '" + owner + "'"));
            return s.apiKeys().list(u.id());
        });
    }

    /** Revokes a key: one's own, or anyone's for an admin; a key may always revoke itself. */
    public ApiKey revoke(long id, Principal by, String address) {
        return catalog.write(s -> {
            ApiKey key = s.apiKeys().find(id).filter(k -> by.is(k.userName()) || by.may(Role.ADMIN))
                    .orElseThrow(() -> DamException.notFound("no API key " + id));
            boolean itself = by.via() == Principal.Via.API_KEY && Long.valueOf(id).equals(by.credentialId());
            if (!itself) AccountAccess.requireManage(s, by, key.userName());
            if (key.revokedAt() != null) throw DamException.conflict("API key " + id + " is already revoked");
            s.apiKeys().revoke(id, clock.millis());
            audit.write(s, by, AuditAction.APIKEY_REVOKE, key.userName(), "key " + id + " (" + key.prefix() + "…)", address);
            return s.apiKeys().find(id).orElseThrow();
        });
    }
}
