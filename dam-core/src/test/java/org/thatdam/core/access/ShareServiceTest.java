package org.thatdam.core.access;

import org.thatdam.core.audit.AuditLog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.core.testing.TestClock;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AuditEntry;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.model.ShareLink;

/** Share links over a real library (real media, scanned), with a clock the test moves. */
class ShareServiceTest {

    static final Principal EDITOR = AccessFixture.as("ed", Role.EDITOR);

    @TempDir Path dir;
    final TestClock clock = new TestClock(Instant.parse("2026-01-10T10:00:00Z"));
    Dam dam;
    AuditLog audit;
    ShareService shares;
    long clip;
    long frame;
    long tone;

    @BeforeEach
    void open() {
        dam = DamTesting.openDam(dir);
        Path media = dir.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media.resolve("trip"), "clip.mp4");
        TestMedia.copy(TestMedia.png(), media.resolve("trip"), "frame.png");
        TestMedia.copy(TestMedia.wav(), media.resolve("other"), "tone.wav");
        DamTesting.scan(dam, media);
        clip = DamTesting.at(dam, media.resolve("trip/clip.mp4")).asset().id();
        frame = DamTesting.at(dam, media.resolve("trip/frame.png")).asset().id();
        tone = DamTesting.at(dam, media.resolve("other/tone.wav")).asset().id();
        audit = new AuditLog(dam.catalog(), clock);
        shares = new ShareService(dam.catalog(), dam.assets(), new PasswordHasher(AccessFixture.LIGHT),
                LoginThrottle.forShareLinks(clock), audit, clock);
    }

    @AfterEach
    void close() {
        dam.close();
    }

    @Test
    void anAssetLinkShowsThatAssetWithoutItsPath() {
        ShareLink link = shares.create(clip, null, null, null, EDITOR, "10.0.0.1");
        assertThat(link.token()).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
        assertThat(link.assetId()).isEqualTo(clip);
        assertThat(link.createdBy()).isEqualTo("ed");
        assertThat(link.expiresAt()).isNull();

        ShareService.Shared shared = shares.open(link.token(), null);
        assertThat(shared.title()).isEqualTo("clip");
        assertThat(shared.assets()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo(clip);
            assertThat(a.kind()).isEqualTo(AssetKind.VIDEO);
            assertThat(a.durationSec()).isGreaterThan(1.5);
        });
        assertThat(shared.assets().get(0).toString()).doesNotContain(dir.toString());
        assertThat(shares.asset(link.token(), null, clip).asset().id()).isEqualTo(clip);
        assertCode(() -> shares.asset(link.token(), null, frame), ErrorCode.NOT_FOUND, "shares no asset with id " + frame);
    }

    @Test
    void aBatchLinkShowsItsAssetsAndOnlyThose() {
        ShareLink link = shares.create(null, "trip", Duration.ofDays(7), null, EDITOR, null);
        assertThat(link.batch()).isEqualTo("trip");
        ShareService.Shared shared = shares.open(link.token(), null);
        assertThat(shared.title()).isEqualTo("trip");
        assertThat(shared.assets()).extracting(ShareService.SharedAsset::id).containsExactlyInAnyOrder(clip, frame);
        assertThat(shares.asset(link.token(), null, frame).asset().id()).isEqualTo(frame);
        assertCode(() -> shares.asset(link.token(), null, tone), ErrorCode.NOT_FOUND, "shares no asset");
        assertCode(() -> shares.asset(link.token(), null, 999_999), ErrorCode.NOT_FOUND, "shares no asset");

        dam.batches().renameBatch("trip", "journey", Actor.commandLine());
        assertThat(shares.open(link.token(), null).title()).as("a renamed batch keeps its links").isEqualTo("journey");
        dam.batches().deleteBatch("journey", Actor.commandLine());
        assertCode(() -> shares.open(link.token(), null), ErrorCode.NOT_FOUND, "does not exist");
    }

    @Test
    void whatIsSharedMustExistAndBeOneThing() {
        assertCode(() -> shares.create(999_999L, null, null, null, EDITOR, null), ErrorCode.NOT_FOUND, "no asset with id 999999");
        assertCode(() -> shares.create(null, "nope", null, null, EDITOR, null), ErrorCode.NOT_FOUND, "no batch named 'nope'");
        assertCode(() -> shares.create(clip, "trip", null, null, EDITOR, null), ErrorCode.INVALID, "either one asset or one batch");
        assertCode(() -> shares.create(null, " ", null, null, EDITOR, null), ErrorCode.INVALID, "either one asset or one batch");
        assertCode(() -> shares.create(clip, null, Duration.ZERO, null, EDITOR, null), ErrorCode.INVALID, "expires");
        assertCode(() -> shares.create(clip, null, Duration.ofDays(4000), null, EDITOR, null), ErrorCode.INVALID, "expires");
        assertCode(() -> shares.create(clip, null, null, "short", EDITOR, null), ErrorCode.INVALID, "at least 8 characters");
        assertCode(() -> shares.create(clip, null, null, null, AccessFixture.as("vi", Role.VIEWER), null), ErrorCode.FORBIDDEN,
                "only an editor");
        assertThat(shares.list(EDITOR, 100, 0)).isEmpty();
    }

    @Test
    void unknownRevokedAndExpiredLinksAllGetTheSameAnswer() {
        ShareLink expiring = shares.create(clip, null, Duration.ofDays(1), null, EDITOR, null);
        ShareLink revoked = shares.create(clip, null, null, null, EDITOR, null);
        shares.revoke(revoked.id(), EDITOR, null);
        clock.advance(Duration.ofHours(23));
        assertThat(shares.open(expiring.token(), null).assets()).hasSize(1);
        clock.advance(Duration.ofHours(1));

        String expected = "this link does not exist, has expired or was revoked";
        assertCode(() -> shares.open(expiring.token(), null), ErrorCode.NOT_FOUND, expected);
        assertCode(() -> shares.open(revoked.token(), null), ErrorCode.NOT_FOUND, expected);
        assertCode(() -> shares.open(Secrets.random(), null), ErrorCode.NOT_FOUND, expected);
        assertCode(() -> shares.open("", null), ErrorCode.NOT_FOUND, expected);
        assertCode(() -> shares.open("x".repeat(10_000), null), ErrorCode.NOT_FOUND, expected);
        assertCode(() -> shares.asset(revoked.token(), null, clip), ErrorCode.NOT_FOUND, expected);
        assertCode(() -> shares.revoke(revoked.id(), EDITOR, null), ErrorCode.CONFLICT, "already revoked");
        assertCode(() -> shares.revoke(999, EDITOR, null), ErrorCode.NOT_FOUND, "no share link 999");
    }

    @Test
    void aLinkGoesWithItsAsset() {
        ShareLink link = shares.create(clip, null, null, null, EDITOR, null);
        dam.assets().delete(clip, Actor.commandLine());
        assertThat(shares.list(EDITOR, 100, 0)).isEmpty();
        assertCode(() -> shares.open(link.token(), null), ErrorCode.NOT_FOUND, "does not exist");
    }

    @Test
    void aPasswordLinkOpensWithTheProofOfItsPassword() {
        ShareLink link = shares.create(clip, null, null, "open sesame", EDITOR, null);
        assertThat(link.passwordHash()).startsWith("$argon2id$");
        assertThat(link.toString()).doesNotContain("argon2");
        assertCode(() -> shares.open(link.token(), null), ErrorCode.UNAUTHORIZED, "this link needs its password");
        assertCode(() -> shares.asset(link.token(), "forged", clip), ErrorCode.UNAUTHORIZED, "this link needs its password");
        assertCode(() -> shares.unlock(link.token(), "open sesam", "10.0.0.1"), ErrorCode.UNAUTHORIZED, "wrong password");
        assertCode(() -> shares.unlock(link.token(), null, "10.0.0.1"), ErrorCode.UNAUTHORIZED, "wrong password");

        String proof = shares.unlock(link.token(), "open sesame", "10.0.0.1");
        assertThat(shares.open(link.token(), proof).assets()).hasSize(1);
        assertThat(shares.asset(link.token(), proof, clip).asset().id()).isEqualTo(clip);

        ShareLink other = shares.create(clip, null, null, "open sesame", EDITOR, null);
        assertCode(() -> shares.open(other.token(), proof), ErrorCode.UNAUTHORIZED, "needs its password");

        shares.revoke(link.id(), EDITOR, null);
        assertCode(() -> shares.open(link.token(), proof), ErrorCode.NOT_FOUND, "does not exist");
        assertCode(() -> shares.unlock(link.token(), "open sesame", "10.0.0.1"), ErrorCode.NOT_FOUND, "does not exist");

        ShareLink open = shares.create(clip, null, null, null, EDITOR, null);
        assertCode(() -> shares.unlock(open.token(), "anything", null), ErrorCode.INVALID, "has no password");
    }

    @Test
    void passwordGuessesAreThrottledPerLinkAndAddress() {
        ShareLink link = shares.create(clip, null, null, "open sesame", EDITOR, null);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertCode(() -> shares.unlock(link.token(), "guess", "10.0.0.9"), ErrorCode.UNAUTHORIZED, "wrong password");
        }
        assertCode(() -> shares.unlock(link.token(), "open sesame", "10.0.0.8"), ErrorCode.RATE_LIMITED,
                "too many wrong passwords for this link; try again in");
        clock.advance(LoginThrottle.FIRST_WAIT);
        assertThat(shares.unlock(link.token(), "open sesame", "10.0.0.8")).isNotEmpty();
        assertThat(audit.query(null, null, "share.unlock.failed", 10)).hasSize(LoginThrottle.FREE_FAILURES).allSatisfy(e -> {
            assertThat(e.user()).isNull();
            assertThat(e.target()).isEqualTo("share " + link.id());
            assertThat(e.address()).isEqualTo("10.0.0.9");
        });
    }

    @Test
    void linksAreListedAPageAtATime() {
        ShareLink first = shares.create(clip, null, null, null, EDITOR, null);
        ShareLink second = shares.create(frame, null, null, null, EDITOR, null);
        ShareLink third = shares.create(tone, null, null, null, EDITOR, null);
        assertThat(shares.list(EDITOR, 2, 0)).extracting(ShareLink::id).containsExactly(third.id(), second.id());
        assertThat(shares.list(EDITOR, 2, 2)).extracting(ShareLink::id).containsExactly(first.id());
        assertCode(() -> shares.list(EDITOR, 0, 0), ErrorCode.INVALID, "limit must be between 1 and 1000");
        assertCode(() -> shares.list(EDITOR, 1001, 0), ErrorCode.INVALID, "limit must be between 1 and 1000");
        assertCode(() -> shares.list(EDITOR, 10, -1), ErrorCode.INVALID, "offset");
    }

    @Test
    void linksAreListedNewestFirstAndEveryChangeIsAudited() {
        ShareLink first = shares.create(clip, null, null, null, EDITOR, "10.0.0.1");
        ShareLink second = shares.create(null, "other", Duration.ofDays(2), "open sesame", EDITOR, "10.0.0.1");
        shares.revoke(first.id(), AccessFixture.as("boss", Role.ADMIN), "10.0.0.2");
        assertThat(shares.list(EDITOR, 100, 0)).extracting(ShareLink::id).containsExactly(second.id(), first.id());
        assertThat(shares.list(EDITOR, 100, 0).get(1).revokedAt()).isEqualTo(clock.instant());
        assertCode(() -> shares.list(AccessFixture.as("vi", Role.VIEWER), 100, 0), ErrorCode.FORBIDDEN, "only an editor");
        assertThat(audit.query(null, null, 10)).extracting(AuditEntry::user, AuditEntry::action, AuditEntry::target, AuditEntry::address)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("boss", "share.revoke", "asset " + clip, "10.0.0.2"),
                        org.assertj.core.groups.Tuple.tuple("ed", "share.create", "batch other", "10.0.0.1"),
                        org.assertj.core.groups.Tuple.tuple("ed", "share.create", "asset " + clip, "10.0.0.1"));
        assertThat(audit.query(null, null, 10).get(1).detail()).contains("with password").contains("expires");
    }
}
