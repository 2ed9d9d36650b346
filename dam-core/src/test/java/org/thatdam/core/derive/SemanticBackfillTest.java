package org.thatdam.core.derive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.bulk.BulkAction;
import org.thatdam.core.bulk.BulkRequest;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.model.StoredVector;

/**
 * A library catalogued with semantic.auto off gets the analyses it lacks once the job engine starts with it on:
 * each missing one queued once, none for what failed before, has its result, or has no file on disk. On demand,
 * regenerate (one asset, or bulk) queues an analysis whatever semantic.auto says.
 */
class SemanticBackfillTest {

    @TempDir Path tmp;

    private Dam open(boolean semanticAuto) {
        return Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, tmp.resolve("home").toString(),
                ConfigKey.SCAN_SETTLE_SECONDS, "0", ConfigKey.SEMANTIC_AUTO, Boolean.toString(semanticAuto))));
    }

    private static List<Job> semanticJobs(Dam dam) {
        return dam.jobs().list(null, null, 0, 1000).stream().filter(j -> JobKind.parse(j.kind()).semantic()).toList();
    }

    /** Starts the engine (the queue is paused: nothing runs) and waits for the backfill it starts. */
    private static SemanticBackfill.Report backfilled(Dam dam) throws Exception {
        dam.engine().start();
        return dam.backfill().done().get(1, TimeUnit.MINUTES);
    }

    @Test
    void queuesWhatOlderVersionsLackOnceAndNeverWhatFailedBefore() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        Path clip = TestMedia.clip(2, "320x180");
        TestMedia.copy(clip, media, "a.mp4");
        Path b = TestMedia.copy(TestMedia.clip(3, "320x180"), media, "b.mp4");
        Path still = TestMedia.copy(TestMedia.png(), media, "still.png");
        Path gone = TestMedia.copy(TestMedia.clip(2.5, "320x180"), media.resolve("unplugged"), "c.mp4");
        long a;
        long bId;
        long stillId;
        try (Dam dam = open(false)) {
            DamTesting.scan(dam, media);
            assertThat(semanticJobs(dam)).as("semantic.auto off plans none").isEmpty();
            a = DamTesting.at(dam, media.resolve("a.mp4")).asset().id();
            bId = DamTesting.at(dam, b).asset().id();
            stillId = DamTesting.at(dam, still).asset().id();
            // b's scenes were asked for and failed; the still already has its text vector
            long failed = dam.scenes().analyse(bId, Actor.commandLine());
            dam.catalog().update(s -> {
                long now = dam.clock().millis();
                assertThat(s.jobs().claim(Set.of(JobKind.SCENES.id()), "earlier", now).orElseThrow().id()).isEqualTo(failed);
                s.jobs().finish(failed, "earlier", JobState.FAILED, "the decoder gave up", now);
                s.embeddings().putAsset(stillId, new StoredVector("text", "earlier", new float[384]));
            });
            dam.jobs().pause(Actor.commandLine());
            dam.engine().start();
            assertThat(dam.backfill().done()).as("no backfill while semantic.auto is off").isNotDone();
        }
        Files.delete(gone); // its drive is unplugged: the catalog still says ok, but there is nothing to analyse

        try (Dam dam = open(true)) {
            SemanticBackfill.Report r = backfilled(dam);
            assertThat(r.queued()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    JobKind.SCENES, 1, JobKind.EMBED, 2, JobKind.FINGERPRINT, 2));
            assertThat(r.offline()).as("scenes, embed and fingerprint of the unplugged video").isEqualTo(3);
            List<Job> queued = semanticJobs(dam).stream().filter(j -> j.state() == JobState.QUEUED).toList();
            long va = DamTesting.at(dam, media.resolve("a.mp4")).asset().currentVersionId();
            long vb = DamTesting.at(dam, b).asset().currentVersionId();
            assertThat(queued).extracting(j -> j.kind() + " " + j.assetId() + " " + j.params()).containsExactlyInAnyOrder(
                    "scenes " + a + " v=" + va,
                    "embed " + a + " v=" + va, "embed " + bId + " v=" + vb,
                    "fingerprint " + a + " v=" + va, "fingerprint " + bId + " v=" + vb);
            assertThat(queued).allSatisfy(j -> assertThat(j.priority()).isEqualTo(JobKind.parse(j.kind()).priority()));
            // the user cancels them: cancelled work is not queued again either
            queued.forEach(j -> dam.jobs().cancel(j.id(), Actor.commandLine()));
        }

        try (Dam dam = open(true)) {
            int before = dam.jobs().list(null, null, 0, 1000).size();
            SemanticBackfill.Report r = backfilled(dam);
            assertThat(r.total()).as("a second start queues nothing").isZero();
            assertThat(dam.jobs().list(null, null, 0, 1000)).hasSize(before);

            // on demand: the failed analysis again, as one asset's regenerate or a bulk one asks for it
            long again = dam.jobs().enqueue(JobKind.SCENES, bId, Actor.commandLine());
            assertThat(dam.jobs().find(again).state()).isEqualTo(JobState.QUEUED);
            DamTesting.assertCode(() -> dam.jobs().enqueue(JobKind.FINGERPRINT, stillId, Actor.commandLine()),
                    ErrorCode.INVALID, "image assets have no fingerprint");
            DamTesting.assertCode(() -> dam.jobs().enqueue(JobKind.OCR, bId, Actor.commandLine()),
                    ErrorCode.INVALID, "queued by their own request");
        }
        assertThat(BulkRequest.of(List.of(a), BulkAction.REGENERATE).withKinds(List.of("scenes", " Embed", "fingerprint", "scenes"))
                .validated().kinds()).containsExactly("scenes", "embed", "fingerprint");
        DamTesting.assertCode(() -> BulkRequest.of(List.of(a), BulkAction.REGENERATE).withKinds(List.of("ocr")).validated(),
                ErrorCode.INVALID, "'ocr' is not a derivative to make again; allowed: poster, sprite, proxy, scenes, embed, fingerprint");
    }
}
