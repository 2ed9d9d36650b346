package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.events.DamEvent;
import org.thatdam.media.testing.TestMedia;

/** The job queue over HTTP, the WebSocket event stream, readiness and metrics, with the real job engine running. */
@Isolated // the flood test watches the process-wide handler of uncaught exceptions
class JobsEventsApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia().jobsDone();

    /** Where {@link #aFailedJobCanBeRetriedAndFailsAgain} puts a file it changes after scanning it. */
    static final String CHANGED_DIR = "changed";

    /** Jobs the scan of {@link LiveServer#LAYOUT} plans: 2 videos x 4 + 0.3 s video x 4 + 2 audio x 3 + image x 2. */
    static final int PLANNED_JOBS = 4 + 4 + 4 + 3 + 3 + 2;

    // ------------------------------------------------------------ jobs

    @Test
    void listsJobsWithCountsAndFiltersByState() {
        JsonNode all = live.getJson("/api/v1/jobs?limit=1000");
        JsonNode counts = all.path("counts");
        assertThat(counts.isObject()).as("counts in %s", all).isTrue();
        List<String> states = new ArrayList<>();
        counts.fieldNames().forEachRemaining(states::add);
        assertThat(states).as("counts are keyed like the states jobs show").containsExactlyInAnyOrder(
                "queued", "running", "done", "skipped", "failed", "cancelled");
        List<JsonNode> items = LiveServer.items(all);
        long total = 0;
        for (String s : states) total += counts.path(s).asLong();
        assertThat(items.size()).isEqualTo((int) total);
        assertThat(items.size()).isGreaterThanOrEqualTo(PLANNED_JOBS);

        Map<String, Long> byState = new HashMap<>();
        for (JsonNode j : items) {
            byState.merge(j.path("state").asText(), 1L, Long::sum);
            for (String f : List.of("id", "kind", "assetId", "state", "progress", "attempts", "maxAttempts", "error",
                    "createdAt", "startedAt", "finishedAt")) {
                assertThat(j.has(f)).as("job field %s in %s", f, j).isTrue();
            }
        }
        for (String s : states) {
            assertThat(byState.getOrDefault(s, 0L)).as("jobs %s", s).isEqualTo(counts.path(s).asLong());
        }
        // newest first: by id (jobs planned by parallel scan workers can take their clock reading in another order)
        assertThat(items).as("newest first").isSortedAccordingTo(
                Comparator.comparingLong((JsonNode j) -> j.path("id").asLong()).reversed());
        // every planned derivative of the scanned files was made (only the changed file's jobs, if that test ran, fail)
        assertThat(items).filteredOn(j -> j.path("state").asText().equals("failed")).allSatisfy(j -> assertThat(
                live.getJson("/api/v1/assets/" + j.path("assetId").asLong()).path("path").asText())
                .as("failed job %s", j).contains("/" + CHANGED_DIR + "/"));
        assertThat(counts.path("done").asLong()).isGreaterThanOrEqualTo(PLANNED_JOBS);
        assertThat(LiveServer.items(live.getJson("/api/v1/jobs?limit=1000")).stream().map(j -> j.path("kind").asText()).distinct())
                .contains("poster", "sprite", "proxy", "full-hash");

        List<JsonNode> done = LiveServer.items(live.getJson("/api/v1/jobs?state=done&limit=1000"));
        assertThat(done).hasSize((int) counts.path("done").asLong());
        assertThat(done).extracting(j -> j.path("state").asText()).containsOnly("done");
        for (JsonNode j : done) {
            assertThat(j.path("progress").asDouble()).isEqualTo(1.0);
            assertThat(j.path("finishedAt").asText()).isNotBlank();
        }
        assertThat(LiveServer.items(live.getJson("/api/v1/jobs?state=done&limit=1000"))).hasSize(done.size());
        assertThat(LiveServer.items(live.getJson("/api/v1/jobs?state=cancelled")))
                .allSatisfy(j -> assertThat(j.path("state").asText()).isEqualTo("cancelled"));
        assertThat(LiveServer.items(live.getJson("/api/v1/jobs?limit=2"))).hasSize(2);

        for (String bad : List.of("state=bogus", "state=%00", "limit=0", "limit=1001", "limit=x")) {
            assertThat(LiveServer.assertJsonError("jobs?" + bad, live.get("/api/v1/jobs?" + bad), 400).path("code").asText())
                    .isEqualTo("bad_request");
        }
    }

    @Test
    void oneJobAndWhatCannotBeDoneToIt() {
        JsonNode done = LiveServer.items(live.getJson("/api/v1/jobs?state=done&limit=1")).get(0);
        long id = done.path("id").asLong();
        JsonNode one = live.getJson("/api/v1/jobs/" + id);
        assertThat(one).isEqualTo(done);

        JsonNode retry = LiveServer.assertJsonError("retry a done job", live.post("/api/v1/jobs/" + id + "/retry", ""), 409);
        assertThat(retry.path("code").asText()).isEqualTo("conflict");
        JsonNode cancel = LiveServer.assertJsonError("cancel a done job", live.post("/api/v1/jobs/" + id + "/cancel", ""), 409);
        assertThat(cancel.path("code").asText()).isEqualTo("conflict");
        assertThat(live.getJson("/api/v1/jobs/" + id).path("state").asText()).isEqualTo("done");

        for (String path : List.of("/api/v1/jobs/987654321", "/api/v1/jobs/987654321/retry", "/api/v1/jobs/987654321/cancel")) {
            HttpResponse<String> r = path.endsWith("7654321") ? live.get(path) : live.post(path, "");
            assertThat(LiveServer.assertJsonError(path, r, 404).path("code").asText()).isEqualTo("not_found");
        }
        LiveServer.assertJsonError("job abc", live.get("/api/v1/jobs/abc"), 400);
        LiveServer.assertJsonError("retry job -1", live.post("/api/v1/jobs/-1/retry", ""), 400);
    }

    @Test
    void regeneratesAPosterThroughTheQueue() throws Exception {
        long clip = live.idOf("trip/clip.mp4");
        HttpResponse<String> r = live.post("/api/v1/assets/" + clip + "/regenerate?kind=poster", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode job = LiveServer.parse(r.body());
        assertThat(job.path("kind").asText()).isEqualTo("poster");
        assertThat(job.path("assetId").asLong()).isEqualTo(clip);
        assertThat(job.path("state").asText()).isIn("queued", "running", "done");
        JsonNode finished = live.awaitJob(job.path("id").asLong());
        assertThat(finished.path("state").asText()).as("job %s", finished).isEqualTo("done");
        assertThat(live.getBytes("/api/v1/assets/" + clip + "/poster?size=large").statusCode()).isEqualTo(200);
        assertThat(live.getJson("/api/v1/assets/" + clip).path("jobs").findValuesAsText("id"))
                .contains(job.path("id").asText());

        for (String kind : List.of("bogus", "full-hash", "%00", "poster%00")) {
            JsonNode e = LiveServer.assertJsonError("kind=" + kind, live.post("/api/v1/assets/" + clip + "/regenerate?kind=" + kind, ""), 400);
            assertThat(e.path("code").asText()).isEqualTo("bad_request");
        }
        LiveServer.assertJsonError("no kind", live.post("/api/v1/assets/" + clip + "/regenerate", ""), 400);
        LiveServer.assertJsonError("a sprite of an image",
                live.post("/api/v1/assets/" + live.idOf("trip/stills/frame.png") + "/regenerate?kind=sprite", ""), 422);
        LiveServer.assertJsonError("unknown asset", live.post("/api/v1/assets/987654321/regenerate?kind=poster", ""), 404);
    }

    @Test
    void regeneratingFromAFileThatFailedToProbeIsRefused() {
        long broken = live.idOf("old/broken.mp4");
        String error = live.getJson("/api/v1/assets/" + broken).path("error").asText();
        for (String kind : List.of("poster", "sprite", "proxy")) {
            HttpResponse<String> r = live.post("/api/v1/assets/" + broken + "/regenerate?kind=" + kind, "");
            JsonNode e = LiveServer.assertJsonError("regenerate " + kind + " of a failed asset", r, 409);
            assertThat(e.path("code").asText()).isEqualTo("conflict");
            assertThat(e.path("message").asText()).startsWith("asset " + broken + " failed to probe (" + error + "): nothing to make ")
                    .endsWith(" from; rescan it after fixing the file");
        }
        assertThat(LiveServer.items(live.getJson("/api/v1/jobs?limit=1000")))
                .noneMatch(j -> j.path("assetId").asLong() == broken);
    }

    /** A file (content of its own) changed on disk after it was scanned: its poster job fails for good, and again when retried. */
    @Test
    void aFailedJobCanBeRetriedAndFailsAgain() throws Exception {
        java.nio.file.Path clip = TestMedia.copy(TestMedia.clip(1, "160x120"), live.mediaDir().resolve(CHANGED_DIR), "clip.mp4");
        java.nio.file.Files.setLastModifiedTime(clip, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        live.dam().scanner().scan(List.of(clip.getParent()), live.dam().scanOptions(java.util.Optional.empty(), 1));
        live.awaitJobsIdle();
        long id = live.dam().assets().resolve(clip.toRealPath().toString()).asset().id();
        java.nio.file.Files.setLastModifiedTime(clip, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));

        HttpResponse<String> r = live.post("/api/v1/assets/" + id + "/regenerate?kind=poster", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        long job = LiveServer.parse(r.body()).path("id").asLong();
        JsonNode failed = live.awaitJob(job);
        assertThat(failed.path("state").asText()).isEqualTo("failed");
        assertThat(failed.path("error").asText()).contains("scan again");
        assertThat(failed.path("attempts").asInt()).as("a permanent failure is not retried: %s", failed).isEqualTo(1);
        LiveServer.assertJsonError("cancel a failed job", live.post("/api/v1/jobs/" + job + "/cancel", ""), 409);

        HttpResponse<String> retried = live.post("/api/v1/jobs/" + job + "/retry", "");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(LiveServer.parse(retried.body()).path("state").asText()).isIn("queued", "running", "failed");
        assertThat(live.awaitJob(job).path("state").asText()).isEqualTo("failed");
    }

    // ------------------------------------------------------------ events

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void eventStreamSaysHelloThenReportsJobsAndScans() throws Exception {
        try (EventClient events = EventClient.healthy(live)) {
            JsonNode hello = events.await("hello", m -> m.path("type").asText().equals("hello"), Duration.ofSeconds(5));
            assertThat(hello.path("clients").asInt()).isPositive();
            assertThat(events.messages().get(0).path("type").asText()).as("the first message").isEqualTo("hello");

            long clip = live.idOf("trip/clip.mp4");
            long jobId = LiveServer.parse(live.post("/api/v1/assets/" + clip + "/regenerate?kind=sprite", "").body()).path("id").asLong();
            JsonNode done = events.await("job.state done of job " + jobId, m -> m.path("type").asText().equals("job.state")
                    && m.path("jobId").asLong() == jobId && m.path("state").asText().equals("done"), Duration.ofSeconds(30));
            assertThat(done.path("kind").asText()).isEqualTo("sprite");
            assertThat(done.path("assetId").asLong()).isEqualTo(clip);
            events.await("job.state running of job " + jobId, m -> m.path("type").asText().equals("job.state")
                    && m.path("jobId").asLong() == jobId && m.path("state").asText().equals("running"), Duration.ofSeconds(5));

            HttpResponse<String> root = live.post("/api/v1/roots", "{\"path\": " + LiveServer.quote(live.mediaDir().toString()) + "}");
            assertThat(root.statusCode()).as(root.body()).isIn(200, 201);
            HttpResponse<String> scan = live.post("/api/v1/scans", "{}");
            assertThat(scan.statusCode()).as(scan.body()).isEqualTo(202);
            events.await("scan.started", m -> m.path("type").asText().equals("scan.started"), Duration.ofSeconds(30));
            JsonNode progress = events.await("scan.progress", m -> m.path("type").asText().equals("scan.progress"), Duration.ofSeconds(30));
            assertThat(progress.path("scanned").isIntegralNumber()).as("progress %s", progress).isTrue();
            JsonNode finished = events.await("scan.finished", m -> m.path("type").asText().equals("scan.finished"), Duration.ofSeconds(30));
            assertThat(finished.path("report").path("scanned").asLong()).as("finished %s", finished)
                    .isGreaterThanOrEqualTo(LiveServer.LAYOUT.size() - 1);

            long title = live.idOf("trip/tone.mp3");
            assertThat(live.patch("/api/v1/assets/" + title, "{\"tags\": [\"evented\"]}").statusCode()).isEqualTo(200);
            events.await("asset.updated", m -> m.path("type").asText().equals("asset.updated")
                    && m.path("assetId").asLong() == title, Duration.ofSeconds(5));

            for (JsonNode m : events.messages()) {
                assertThat(m.path("type").isTextual()).as("type of %s", m).isTrue();
                assertThat(m.path("type").asText()).matches("[a-z]+(\\.[a-z]+)?");
            }
            assertThat(events.closed()).isFalse();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aClientThatNeverReadsBlocksNobody() throws Exception {
        // a sender thread that dies of an uncaught exception is a bug even when nobody notices
        List<String> uncaught = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            uncaught.add(t.getName() + ": " + e);
            if (previous != null) previous.uncaughtException(t, e);
        });
        EventClient slow = EventClient.neverReading(live);
        EventClient healthy = EventClient.healthy(live);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            healthy.await("hello", m -> m.path("type").asText().equals("hello"), Duration.ofSeconds(5));
            // (clients of earlier tests may still be on their way out)
            awaitClients(2);

            // A burst of large events (more than the slow client's queue plus every socket buffer on the way),
            // published at the pace the healthy client reads them. Publishing that waited on the slow
            // client's socket would never return: the test's timeout catches that.
            String big = "x".repeat(8 * 1024);
            int perBurst = 200;
            int maxBursts = 40; // 64 MB: far more than the slow client's queue and any socket buffers
            List<Future<String>> requests = new ArrayList<>();
            long tagged = live.idOf("audio/tone.wav");
            int bursts = 0;
            while (bursts < maxBursts) {
                for (int i = 0; i < perBurst; i++) {
                    live.dam().events().publish(new DamEvent.AssetIngested(-1, "/flood/" + bursts + "/" + i + "/" + big, "video", true));
                }
                bursts++;
                if (bursts == 2) {
                    // 100 ordinary requests while the slow client's writes pile up and get stuck
                    for (int i = 0; i < 100; i++) {
                        final int n = i;
                        requests.add(pool.submit(request(n, tagged)));
                    }
                }
                healthy.awaitCount(JobsEventsApiTest::isFlood, bursts * perBurst, Duration.ofSeconds(20));
                if (bursts >= 4 && clients() == 1.0) break; // the slow client was dropped
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> f : requests) {
                String failure = f.get(20, TimeUnit.SECONDS);
                if (failure != null) failures.add(failure);
            }
            assertThat(failures).isEmpty();

            // the healthy client got every flood event, in order, and the edits made meanwhile
            List<JsonNode> flood = healthy.messages().stream().filter(JobsEventsApiTest::isFlood).toList();
            assertThat(flood.size()).isEqualTo(bursts * perBurst);
            for (int i = 0; i < flood.size(); i++) {
                String expected = "/flood/" + (i / perBurst) + "/" + (i % perBurst) + "/";
                if (!flood.get(i).path("path").asText().startsWith(expected)) {
                    throw new AssertionError("flood event " + i + " out of order: expected " + expected);
                }
            }
            healthy.await("asset.updated of the edited asset", m -> m.path("type").asText().equals("asset.updated")
                    && m.path("assetId").asLong() == tagged, Duration.ofSeconds(5));

            // the server dropped the client that fell behind, and only that one
            awaitClients(1);
            assertThat(healthy.closed()).isFalse();

            // and events keep flowing to the healthy one
            long clip = live.idOf("trip/clip.mp4");
            long jobId = LiveServer.parse(live.post("/api/v1/assets/" + clip + "/regenerate?kind=poster", "").body()).path("id").asLong();
            healthy.await("job.state done after the flood", m -> m.path("type").asText().equals("job.state")
                    && m.path("jobId").asLong() == jobId && m.path("state").asText().equals("done"), Duration.ofSeconds(30));
            live.assertStillServing();

            slow.close();
            healthy.close();
            awaitClients(0);
            // while the sender threads of both wind down, none dies of an exception
            await("no uncaught exceptions in server threads").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                    .until(uncaught::isEmpty);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
            pool.shutdownNow();
            slow.close();
            healthy.close();
        }
    }

    /** One of the 100 requests: reads and writes, each answered (the client gives up after 20 s). */
    private static Callable<String> request(int n, long assetId) {
        return () -> {
            HttpResponse<String> r = switch (n % 4) {
                case 0 -> live.get("/api/v1/assets?limit=5");
                case 1 -> live.get("/api/v1/assets/" + assetId);
                case 2 -> live.patch("/api/v1/assets/" + assetId, "{\"description\": \"edit " + n + "\"}");
                default -> live.get("/api/v1/jobs?limit=5");
            };
            if (r.statusCode() != 200) return "request " + n + " → " + r.statusCode() + " " + r.body();
            return null;
        };
    }

    // ------------------------------------------------------------ readiness and metrics

    @Test
    void readyReportsItsChecks() {
        live.dam().search(); // the server opens its index at start-up; ready only once it is open
        JsonNode ready = live.getJson("/ready");
        assertThat(ready.path("checks").path("index").asText()).isEqualTo("ok");
        assertThat(ready.path("status").asText()).isEqualTo("ready");
        assertThat(ready.path("checks").path("catalog").asText()).isEqualTo("ok");
        assertThat(ready.path("checks").path("storage").asText()).isEqualTo("ok");

        live.dam().addReadinessCheck("test-check", () -> "warming up");
        try {
            HttpResponse<String> r = live.get("/ready");
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode notReady = LiveServer.parse(r.body());
            assertThat(notReady.path("status").asText()).isEqualTo("not ready");
            assertThat(notReady.path("checks").path("catalog").asText()).isEqualTo("ok");
            assertThat(notReady.path("checks").path("test-check").asText()).isEqualTo("warming up");
        } finally {
            live.dam().addReadinessCheck("test-check", () -> "ok");
        }
        JsonNode again = live.getJson("/ready");
        assertThat(again.path("status").asText()).isEqualTo("ready");
        assertThat(again.path("checks").path("test-check").asText()).isEqualTo("ok");
    }

    @Test
    void metricsExposeRequestsJobsAndScans() throws Exception {
        live.getJson("/api/v1/assets?limit=1");
        live.get("/api/v1/assets/987654321");
        HttpResponse<String> root = live.post("/api/v1/roots", "{\"path\": " + LiveServer.quote(live.mediaDir().toString()) + "}");
        assertThat(root.statusCode()).isIn(200, 201);
        String scanId = LiveServer.parse(live.post("/api/v1/scans", "{}").body()).path("id").asText();
        assertThat(live.awaitScan(scanId).path("state").asText()).isEqualTo("done");
        live.awaitJobsIdle();
        JsonNode jobs = live.getJson("/api/v1/jobs?limit=1");

        HttpResponse<String> r = live.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        // the job gauges cache the catalog's counts for a second: scraped until they caught up
        String text = await("the job gauges match the job list").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> live.get("/metrics").body(),
                        t -> value(t, "dam_jobs", "state=\"done\"") == jobs.path("counts").path("done").asDouble());
        assertThat(text).contains("# TYPE http_server_requests_seconds histogram");
        assertThat(value(text, "http_server_requests_seconds_count", "method=\"GET\"", "route=\"/api/v1/assets\"", "status=\"200\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(text, "http_server_requests_seconds_count", "route=\"/api/v1/assets/{id}\"", "status=\"404\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(text, "http_server_requests_seconds_count", "method=\"POST\"", "route=\"/api/v1/scans\"", "status=\"202\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(text, "dam_jobs", "state=\"done\"")).isEqualTo(jobs.path("counts").path("done").asDouble());
        assertThat(value(text, "dam_jobs", "state=\"failed\"")).isEqualTo(jobs.path("counts").path("failed").asDouble());
        assertThat(value(text, "dam_job_queue_depth")).isEqualTo(jobs.path("counts").path("queued").asDouble());
        assertThat(value(text, "dam_scan_files_total", "result=\"scanned\"")).isGreaterThanOrEqualTo(LiveServer.LAYOUT.size() - 1);
        assertThat(text).contains("dam_scan_files_total{result=\"added\"}").contains("dam_scan_files_total{result=\"failed\"}");
        assertThat(value(text, "dam_scans_total")).isGreaterThanOrEqualTo(1);
    }

    // ------------------------------------------------------------ helpers

    private static boolean isFlood(JsonNode m) {
        return m.path("type").asText().equals("asset.ingested") && m.path("path").asText().startsWith("/flood/");
    }

    /** Polls the event-stream gauge until it shows {@code n} clients. */
    private static void awaitClients(int n) {
        await(n + " event-stream clients").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(JobsEventsApiTest::clients, c -> c == n);
    }

    private static double clients() {
        return value(live.get("/metrics").body(), "dam_event_stream_clients");
    }

    /** The value of the one sample of {@code name} whose labels include all of {@code labels}. */
    private static double value(String exposition, String name, String... labels) {
        Pattern p = Pattern.compile("^" + Pattern.quote(name) + "(\\{.*})?\\s+(\\S+)$", Pattern.MULTILINE);
        Matcher m = p.matcher(exposition);
        List<Double> found = new ArrayList<>();
        while (m.find()) {
            String l = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) all &= l.contains(label);
            if (all) found.add(Double.parseDouble(m.group(2)));
        }
        assertThat(found).as("samples of %s%s in the metrics:\n%s", name, List.of(labels), exposition.lines()
                .filter(l -> l.startsWith(name)).limit(60).collect(java.util.stream.Collectors.joining("\n"))).hasSize(1);
        return found.get(0);
    }
}
