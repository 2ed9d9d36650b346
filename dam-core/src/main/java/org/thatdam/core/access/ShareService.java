package org.thatdam.core.access;

import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.audit.AuditAction;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.library.AssetService;
import org.thatdam.core.library.BatchService;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.Batch;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.model.ShareLink;

/**
 * Read-only links to one asset or one batch, opened without an account: a random 256-bit token in
 * the link, an optional expiry and an optional password. What a link shows is the names, kinds and
 * durations of its assets and their poster and proxy, never where their files are.
 *
 * <p>A password-protected link is unlocked once per browser: {@link #unlock} answers a proof, the
 * HMAC of the token keyed with the link's password hash, which the client sends back with every
 * request. It needs no server state, and it stops working when the link is revoked (the link no
 * longer opens) or its password changes (the key changes).
 */
public final class ShareService {

    /**
     * The page a link opens, with the token after the {@code #} (so it never reaches a server log or
     * a referrer); the server's address goes in front.
     */
    public static final String PAGE = "/share.html#";
    /** The longest expiry a link may get. */
    public static final int MAX_EXPIRY_DAYS = 3650;
    /** The most assets a batch link lists (then {@link Shared#truncated} says so). */
    static final int MAX_ASSETS = 2000;
    /** The most links one page of {@link #list} holds. */
    public static final int MAX_LIST = 1000;
    private static final String GONE = "this link does not exist, has expired or was revoked";
    private static final String LOCKED = "this link needs its password";

    /** One asset as a link shows it: no path, no location, nothing but what is needed to play it. */
    public record SharedAsset(long id, String title, AssetKind kind, Double durationSec, Integer width, Integer height,
                              boolean poster, boolean proxy) {}

    /** What a link shows: a title (the asset's or the batch's name) and its assets ({@code truncated}: not all of them). */
    public record Shared(ShareLink link, String title, List<SharedAsset> assets, boolean truncated) {}

    private final Catalog catalog;
    private final AssetService assets;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;

    public ShareService(Catalog catalog, AssetService assets, PasswordHasher hasher, LoginThrottle throttle, AuditLog audit,
                        Clock clock) {
        this.catalog = catalog;
        this.assets = assets;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Shares one asset ({@code assetId}) or one batch ({@code batch}), which must exist. {@code expiresIn}
     * null means never; {@code password} null means none.
     */
    public ShareLink create(Long assetId, String batch, Duration expiresIn, String password, Principal by, String address) {
        requireEditor(by);
        if ((assetId == null) == (batch == null || batch.isBlank())) {
            throw DamException.invalid("share either one asset or one batch");
        }
        Ages.checkExpiry(expiresIn, MAX_EXPIRY_DAYS, "a link");
        String hash = password == null ? null : hasher.hash(UserService.checkPassword(password));
        String token = Secrets.random();
        long now = clock.millis();
        Long expiresAt = expiresIn == null ? null : now + expiresIn.toMillis();
        return catalog.write(s -> {
            String target;
            long id;
            if (assetId != null) {
                Asset a = s.assets().find(assetId).orElseThrow(() -> DamException.notFound("no asset with id " + assetId));
                id = s.shareLinks().create(token, a.id(), null, by.user(), now, expiresAt, hash);
                target = "asset " + a.id();
            } else {
                Batch b = s.batches().find(batch.strip())
                        .orElseThrow(() -> DamException.notFound("no batch named '" + batch.strip() + "'"));
                id = s.shareLinks().create(token, null, b.id(), by.user(), now, expiresAt, hash);
                target = "batch " + b.name();
            }
            ShareLink link = s.shareLinks().find(id).orElseThrow();
            audit.write(s, by, AuditAction.SHARE_CREATE, target, describe(link), address);
            return link;
        });
    }

    /** Links, live or not, newest first: {@code limit} (1 to {@link #MAX_LIST}) of them after {@code offset}. */
    public List<ShareLink> list(Principal by, int limit, int offset) {
        requireEditor(by);
        if (limit < 1 || limit > MAX_LIST) throw DamException.invalid("limit must be between 1 and " + MAX_LIST);
        if (offset < 0) throw DamException.invalid("offset must not be negative");
        return catalog.read(s -> s.shareLinks().list(limit, offset));
    }

    /** Ends a link at once: it answers as if it never existed. */
    public ShareLink revoke(long id, Principal by, String address) {
        requireEditor(by);
        return catalog.write(s -> {
            ShareLink link = s.shareLinks().find(id).orElseThrow(() -> DamException.notFound("no share link " + id));
            if (link.revokedAt() != null) throw DamException.conflict("share link " + id + " is already revoked");
            s.shareLinks().revoke(id, clock.millis());
            audit.write(s, by, AuditAction.SHARE_REVOKE, target(link), "link " + id, address);
            return s.shareLinks().find(id).orElseThrow();
        });
    }

    /**
     * What the link shows. An unknown, revoked or expired token gets the same not_found; a link with
     * a password needs the {@code proof} of {@link #unlock} (else unauthorized).
     */
    public Shared open(String token, String proof) {
        ShareLink link = unlocked(token, proof);
        return catalog.read(s -> {
            if (link.assetId() != null) {
                Asset a = s.assets().find(link.assetId()).orElseThrow(ShareService::gone);
                return new Shared(link, a.title(), List.of(shared(s, a)), false);
            }
            List<Asset> in = s.assets().list(new AssetQuery(link.batch(), null, null, AssetQuery.Sort.NAME, MAX_ASSETS + 1, 0));
            boolean truncated = in.size() > MAX_ASSETS;
            return new Shared(link, link.batch(), in.stream().limit(MAX_ASSETS).map(a -> shared(s, a)).toList(), truncated);
        });
    }

    /** One asset of an open link, with its derivatives: only an asset the link shares (else not_found). */
    public AssetDetails asset(String token, String proof, long assetId) {
        ShareLink link = unlocked(token, proof);
        boolean inside = link.assetId() != null ? link.assetId() == assetId
                : catalog.read(s -> s.assets().find(assetId)).map(a -> link.batch().equals(a.batch())).orElse(false);
        if (!inside) throw DamException.notFound("this link shares no asset with id " + assetId);
        return assets.details(assetId).orElseThrow(() -> DamException.notFound("this link shares no asset with id " + assetId));
    }

    /**
     * Checks a link's password and answers the proof to send with later requests. Repeated failures
     * are throttled per link and per address (by a throttle of their own, not the logins' one) and audited; the comparison takes the same time wherever it fails.
     */
    public String unlock(String token, String password, String address) {
        ShareLink link = live(token);
        if (!link.hasPassword()) throw DamException.invalid("this link has no password");
        try (LoginThrottle.Attempt attempt = throttle.reserve("share:" + link.id(), address)) {
            if (password == null || password.getBytes(StandardCharsets.UTF_8).length > UserService.MAX_PASSWORD_BYTES
                    || !hasher.verify(password, link.passwordHash())) {
                attempt.failed();
                audit.record(null, AuditAction.SHARE_UNLOCK_FAILED, "share " + link.id(), null, address);
                throw DamException.unauthorized("wrong password for this link");
            }
            attempt.succeeded();
        }
        return proof(link);
    }

    /** A live link whose password, if any, the proof unlocks. */
    private ShareLink unlocked(String token, String proof) {
        ShareLink link = live(token);
        if (link.hasPassword() && !Secrets.same(proof, proof(link))) throw DamException.unauthorized(LOCKED);
        return link;
    }

    private ShareLink live(String token) {
        if (token == null || token.isEmpty() || token.length() > 128) throw gone();
        Instant now = clock.instant();
        return catalog.read(s -> s.shareLinks().findByToken(token)).filter(l -> l.liveAt(now)).orElseThrow(ShareService::gone);
    }

    /** HMAC-SHA256 of the token keyed with the password hash: valid as long as both stay. */
    private static String proof(ShareLink link) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(link.passwordHash().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(link.token().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every JDK has HmacSHA256", e);
        }
    }

    private static SharedAsset shared(CatalogSession s, Asset a) {
        var derivatives = s.derivatives().forAsset(a.id()).stream()
                .filter(d -> a.currentVersionId() != null && d.versionId() == a.currentVersionId()).map(d -> d.kind()).toList();
        return new SharedAsset(a.id(), a.title(), a.kind(), a.durationSec(), a.width(), a.height(),
                derivatives.stream().anyMatch(k -> k.startsWith("poster-")), derivatives.contains("proxy"));
    }

    private static DamException gone() {
        return DamException.notFound(GONE);
    }

    private static void requireEditor(Principal by) {
        if (!by.may(Role.EDITOR)) throw DamException.forbidden("only an editor may manage share links");
    }

    private static String target(ShareLink link) {
        return link.assetId() != null ? "asset " + link.assetId() : "batch " + link.batch();
    }

    private static String describe(ShareLink link) {
        return "link " + link.id() + (link.expiresAt() == null ? "" : ", expires " + link.expiresAt())
                + (link.hasPassword() ? ", with password" : "");
    }
}
