package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thatdam.media.motion.MotionMedia;
import org.thatdam.media.testing.TestMedia;

/** Motion, idle trim and the ffmpeg console over HTTP, with the real job engine and ffmpeg. */
class ProcessingApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();
    static long scene;
    static long clip;

    @BeforeAll
    static void start() throws Exception {
        Path p = TestMedia.copy(MotionMedia.scene(), live.mediaDir().resolve("motion"), "scene.mp4");
        live.dam().scanner().scan(List.of(p.getParent()), live.dam().scanOptions(Optional.empty(), 1));
        live.runJobs();
        scene = live.dam().assets().resolve(p.toString()).asset().id();
        clip = live.idOf("trip/clip.mp4");
    }

    JsonNode awaitJob(JsonNode job) {
        return live.awaitJob(job.get("id").asLong());
    }

    @Test
    void motionAnalysisIsQueuedAndItsReportAndFilesAreServed() throws Exception {
        assertThat(live.get("/api/v1/assets/" + scene + "/motion").statusCode()).isEqualTo(404);
        HttpResponse<String> r = live.post("/api/v1/assets/" + scene + "/motion", "{\"sensitivity\":0.5,\"peakFrames\":2,\"clip\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode job = awaitJob(LiveServer.parse(r.body()));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("done");

        JsonNode report = live.getJson("/api/v1/assets/" + scene + "/motion");
        assertThat(report.get("segments")).hasSize(2);
        assertThat(report.get("segments").get(0).get("startSec").asDouble()).isBetween(2.5, 3.5);
        assertThat(report.get("timeline").get("scores").size()).isGreaterThan(100);
        assertThat(report.get("clip").asText()).isEqualTo("motion-clip");

        JsonNode files = live.getJson("/api/v1/assets/" + scene + "/derivatives");
        JsonNode clipFile = null;
        for (JsonNode f : files) if (f.get("kind").asText().equals("motion-clip")) clipFile = f;
        assertThat(clipFile).isNotNull();
        assertThat(clipFile.get("deletable").asBoolean()).isTrue();
        HttpResponse<byte[]> bytes = live.getBytes(clipFile.get("url").asText());
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(bytes.headers().firstValue("Content-Disposition").orElseThrow()).contains("scene.motion-clip.mp4");
        assertThat(bytes.body().length).isEqualTo(clipFile.get("sizeBytes").asLong());
        HttpResponse<byte[]> range = live.getBytes(clipFile.get("url").asText(), "Range", "bytes=0-99");
        assertThat(range.statusCode()).isEqualTo(206);

        assertThat(live.delete("/api/v1/assets/" + scene + "/derivatives/motion-clip").statusCode()).isEqualTo(204);
        assertThat(live.getBytes("/api/v1/assets/" + scene + "/derivatives/motion-clip").statusCode()).isEqualTo(404);
        LiveServer.assertJsonError("poster is not a module output", live.delete("/api/v1/assets/" + scene + "/derivatives/poster-small"), 409);
        LiveServer.assertJsonError("bad kind", live.delete("/api/v1/assets/" + scene + "/derivatives/..%2F..%2Fcatalog.db"), 400);
    }

    @Test
    void idleTrimDryRunReportsRanges() throws Exception {
        HttpResponse<String> r = live.post("/api/v1/assets/" + clip + "/trim-idle", "{\"dryRun\":true,\"minIdleSec\":0.5}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(awaitJob(LiveServer.parse(r.body())).get("state").asText()).isEqualTo("done");
        JsonNode report = live.getJson("/api/v1/assets/" + clip + "/trim-idle");
        assertThat(report.get("dryRun").asBoolean()).isTrue();
        assertThat(report.get("inputSec").asDouble()).isBetween(1.9, 2.1);
        assertThat(report.get("kept").get(0).get(0).asDouble()).isZero();
        assertThat(report.get("output").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"sensitivity\":2}", "{\"sensitivity\":\"high\"}", "{\"peakFrames\":1.5}", "{\"peakFrames\":500}",
        "{\"clip\":\"yes\"}", "{\"sensitivty\":0.5}", "[1,2]", "{\"minSegmentSec\":-1}",
    })
    void badMotionRequestsAreRefusedPrecisely(String body) {
        // a body that does not fit the request's fields is a bad request; values out of range break a rule
        boolean outOfRange = List.of("{\"sensitivity\":2}", "{\"peakFrames\":500}", "{\"minSegmentSec\":-1}").contains(body);
        JsonNode e = LiveServer.assertJsonError(body, live.post("/api/v1/assets/" + scene + "/motion", body), outOfRange ? 422 : 400);
        assertThat(e.get("message").asText()).isNotBlank();
    }

    @Test
    void processingRefusesKindsItCannotHandle() {
        long image = live.idOf("trip/stills/frame.png");
        JsonNode e = LiveServer.assertJsonError("motion on an image", live.post("/api/v1/assets/" + image + "/motion", ""), 422);
        assertThat(e.get("message").asText()).contains("motion works on video");
        LiveServer.assertJsonError("unknown asset", live.post("/api/v1/assets/987654/trim-idle", "{}"), 404);
        LiveServer.assertJsonError("bad noise", live.post("/api/v1/assets/" + clip + "/trim-idle", "{\"noiseDb\":10}"), 422);
    }

    @Test
    void consolePresetRunsAndIsInTheHistory() throws Exception {
        JsonNode presets = live.getJson("/api/v1/ffmpeg/presets");
        assertThat(presets.findValuesAsText("name")).contains("trim", "scale", "gif", "contact-sheet", "probe");

        HttpResponse<String> r = live.post("/api/v1/assets/" + clip + "/ffmpeg", "{\"preset\":\"gif\",\"params\":{\"duration\":\"1\",\"width\":\"160\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode run = LiveServer.parse(r.body());
        // A free worker may have picked it up before the answer was written.
        assertThat(run.get("state").asText()).isIn("queued", "running");
        awaitJob(live.getJson("/api/v1/jobs/" + run.get("jobId").asLong()));
        JsonNode done = live.getJson("/api/v1/ffmpeg/runs/" + run.get("id").asLong());
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("ok");
        String kind = done.get("outputs").get(0).asText();
        HttpResponse<byte[]> gif = live.getBytes("/api/v1/assets/" + clip + "/derivatives/" + kind);
        assertThat(gif.headers().firstValue("Content-Type")).hasValue("image/gif");
        assertThat(new String(gif.body(), 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        // named after the asset and the preset
        assertThat(gif.headers().firstValue("Content-Disposition")).hasValue("inline; filename=\"clip.gif.gif\"; filename*=UTF-8''clip.gif.gif");

        JsonNode history = live.getJson("/api/v1/ffmpeg/runs?asset=" + clip);
        assertThat(history.findValuesAsText("id")).contains(run.get("id").asText());
        LiveServer.assertJsonError("ended run", live.post("/api/v1/ffmpeg/runs/" + run.get("id").asLong() + "/cancel", ""), 409);
        LiveServer.assertJsonError("unknown run", live.get("/api/v1/ffmpeg/runs/424242"), 404);
        LiveServer.assertJsonError("bad asset filter", live.get("/api/v1/ffmpeg/runs?asset=x"), 400);
    }

    @Test
    void hostileConsoleArgumentsAreRefusedNamingTheToken() {
        int before = live.getJson("/api/v1/ffmpeg/runs?limit=1000").size();
        HttpResponse<String> r = live.post("/api/v1/assets/" + clip + "/ffmpeg",
                "{\"args\":[\"-i\",\"{{input}}\",\"-filter_script\",\"/tmp/f\",\"{{output.mp4}}\"]}");
        JsonNode e = LiveServer.assertJsonError("filter_script", r, 422);
        assertThat(e.get("code").asText()).isEqualTo("invalid");
        assertThat(e.path("argument").get("index").asInt()).isEqualTo(2);
        assertThat(e.path("argument").get("token").asText()).isEqualTo("-filter_script");
        assertThat(e.path("argument").get("reason").asText()).isNotBlank();

        LiveServer.assertJsonError("a shell line is not a token list", live.post("/api/v1/assets/" + clip + "/ffmpeg",
                "{\"args\":\"-i {{input}} out.mp4\"}"), 400);
        LiveServer.assertJsonError("both", live.post("/api/v1/assets/" + clip + "/ffmpeg",
                "{\"preset\":\"scale\",\"args\":[\"-i\",\"{{input}}\",\"{{output.mp4}}\"]}"), 422);
        LiveServer.assertJsonError("neither", live.post("/api/v1/assets/" + clip + "/ffmpeg", "{}"), 422);
        JsonNode unknown = LiveServer.assertJsonError("unknown preset", live.post("/api/v1/assets/" + clip + "/ffmpeg",
                "{\"preset\":\"rm-rf\"}"), 422);
        assertThat(unknown.get("message").asText()).contains("unknown preset");
        LiveServer.assertJsonError("bad param", live.post("/api/v1/assets/" + clip + "/ffmpeg",
                "{\"preset\":\"scale\",\"params\":{\"width\":\"640; rm -rf /\"}}"), 422);
        LiveServer.assertJsonError("too many tokens", live.post("/api/v1/assets/" + clip + "/ffmpeg",
                "{\"args\":[" + "\"-an\",".repeat(300) + "\"{{output.mp4}}\"]}"), 422);
        JsonNode after = live.getJson("/api/v1/ffmpeg/runs?limit=1000");
        assertThat(after.size()).as("nothing refused was recorded: %s", after).isEqualTo(before);
        assertThat(live.getJson("/health").path("status").asText()).isEqualTo("ok");
    }
}
