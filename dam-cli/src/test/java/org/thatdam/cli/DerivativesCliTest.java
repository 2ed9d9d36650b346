package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

/** scan --wait, jobs, thumbs/sprites/proxy, hwaccel: the derivative commands end to end. */
class DerivativesCliTest {

    @TempDir Path tmp;
    Path media;
    CliRunner dam;

    @BeforeEach
    void library() {
        media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media, "clip.mp4");
        TestMedia.copy(TestMedia.aviMsmpeg4v3(), media, "old.avi");
        TestMedia.copy(TestMedia.mp3(), media, "tone.mp3");
        TestMedia.copy(TestMedia.randomBytesMp4(), media, "broken.mp4");
        CliRunner.age(media);
        dam = new CliRunner(tmp.resolve("home"));
    }

    @Test
    void scanWaitMakesEveryDerivativeAndShowListsThem() throws Exception {
        CliRunner.Result r = dam.run("scan", media.toString(), "--wait", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("added").asInt()).isEqualTo(3);
        assertThat(j.get("failed").asInt()).isEqualTo(1);
        assertThat(j.get("jobs").get("done").asInt()).isEqualTo(5 + 5 + 3);
        assertThat(j.get("jobs").get("queued").asInt()).isZero();
        assertThat(j.get("jobs").get("failed").asInt()).isZero();

        JsonNode clip = dam.run("show", media.resolve("clip.mp4").toString(), "--json").json();
        assertThat(Path.of(clip.get("posterPath").asText())).exists();
        assertThat(Path.of(clip.get("spriteVttPath").asText())).exists();
        assertThat(clip.get("proxyPath").asText()).isEqualTo(media.resolve("clip.mp4").toRealPath().toString());
        JsonNode avi = dam.run("show", media.resolve("old.avi").toString(), "--json").json();
        assertThat(avi.get("proxyPath").asText()).endsWith("/proxy.mp4");
        assertThat(avi.get("derivatives").findValuesAsText("kind")).contains("poster-small", "poster-large", "sprite", "proxy");
        assertThat(avi.get("jobs")).hasSize(5);
        JsonNode broken = dam.run("show", media.resolve("broken.mp4").toString(), "--json").json();
        assertThat(broken.get("posterPath").isNull()).isTrue();
        assertThat(broken.get("jobs")).isEmpty(); // unreadable files queue no work

        JsonNode jobs = dam.run("jobs", "list", "--state", "done", "--json").json().get("items");
        assertThat(jobs).hasSize(13);
        assertThat(dam.run("jobs", "list").out()).contains("proxy").contains("done 13");
    }

    @Test
    void regenerateOneDerivativeOnDemand() {
        dam.run("scan", media.toString());
        CliRunner.Result thumbs = dam.run("thumbs", media.resolve("clip.mp4").toString());
        assertThat(thumbs.code()).as(thumbs.err()).isZero();
        assertThat(thumbs.out()).contains("poster of asset").contains("poster-1280.jpg");
        CliRunner.Result proxy = dam.run("proxy", media.resolve("old.avi").toString(), "--json");
        assertThat(proxy.code()).as(proxy.err()).isZero();
        assertThat(proxy.json().get("job").get("state").asText()).isEqualTo("done");
        assertThat(Path.of(proxy.json().get("asset").get("proxyPath").asText())).exists();
        CliRunner.Result sprites = dam.run("sprites", media.resolve("tone.mp3").toString());
        assertThat(sprites.code()).as("invalid").isEqualTo(2);
        assertThat(sprites.err()).contains("audio assets have no sprite");
        CliRunner.Result broken = dam.run("thumbs", media.resolve("broken.mp4").toString());
        assertThat(broken.code()).as("conflict").isEqualTo(4);
        assertThat(broken.err().lines()).singleElement().asString().startsWith("dam: asset ").contains(" failed to probe (")
                .endsWith("): nothing to make a poster from; rescan it after fixing the file");
        assertThat(dam.run("jobs", "list", "--json").json().get("items")).as("nothing was queued")
                .noneMatch(j -> j.path("state").asText().equals("failed"));
    }

    @Test
    void jobsCommandsValidateTheirInput() {
        dam.run("scan", media.toString());
        CliRunner.Result cancel = dam.run("jobs", "cancel", "999");
        assertThat(cancel.code()).as("not found").isEqualTo(3);
        assertThat(cancel.err()).contains("no job with id 999");
        JsonNode list = dam.run("jobs", "list", "--state", "queued", "--json").json();
        assertThat(list.get("counts").get("queued").asLong()).as("the API's JobList").isEqualTo(list.get("items").size());
        JsonNode queued = list.get("items");
        CliRunner.Result negative = dam.run("jobs", "wait", "--timeout", "-5");
        assertThat(negative.code()).as("invalid").isEqualTo(2);
        assertThat(negative.err()).contains("the timeout must not be negative");
        assertThat(dam.run("jobs", "list", "--help").out().replaceAll("\\s+", " ")).contains("--json Print the jobs and the counts by state");
        long first = queued.get(0).get("id").asLong();
        assertThat(dam.run("jobs", "cancel", Long.toString(first)).out()).contains("cancelled job " + first);
        CliRunner.Result again = dam.run("jobs", "cancel", Long.toString(first));
        assertThat(again.code()).as("conflict").isEqualTo(4);
        assertThat(again.err()).contains("already finished (cancelled)");
        assertThat(dam.run("jobs", "retry", Long.toString(first)).out()).contains("requeued job " + first);
        assertThat(dam.run("jobs", "retry", "--failed").out()).contains("requeued 0 failed job(s)");
        assertThat(dam.run("jobs", "list", "--state", "bogus").err()).contains("unknown job state 'bogus'");
        CliRunner.Result wait = dam.run("jobs", "wait", "--json");
        assertThat(wait.code()).as(wait.err()).isZero();
        assertThat(wait.json().get("idle").asBoolean()).isTrue();
    }

    @Test
    void hwaccelSaysWhatWorks() {
        CliRunner.Result r = dam.run("hwaccel", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        // libx264 unless a hardware encoder works on this machine: then the first that does
        String chosen = r.json().get("chosen").asText();
        String firstWorking = "libx264";
        for (JsonNode c : r.json().get("candidates")) {
            if (c.get("works").asBoolean()) {
                firstWorking = c.get("name").asText();
                break;
            }
        }
        assertThat(chosen).isEqualTo(firstWorking);
        assertThat(r.json().get("candidates").findValuesAsText("name")).contains("h264_nvenc", "h264_vaapi");
        assertThat(dam.run("hwaccel").out()).contains("proxies use: " + chosen);
    }

    @Test
    void helpListsTheJobCommands() {
        String help = CliRunner.runRaw("--help").out();
        for (String c : new String[] {"jobs", "thumbs", "sprites", "proxy", "hwaccel"}) {
            assertThat(help).contains("  " + c + " ");
        }
        assertThat(Files.exists(tmp.resolve("home"))).isFalse(); // help opens no library
    }
}
