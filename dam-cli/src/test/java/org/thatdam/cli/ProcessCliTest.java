package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.motion.MotionMedia;
import org.thatdam.media.testing.TestMedia;

/** dam motion, dam trim-idle and dam ffmpeg on catalogued assets and on loose files, end to end. */
class ProcessCliTest {

    @TempDir Path tmp;
    Path media;
    Path home;
    CliRunner dam;

    @BeforeEach
    void library() {
        media = tmp.resolve("media");
        TestMedia.copy(MotionMedia.scene(), media, "scene.mp4");
        TestMedia.copy(MotionMedia.idleClip(), media, "idle.mp4");
        CliRunner.age(media);
        home = tmp.resolve("home");
        dam = new CliRunner(home);
    }

    String sha(Path p) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    @Test
    void motionOnALooseFileWritesOnlyWhereItIsTold() throws Exception {
        Path loose = TestMedia.copy(MotionMedia.scene(), tmp.resolve("loose"), "cam.mp4");
        Path out = Files.createDirectory(tmp.resolve("out"));
        CliRunner.Result r = dam.run("motion", loose.toString(), "--frames", out.resolve("stills").toString(),
                "--clip", out.resolve("moving.mp4").toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("durationSec").asDouble()).isCloseTo(16, within(0.1));
        assertThat(j.get("segments")).hasSize(2);
        assertThat(j.get("segments").get(0).get("startSec").asDouble()).isCloseTo(3, within(0.5));
        assertThat(j.get("segments").get(1).get("endSec").asDouble()).isCloseTo(13, within(0.5));
        assertThat(j.get("motionSec").asDouble()).isBetween(4.0, 6.0);
        assertThat(j.get("framesSaved").asInt()).isEqualTo(2);
        assertThat(j.get("frames")).hasSize(2);
        assertThat(j.get("frames").get(0).asText()).isEqualTo(out.resolve("stills/peak-01.jpg").toString());
        assertThat(j.get("clip").asText()).isEqualTo(out.resolve("moving.mp4").toString());
        assertThat(j.get("files")).hasSize(3);
        assertThat(out.resolve("stills/peak-01.jpg")).isRegularFile();
        assertThat(out.resolve("moving.mp4")).isRegularFile();
        try (var s = Files.list(loose.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).as("nothing next to the file").containsExactly("cam.mp4");
        }

        String before = sha(out.resolve("moving.mp4"));
        CliRunner.Result again = dam.run("motion", loose.toString(), "--clip", out.resolve("moving.mp4").toString());
        assertThat(again.code()).as("conflict").isEqualTo(4);
        assertThat(again.err()).contains("exists; refusing to overwrite it");
        assertThat(sha(out.resolve("moving.mp4"))).isEqualTo(before);

        CliRunner.Result noise = dam.run("motion", TestMedia.copy(MotionMedia.noiseOnly(), tmp.resolve("loose"), "noise.mp4").toString(), "--json");
        assertThat(noise.json().get("segments")).isEmpty();
    }

    @Test
    void trimIdleOnAnAssetIsADerivativeAndNeverReplacesAnOriginal() throws Exception {
        assertThat(dam.run("scan", media.toString()).code()).isZero();
        Path idle = media.resolve("idle.mp4");
        String original = sha(idle);

        CliRunner.Result dry = dam.run("trim-idle", idle.toString(), "--dry-run", "--json");
        assertThat(dry.code()).as(dry.err()).isZero();
        JsonNode plan = dry.json();
        assertThat(plan.get("inputSec").asDouble()).isCloseTo(16, within(0.1));
        assertThat(plan.get("kept")).hasSize(2);
        assertThat(plan.get("output").isNull()).isTrue();
        assertThat(dam.run("trim-idle", idle.toString(), "--dry-run").out()).contains("keep").contains("cut");

        CliRunner.Result over = dam.run("trim-idle", idle.toString(), "--out", media.resolve("scene.mp4").toString());
        assertThat(over.code()).as("conflict").isEqualTo(4);
        assertThat(over.err()).contains("refusing to overwrite");

        Path exported = Files.createDirectory(tmp.resolve("exports")).resolve("short.mp4");
        CliRunner.Result trim = dam.run("trim-idle", idle.toString(), "--out", exported.toString(), "--json");
        assertThat(trim.code()).as(trim.err()).isZero();
        JsonNode t = trim.json();
        assertThat(t.get("outputSec").asDouble()).isBetween(6.0, 7.6);
        assertThat(t.get("output").asText()).as("the derivative kind, as the API says").isEqualTo("idle-trimmed");
        assertThat(t.get("files").get(0).asText()).isEqualTo(exported.toString());
        CliRunner.Result kept = dam.run("trim-idle", idle.toString(), "--json");
        assertThat(Path.of(kept.json().get("files").get(0).asText())).as("the derivative itself").isRegularFile().startsWith(home);
        assertThat(exported).isRegularFile();
        JsonNode show = dam.run("show", idle.toString(), "--json").json();
        assertThat(show.get("derivatives").findValuesAsText("kind")).contains("idle-trimmed", "idle-ranges");
        assertThat(sha(idle)).as("the original is untouched").isEqualTo(original);
        try (var s = Files.list(media)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("scene.mp4", "idle.mp4");
        }
    }

    @Test
    void ffmpegConsolePresetsCustomArgumentsRefusalsAndHistory() throws Exception {
        assertThat(dam.run("scan", media.toString()).code()).isZero();
        CliRunner.Result presets = dam.run("ffmpeg", "presets");
        assertThat(presets.out()).contains("trim").contains("contact-sheet").contains("--param");

        CliRunner.Result run = dam.run("ffmpeg", media.resolve("scene.mp4").toString(), "--preset", "scale", "--param", "width=160", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode j = run.json();
        assertThat(j.get("state").asText()).isEqualTo("ok");
        assertThat(Path.of(j.get("files").get(0).asText())).isRegularFile().startsWith(home);

        CliRunner.Result custom = CliRunner.runRaw("--home", home.toString(), "ffmpeg", media.resolve("idle.mp4").toString(),
                "--", "-i", "{{input}}", "-t", "1", "-vf", "hflip", "-an", "{{output.mp4}}");
        assertThat(custom.code()).as(custom.err()).isZero();
        assertThat(custom.out()).contains("ok (exit 0)").contains("output: ");

        CliRunner.Result hostile = CliRunner.runRaw("--home", home.toString(), "ffmpeg", media.resolve("idle.mp4").toString(),
                "--", "-i", "{{input}}", "-vf", "movie=/etc/passwd", "{{output.mp4}}");
        assertThat(hostile.code()).as("invalid").isEqualTo(2);
        assertThat(hostile.err()).contains("argument 4").contains("movie=/etc/passwd");

        Path loose = TestMedia.copy(TestMedia.h264Mp4(), tmp.resolve("loose"), "loose.mp4");
        CliRunner.Result probe = dam.run("ffmpeg", loose.toString(), "--preset", "probe", "--json");
        assertThat(probe.code()).as(probe.err()).isZero();
        assertThat(Files.readString(Path.of(probe.json().get("files").get(0).asText()))).contains("\"codec_name\"");

        CliRunner.Result refusedLoose = CliRunner.runRaw("--home", home.toString(), "ffmpeg", loose.toString(),
                "--", "-i", "/etc/passwd", "{{output.mp4}}");
        assertThat(refusedLoose.code()).as("invalid").isEqualTo(2);
        assertThat(refusedLoose.err()).contains("argument 2 \"/etc/passwd\"");
        try (var s = Files.list(home.resolve("exports"))) {
            assertThat(s.map(p -> p.getFileName().toString())).as("only the probe's result, no working folders")
                    .containsExactly("loose-probe.json");
        }

        JsonNode history = dam.run("ffmpeg", "history", "--json").json();
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("assetId").isNull()).as("the loose file has no asset").isTrue();
        assertThat(history.get(2).get("preset").asText()).isEqualTo("scale");
        assertThat(dam.run("ffmpeg", "history").out()).contains("scale").contains("ok");
        CliRunner.Result nope = dam.run("ffmpeg", "nope.mp4", "--preset", "scale");
        assertThat(nope.code()).as("not found").isEqualTo(3);
        assertThat(nope.err()).contains("not an asset id and not a regular file");
    }

    @Test
    void resultsOfALooseFileGoToExportsNamedAfterTheFileAndNeverReplaceAnything() throws Exception {
        Path loose = TestMedia.copy(MotionMedia.idleClip(), tmp.resolve("loose"), "talk.mp4");
        Path exports = home.resolve("exports");
        CliRunner.Result first = dam.run("trim-idle", loose.toString(), "--json");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.json().get("output").asText()).isEqualTo(exports.resolve("talk-trimmed.mp4").toString());
        CliRunner.Result second = dam.run("trim-idle", loose.toString(), "--json");
        assertThat(second.json().get("files").get(0).asText()).isEqualTo(exports.resolve("talk-trimmed-2.mp4").toString());

        CliRunner.Result scaled = dam.run("ffmpeg", loose.toString(), "--preset", "scale", "--param", "width=160", "--json");
        assertThat(scaled.code()).as(scaled.err()).isZero();
        assertThat(scaled.json().get("files").get(0).asText()).isEqualTo(exports.resolve("talk-scale.mp4").toString());
        CliRunner.Result custom = CliRunner.runRaw("--home", home.toString(), "ffmpeg", loose.toString(), "--json",
                "--", "-i", "{{input}}", "-t", "1", "-an", "{{output.mp4}}");
        assertThat(custom.code()).as(custom.err()).isZero();
        assertThat(custom.json().get("files").get(0).asText()).isEqualTo(exports.resolve("talk-ffmpeg.mp4").toString());
        try (var s = Files.list(exports)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "talk-trimmed.mp4", "talk-trimmed-2.mp4", "talk-scale.mp4", "talk-ffmpeg.mp4");
        }
        try (var s = Files.list(loose.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).as("nothing next to the file").containsExactly("talk.mp4");
        }

        CliRunner.Result both = CliRunner.runRaw("--home", home.toString(), "ffmpeg", loose.toString(), "--preset", "scale",
                "--", "-i", "{{input}}", "{{output.mp4}}");
        assertThat(both.code()).as("invalid: a preset or arguments").isEqualTo(2);
        assertThat(both.err()).contains("not both");

        CliRunner.Result noFolder = dam.run("trim-idle", loose.toString(), "--out", tmp.resolve("no/such/out.mp4").toString());
        assertThat(noFolder.code()).as("not found").isEqualTo(3);
        assertThat(noFolder.err()).contains("no such folder");
        assertThat(tmp.resolve("no")).doesNotExist();
    }

    @Test
    void globalOptionsWorkBeforeTheCommandToo() {
        CliRunner.Result r = CliRunner.runRaw("--home", home.toString(), "config");
        assertThat(r.out()).contains(home.toString());
    }
}
