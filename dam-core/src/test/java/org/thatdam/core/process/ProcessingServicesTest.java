package org.thatdam.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.Actor;
import org.thatdam.model.ConsoleRun;
import org.thatdam.model.Derivative;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.core.Dam;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.console.RejectedArgumentException;
import org.thatdam.media.motion.MotionMedia;
import org.thatdam.media.testing.TestMedia;

/** Motion, idle trim and the ffmpeg console on catalogued assets: real jobs, real ffmpeg, real files. */
class ProcessingServicesTest {

    @TempDir Path tmp;
    Path media;
    Dam dam;

    @BeforeEach
    void open() {
        media = tmp.resolve("media");
        dam = DamTesting.openDam(tmp);
    }

    @AfterEach
    void close() {
        dam.close();
    }

    long catalogue(Path cached, String name) {
        Path file = TestMedia.copy(cached, media, name);
        DamTesting.scan(dam, media);
        return DamTesting.at(dam, file).asset().id();
    }

    Job await(long jobId) {
        dam.engine().start();
        return Awaitility.await("job " + jobId + " finished").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> dam.catalog().read(s -> s.jobs().find(jobId)).orElseThrow(), j -> j.state().finished());
    }

    List<String> kinds(long assetId) {
        return dam.catalog().read(s -> s.derivatives().forAsset(assetId)).stream().map(Derivative::kind).toList();
    }

    Path file(long assetId, String kind) {
        return dam.assets().derivativeFile(assetId, kind).orElseThrow();
    }

    @Test
    void motionRunsAsAJobAndItsOutputsAreReplacedAsAWhole() throws Exception {
        long id = catalogue(MotionMedia.scene(), "scene.mp4");
        String before = DamTesting.sha256(media.resolve("scene.mp4"));

        Job job = await(dam.motion().request(id, new MotionRequest(0.5, 1.0, 3, true), Actor.commandLine()));
        assertThat(job.state()).as(job.error()).isEqualTo(JobState.DONE);
        MotionReport r = dam.motion().latest(id).orElseThrow();
        assertThat(r.segments()).hasSize(2);
        assertThat(r.segments().get(0).startSec()).isCloseTo(3, within(0.5));
        assertThat(r.segments().get(0).endSec()).isCloseTo(6, within(0.5));
        assertThat(r.segments().get(1).startSec()).isCloseTo(11, within(0.5));
        assertThat(r.segments().get(1).endSec()).isCloseTo(13, within(0.5));
        assertThat(r.timeline().scores().length).isGreaterThan(100);
        assertThat(r.framesSaved()).isEqualTo(2);
        assertThat(r.frames()).containsExactly("motion-peak-01", "motion-peak-02");
        assertThat(r.frameSecs()).as("each still at its segment's peak, in time order")
                .containsExactly(r.segments().get(0).peakSec(), r.segments().get(1).peakSec());
        assertThat(r.clip()).isEqualTo("motion-clip");
        assertThat(kinds(id)).contains("motion", "motion-clip", "motion-peak-01", "motion-peak-02");
        Path clip = file(id, "motion-clip");
        assertThat(clip).startsWith(dam.layout().derivativesDir()).isRegularFile();
        double clipSec = dam.prober().probe(clip).durationSec();
        assertThat(clipSec).as("two moving parts with context").isBetween(4.0, 8.5);

        // A second run without stills or clip replaces the first run's outputs, files included.
        Job again = await(dam.motion().request(id, new MotionRequest(0.5, 1.0, 0, false), Actor.commandLine()));
        assertThat(again.state()).isEqualTo(JobState.DONE);
        assertThat(kinds(id)).contains("motion").doesNotContain("motion-clip", "motion-peak-01");
        assertThat(clip).doesNotExist();
        assertThat(clip.getParent()).doesNotExist();

        dam.moduleOutputs().delete(id, "motion", Actor.commandLine());
        assertThat(dam.motion().latest(id)).isEmpty();
        assertThatThrownBy(() -> dam.moduleOutputs().delete(id, "poster-small", Actor.commandLine()))
                .hasMessageContaining("not a processing output");
        assertThat(DamTesting.sha256(media.resolve("scene.mp4"))).as("the original is untouched").isEqualTo(before);
        try (var s = Files.list(media)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("scene.mp4");
        }
    }

    @Test
    void idleTrimDryRunOnlyReportsThenTheTrimIsADerivative() throws Exception {
        long id = catalogue(MotionMedia.idleClip(), "idle.mp4");

        Job dry = await(dam.idleTrim().request(id, new TrimRequest(-50, 2, 0.25, false, true), Actor.commandLine()));
        assertThat(dry.state()).as(dry.error()).isEqualTo(JobState.DONE);
        TrimReport plan = dam.idleTrim().latest(id).orElseThrow();
        assertThat(plan.dryRun()).isTrue();
        assertThat(plan.output()).isNull();
        assertThat(plan.kept()).hasSize(2);
        assertThat(plan.kept().get(0)[0]).isZero();
        assertThat(plan.kept().get(0)[1]).isCloseTo(3.25, within(0.3));
        assertThat(plan.kept().get(1)[0]).isCloseTo(7.75, within(0.3));
        assertThat(plan.kept().get(1)[1]).isCloseTo(11.25, within(0.3));
        assertThat(plan.removed().get(plan.removed().size() - 1)[1]).as("the freeze to the end is cut").isCloseTo(16, within(0.1));
        assertThat(kinds(id)).contains("idle-ranges").doesNotContain("idle-trimmed");

        Job trim = await(dam.idleTrim().request(id, new TrimRequest(-50, 2, 0.25, false, false), Actor.commandLine()));
        assertThat(trim.state()).as(trim.error()).isEqualTo(JobState.DONE);
        TrimReport done = dam.idleTrim().latest(id).orElseThrow();
        assertThat(done.output()).isEqualTo("idle-trimmed");
        Path out = file(id, "idle-trimmed");
        var info = dam.prober().probe(out);
        assertThat(info.durationSec()).isCloseTo(done.outputSec(), within(0.15)).isBetween(6.0, 7.6);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.audioCodec()).isEqualTo("aac");

        // Another dry run keeps the trimmed file; a second trim replaces both.
        await(dam.idleTrim().request(id, new TrimRequest(-50, 3, 0.5, false, true), Actor.commandLine()));
        assertThat(kinds(id)).contains("idle-ranges", "idle-trimmed");
        assertThat(out).exists();
    }

    @Test
    void workThatCannotApplyIsRefusedUpFrontOrFailsClearly() throws Exception {
        long image = catalogue(TestMedia.png(), "still.png");
        assertThatThrownBy(() -> dam.idleTrim().request(image, TrimRequest.defaults(), Actor.commandLine()))
                .hasMessage("trim-idle works on audio and video, and asset " + image + " is image");
        long audio = catalogue(TestMedia.mp3(), "tone.mp3");
        assertThatThrownBy(() -> dam.motion().request(audio, MotionRequest.defaults(), Actor.commandLine()))
                .hasMessage("motion works on video, and asset " + audio + " is audio");
        assertThatThrownBy(() -> dam.motion().request(999_999, MotionRequest.defaults(), Actor.commandLine())).hasMessageContaining("no asset with id");

        long frozen = catalogue(MotionMedia.idleClipSilent(), "frozen.mp4");
        Job job = await(dam.idleTrim().request(frozen, new TrimRequest(-50, 0.5, 0, false, false), Actor.commandLine()));
        // Not all of it is idle: the plan keeps the moving parts. A huge tolerance makes everything idle.
        assertThat(job.state()).isEqualTo(JobState.DONE);
        Job all = await(dam.idleTrim().request(frozen, new TrimRequest(0, 0.5, 0, false, false), Actor.commandLine()));
        assertThat(all.state()).isEqualTo(JobState.FAILED);
        assertThat(all.error()).startsWith("nothing to keep: the whole file is idle");
    }

    @Test
    void consoleRunsPresetsKeepsHistoryAndRefusesHostileArguments() throws Exception {
        long id = catalogue(TestMedia.h264Mp4(), "clip.mp4");

        ConsoleRun queued = dam.console().submit(id, ConsoleRequest.preset("scale", Map.of("width", "160")), Actor.commandLine());
        assertThat(queued.state()).isEqualTo("queued");
        assertThat(queued.jobId()).isNotNull();
        assertThat(await(queued.jobId()).state()).isEqualTo(JobState.DONE);
        ConsoleRun run = dam.console().run(queued.id());
        assertThat(run.state()).as(run.message()).isEqualTo("ok");
        assertThat(run.exitCode()).isZero();
        assertThat(run.outputs()).containsExactly("ffmpeg-" + run.id());
        assertThat(run.tokens()).contains("{{input}}").noneMatch(t -> t.contains(dam.layout().home().toString()));
        assertThat(dam.prober().probe(file(id, "ffmpeg-" + run.id())).width()).isEqualTo(160);

        int historyBefore = dam.console().history(null, 100).size();
        assertThatThrownBy(() -> dam.console().submit(id, ConsoleRequest.custom(List.of("-i", "/etc/passwd", "{{output.mp4}}")), Actor.commandLine()))
                .isInstanceOf(RejectedArgumentException.class).hasMessageContaining("/etc/passwd");
        assertThatThrownBy(() -> dam.console().submit(id, ConsoleRequest.preset("nope", Map.of()), Actor.commandLine()))
                .hasMessageContaining("unknown preset");
        assertThat(dam.console().history(null, 100)).as("a refused command is not run nor recorded").hasSize(historyBefore);

        ConsoleRun probe = dam.console().submit(id, ConsoleRequest.preset("probe", Map.of()), Actor.commandLine());
        await(probe.jobId());
        ConsoleRun probed = dam.console().run(probe.id());
        assertThat(probed.state()).isEqualTo("ok");
        assertThat(Files.readString(file(id, probed.outputs().get(0)))).contains("\"streams\"");

        // The watermark preset draws its text itself: the run is rebuilt from the preset and its parameters.
        ConsoleRun mark = dam.console().submit(id, ConsoleRequest.preset("watermark", Map.of("text", "Été ©", "position", "top-left")), Actor.commandLine());
        await(mark.jobId());
        ConsoleRun marked = dam.console().run(mark.id());
        assertThat(marked.state()).as(marked.message()).isEqualTo("ok");
        assertThat(marked.params()).containsEntry("text", "Été ©");
        assertThat(dam.prober().probe(file(id, marked.outputs().get(0))).videoCodec()).isEqualTo("h264");

        assertThat(dam.console().history(id, 10)).extracting(ConsoleRun::id).containsExactly(mark.id(), probe.id(), run.id());
    }

    @Test
    void aConsoleRunOverItsMemoryLimitIsStoppedAndRecordedAsSuch() throws Exception {
        dam.close();
        dam = Dam.open(org.thatdam.core.config.ConfigLoader.load(Map.of(), null, Map.of(
                org.thatdam.core.config.ConfigKey.HOME, tmp.resolve("home").toString(),
                org.thatdam.core.config.ConfigKey.SCAN_SETTLE_SECONDS, "0",
                org.thatdam.core.config.ConfigKey.CONSOLE_MAX_MEMORY_MB, "200")));
        long id = catalogue(TestMedia.h264Mp4(), "clip.mp4");
        // reverse holds every frame until its input ends, and a looped input never does
        ConsoleRun run = dam.console().submit(id, ConsoleRequest.custom(List.of("-stream_loop", "-1", "-i", "{{input}}",
                "-vf", "scale=1920:1080,reverse", "{{output.mp4}}")), Actor.commandLine());
        Job job = await(run.jobId());
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        ConsoleRun r = dam.console().run(run.id());
        assertThat(r.state()).isEqualTo("memory_limit");
        assertThat(r.message()).isEqualTo("stopped: the run used more than 200 MiB of memory (console.max-memory-mb)");
        assertThat(r.outputs()).isEmpty();
        assertThat(dam.derivatives().dir(id).resolve("ffmpeg-" + run.id())).doesNotExist();
    }

    @Test
    void cancellingARunningConsoleRunKillsItAndKeepsNothing() throws Exception {
        long id = catalogue(TestMedia.h264Mp4(), "clip.mp4");
        ConsoleRun run = dam.console().submit(id, ConsoleRequest.custom(List.of("-stream_loop", "-1", "-i", "{{input}}",
                "-c:v", "libx264", "-preset", "veryslow", "{{output.mp4}}")), Actor.commandLine());
        dam.engine().start();
        Awaitility.await("the run is running").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> dam.console().run(run.id()).state().equals("running"));
        // cancelled mid-encode: once its ffmpeg is at work on the clip
        String input = media.resolve("clip.mp4").toRealPath().toString();
        Awaitility.await("an ffmpeg on " + input).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> ProcessHandle.allProcesses().anyMatch(p -> p.isAlive()
                        && p.info().commandLine().orElse("").contains(input)));
        assertThat(dam.console().cancel(run.id(), Actor.commandLine())).isTrue();
        Awaitility.await("the cancelled run ends").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> dam.console().run(run.id()).finished());
        ConsoleRun r = dam.console().run(run.id());
        assertThat(r.state()).isEqualTo("cancelled");
        assertThat(r.outputs()).isEmpty();
        assertThat(kinds(id)).noneMatch(k -> k.startsWith("ffmpeg-"));
        assertThat(dam.derivatives().dir(id).resolve("ffmpeg-" + run.id())).doesNotExist();
        assertThat(dam.console().cancel(run.id(), Actor.commandLine())).as("an ended run cannot be cancelled again").isFalse();
    }

    @Test
    void aFileOutsideTheCatalogRunsHereAndIsKeptInTheHistoryWithoutAnAsset() throws Exception {
        Path outside = TestMedia.copy(TestMedia.h264Mp4(), tmp.resolve("elsewhere"), "loose.mp4");
        Path work = Files.createDirectories(tmp.resolve("work"));
        ConsoleRun run = dam.console().runFile(outside, 2, ConsoleRequest.preset("thumbnails", Map.of("count", "3")), work,
                f -> { }, () -> false);
        assertThat(run.state()).as(run.message()).isEqualTo("ok");
        assertThat(run.assetId()).isNull();
        assertThat(run.sourcePath()).isEqualTo(outside.toString());
        assertThat(run.outputs()).hasSize(3).allSatisfy(o -> assertThat(Path.of(o)).startsWith(work).isRegularFile());
        try (var s = Files.list(outside.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).as("nothing written next to the file").containsExactly("loose.mp4");
        }
    }
}
