package org.thatdam.core.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.DuplicateMedia;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.ErrorCode;

/** Scan → fingerprint jobs → groups → keep, with the real engine and ffmpeg on generated clips. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DuplicateServiceTest {

    @TempDir static Path tmp;
    static Dam dam;
    static Path media;
    static long original, reencoded, padded, other;

    @BeforeAll
    static void catalogueAndFingerprint() throws Exception {
        media = tmp.resolve("media");
        TestMedia.copy(DuplicateMedia.original(), media, "original.mp4");
        TestMedia.copy(DuplicateMedia.reencoded(), media, "small.mp4");
        TestMedia.copy(DuplicateMedia.padded(), media, "padded.mp4");
        TestMedia.copy(DuplicateMedia.other(), media, "other.mp4");
        dam = DamTesting.openDam(tmp);
        DamTesting.scan(dam, media);
        original = DamTesting.at(dam, media.resolve("original.mp4")).asset().id();
        reencoded = DamTesting.at(dam, media.resolve("small.mp4")).asset().id();
        padded = DamTesting.at(dam, media.resolve("padded.mp4")).asset().id();
        other = DamTesting.at(dam, media.resolve("other.mp4")).asset().id();
        DamTesting.enqueue(dam, org.thatdam.core.jobs.JobKind.FINGERPRINT, original, reencoded, padded, other);
        dam.engine().start();
        assertThat(dam.engine().awaitIdle(Duration.ofMinutes(2))).as("job queue drained").isTrue();
    }

    @AfterAll
    static void close() {
        dam.close();
    }

    @Test
    @Order(1)
    void reencodesAndPaddedCopiesGroupAndADifferentClipBehindTheSameLeaderDoesNot() {
        DuplicateReport r = dam.duplicates().groups();
        assertThat(r.fingerprinted()).isEqualTo(4);
        assertThat(r.pending()).isZero();
        assertThat(r.groups()).hasSize(1);
        DuplicateGroup g = r.groups().get(0);
        assertThat(g.members()).extracting(DuplicateMember::id).containsExactlyInAnyOrder(original, reencoded, padded);
        // the 640x360 copies beat the 320x180 re-encode, which comes last
        assertThat(g.members().get(0).best()).isTrue();
        assertThat(g.bestId()).isIn(original, padded);
        assertThat(g.members().get(2).id()).isEqualTo(reencoded);
        assertThat(g.differences()).contains("resolution", "bitRate", "duration", "size");
        assertThat(g.reclaimableBytes()).isPositive();
        assertThat(g.members()).allSatisfy(m -> assertThat(m.similarity()).isGreaterThan(0.75));
        DuplicateMember pad = g.members().stream().filter(m -> m.id() == padded).findFirst().orElseThrow();
        assertThat(pad.contentStartSec()).isBetween(4.5, 5.5);
        assertThat(pad.durationSec()).isGreaterThan(12.5);
        assertThat(dam.duplicates().groupOf(other)).isEmpty();
    }

    @Test
    @Order(2)
    void keepOnlyForgetsMembersOfTheKeptOnesGroup() {
        DamTesting.assertCode(() -> dam.duplicates().keep(original, List.of(other), Actor.commandLine()),
                ErrorCode.INVALID, "not duplicates of asset " + original + ": " + other);
        DamTesting.assertCode(() -> dam.duplicates().keep(original, List.of(), Actor.commandLine()),
                ErrorCode.INVALID, "at least one");
        DamTesting.assertCode(() -> dam.duplicates().keep(original, List.of(original), Actor.commandLine()),
                ErrorCode.INVALID, "both kept and forgotten");
        DamTesting.assertCode(() -> dam.duplicates().keep(other, List.of(original), Actor.commandLine()),
                ErrorCode.INVALID, "has no known duplicates");
        DamTesting.assertCode(() -> dam.duplicates().keep(999_999, List.of(original), Actor.commandLine()),
                ErrorCode.NOT_FOUND, "no asset");
        assertThat(DamTesting.all(dam)).hasSize(4);
    }

    @Test
    @Order(3)
    void keepForgetsTheOthersFromTheCatalogAndLeavesTheirFiles() throws Exception {
        var before = DamTesting.snapshot(media);
        KeepResult r = dam.duplicates().keep(original, List.of(reencoded, padded), Actor.commandLine());
        assertThat(r.forgotten()).containsExactly(reencoded, padded);
        assertThat(DamTesting.all(dam)).extracting(a -> a.id()).containsExactlyInAnyOrder(original, other);
        assertThat(DamTesting.snapshot(media)).isEqualTo(before);
        assertThat(Files.exists(media.resolve("small.mp4"))).isTrue();
        assertThat(dam.audit().query(null, null, "asset.forget", 10)).extracting(e -> e.target())
                .containsExactlyInAnyOrder("asset " + reencoded, "asset " + padded);
        assertThat(dam.duplicates().groups().groups()).isEmpty();
    }
}
