package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogUrl;
import org.thatdam.catalog.sql.Catalogs;
import org.thatdam.core.json.Json;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.JobState;
import org.thatdam.bench.Cluster;
import org.thatdam.bench.ClusterDemo;

/**
 * One library on a real PostgreSQL and an S3 bucket served by three real `dam serve` processes on loopback: an
 * API node and two worker nodes, each with a home of its own, as on three machines ({@link Cluster}, started as
 * {@code scripts/cluster-demo} starts it). First the demo itself: the API node adds generated clips as a root
 * and the workers share what follows. Then, on the same nodes: the workers share the job queue (every job runs
 * once; a worker killed mid-job leaves it to the other), the API node's search follows edits made elsewhere, the
 * workers' events reach its WebSocket, and a root being scanned by one node is not scanned by another.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

    /**
     * A node on this host sees a killed worker's process gone at once and takes its job over; the stale time is
     * for nodes that stop beating elsewhere, and short heartbeat pauses of a busy machine must not count as one.
     */
    static final int STALE_SECONDS = 10;

    @TempDir static Path tmp;
    static ClusterDemo.Running cluster;
    static CatalogUrl url;
    static Path media;
    static CliRunner admin;
    static Process worker1;
    static Process worker2;
    static String apiUrl;
    static String apiKey;
    static final List<JsonNode> events = new CopyOnWriteArrayList<>();
    static WebSocket socket;

    @BeforeAll
    static void startNodes() throws Exception {
        media = Files.createDirectories(tmp.resolve("media"));
        CliRunner.distinctClips(media, 6, 2);
        // the semantic analyses are left out to keep the run short: posters, sprites and proxies are the jobs here
        Map<String, String> settings = Map.of("DAM_SEMANTIC_AUTO", "false", "DAM_JOBS_STALE_SECONDS", Integer.toString(STALE_SECONDS),
                "DAM_WATCH_ENABLED", "false", "DAM_SERVE_SCAN_ON_START", "false");
        // the demo's three clips are generated in its own folder; the nodes are real `dam serve` JVMs of this class path
        cluster = ClusterDemo.start(new ClusterDemo.Options(CliRunner.childJava(Main.class), null, 3, tmp.resolve("demo"),
                settings, Duration.ofSeconds(90)), System.err);
        url = cluster.cluster().catalogUrl();
        worker1 = cluster.workers().get(0).process();
        worker2 = cluster.workers().get(1).process();
        apiUrl = cluster.endpoint().url();
        apiKey = cluster.endpoint().key();
        // ready: its index is open, and it hears the other nodes' events
        until("the API node is ready", () -> ServeCliTest.get(apiUrl + "/ready").path("status").asText().equals("ready"));
        for (Cluster.Node w : cluster.workers()) {
            until(w.name() + " says what it serves", () -> log(w).contains("as worker node " + w.name()));
        }
        assertThat(cluster.workers().get(0).home().resolve("server.json")).as("a worker serves no HTTP").doesNotExist();
        socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + apiKey)
                .buildAsync(URI.create(apiUrl.replaceFirst("^http", "ws") + "/api/v1/events"), new Collector())
                .get(30, TimeUnit.SECONDS);

        admin = new CliRunner(adminHome());
        CliRunner.Result added = admin.run("roots", "add", "--no-scan", media.toString());
        assertThat(added.code()).as(added.out() + added.err()).isZero();
    }

    @AfterAll
    static void stopNodes() {
        if (socket != null) socket.abort();
        if (cluster == null) return;
        cluster.close();
        // the nodes' own words, for whoever reads a failure (the test output file)
        for (Cluster.Node n : cluster.cluster().nodes()) {
            String logged;
            try {
                logged = Files.readString(n.home().resolve("logs/dam.log"));
            } catch (IOException e) {
                logged = "";
            }
            System.out.println("---- " + n.name() + "\n" + log(n) + logged.lines().filter(l -> !l.contains(" DEBUG "))
                    .reduce("", (x, y) -> x + y + "\n"));
        }
    }

    /** Three JVMs start side by side with the build on a small machine: starting may take a while. */
    static void until(String what, java.util.function.BooleanSupplier condition) {
        await(what).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }

    /**
     * The home of the commands this test runs in its own process, as an administrator's machine: the shared
     * catalog (they only read and write the catalog: the library's files are the nodes' business), its name.
     */
    static Path adminHome() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("admin"));
        Files.writeString(home.resolve("dam.toml"), """
                [catalog]
                url = "%s"
                [node]
                name = "admin"
                [semantic]
                auto = false
                [watch]
                enabled = false
                """.formatted(url.display()));
        return home;
    }

    /** What a node wrote to stdout and stderr. */
    static String log(Cluster.Node node) {
        try {
            return Files.readString(node.out()) + Files.readString(node.err());
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    @Order(0)
    void theDemoAddsARootThroughTheApiNodeAndBothWorkersShareItsJobs() throws Exception {
        ClusterDemo.Summary s = cluster.addRootAndWait(Duration.ofSeconds(90));

        assertThat(s.ok()).as(s.json()).isTrue();
        assertThat(s.assets()).isEqualTo(3);
        assertThat(s.jobsByWorker()).as(s.json()).containsKeys("worker-1", "worker-2").doesNotContainKey("api");
        assertThat(s.objects()).as("posters and sprites in the bucket").isPositive();
        assertThat(s.json()).startsWith("{\"ok\":true,\"assets\":3,\"jobsByWorker\":{");
    }

    /** Every job of the library, as the command line lists them. */
    static List<JsonNode> jobs() {
        CliRunner.Result r = admin.run("jobs", "list", "--json", "--limit", "1000");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> all = new ArrayList<>();
        r.json().get("items").forEach(all::add);
        return all;
    }

    /**
     * Nothing queued or running. Polled, so read from the shared catalog in this process (the same rows
     * {@code jobs list} shows): a command per poll would load the small machine the nodes run on.
     */
    static boolean allFinished() {
        Map<JobState, Long> counts = cluster.catalog().read(s -> s.jobs().counts());
        return counts.getOrDefault(JobState.QUEUED, 0L) + counts.getOrDefault(JobState.RUNNING, 0L) == 0;
    }

    /** The state of the proxy job of {@code asset}, read from the shared catalog (polled). */
    static JobState proxyJobState(long asset) {
        return cluster.catalog().read(s -> s.jobs().list(null, "proxy", 0, 10_000)).stream()
                .filter(j -> j.assetId() != null && j.assetId() == asset).findFirst().orElseThrow().state();
    }

    @Test
    @Order(1)
    void twoWorkersShareTheQueueAndRunEveryJobOnce() {
        CliRunner.Result scan = admin.run("scan", media.toString());
        assertThat(scan.code()).as(scan.out() + scan.err()).isZero();
        await("every job ran").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(ClusterTest::allFinished);

        List<JsonNode> jobs = jobs();
        assertThat(jobs).hasSizeGreaterThan(6); // several per clip
        Map<String, Integer> byNode = new HashMap<>();
        for (JsonNode j : jobs) {
            assertThat(j.get("state").asText()).as(j.toString()).isEqualTo("done");
            assertThat(j.get("attempts").asInt()).as("claimed once: " + j).isEqualTo(1);
            byNode.merge(j.get("node").asText(), 1, Integer::sum);
        }
        assertThat(byNode.keySet()).as("both workers ran some, the API node none: " + byNode)
                .containsExactlyInAnyOrder("worker-1", "worker-2");
    }

    @Test
    @Order(2)
    void theWorkersEventsReachTheApiNodesWebSocket() throws IOException {
        // The API node runs no job: every job state it streams came from a worker.
        Set<Long> jobs = new HashSet<>();
        jobs().forEach(j -> jobs.add(j.get("id").asLong()));
        try {
            await("every finished job was streamed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> finishedJobsStreamed().equals(jobs));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Set<Long> missing = new HashSet<>(jobs);
            missing.removeAll(finishedJobsStreamed());
            throw new AssertionError("jobs whose end was not streamed: " + missing + " of " + jobs.size() + "; "
                    + events.size() + " events came", e);
        }
        String scanned = media.toRealPath().toString();
        assertThat(events).as("the scan by another process (the command line's, of " + scanned + ")")
                .anyMatch(e -> e.path("type").asText().equals("asset.ingested") && e.path("path").asText().startsWith(scanned));
    }

    static Set<Long> finishedJobsStreamed() {
        Set<Long> done = new HashSet<>();
        for (JsonNode e : events) {
            if (e.path("type").asText().equals("job.state") && e.path("state").asText().equals("done")) done.add(e.path("jobId").asLong());
        }
        return done;
    }

    @Test
    @Order(3)
    void theApiNodesSearchFollowsAnEditMadeThroughAnotherNode() {
        String file = media.resolve("d0/clip0.mp4").toString();
        long id = admin.run("show", file, "--json").json().get("id").asLong();
        assertThat(search("harbourmaster")).isZero();
        CliRunner.Result edit = admin.run("edit", Long.toString(id), "--title", "Harbourmaster at dawn");
        assertThat(edit.code()).as(edit.err()).isZero();
        await("the API node's index has the new title").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> search("harbourmaster") == 1);
    }

    static long search(String words) {
        JsonNode page = ServeCliTest.get(apiUrl + "/api/v1/search?facets=false&mode=keyword&q="
                + URLEncoder.encode(words, StandardCharsets.UTF_8), apiKey);
        assertThat(page.has("total")).as(page.toString()).isTrue();
        return page.get("total").asLong();
    }

    @Test
    @Order(4)
    void aRootBeingScannedByOneNodeIsNotScannedByAnother() throws Exception {
        Path root = media.toRealPath();
        try (Catalog other = Catalogs.open(url)) {
            // the lease a scanning node holds on the root
            Optional<AutoCloseable> lease = other.tryLease("scan " + root);
            assertThat(lease).isPresent();
            try (AutoCloseable held = lease.get()) {
                CliRunner.Result refused = admin.run("scan", media.toString());
                assertThat(refused.out()).contains(root + ": not scanned: root " + root + " is being scanned by another node");
            }
        }
        CliRunner.Result scanned = admin.run("scan", media.toString());
        assertThat(scanned.code()).as(scanned.err()).isZero();
        assertThat(scanned.out()).doesNotContain("being scanned");
    }

    @Test
    @Order(5)
    void aJobOfAKilledWorkerIsTakenOverByTheOtherAndRunsToTheEnd() throws Exception {
        Path mkv = Files.createDirectories(media.resolve("long")).resolve("long.mkv"); // Matroska: its proxy is a real encode
        var r = ToolRunner.run(FfmpegTools.bundled().ffmpeg(), FfmpegArgs.ffmpeg()
                .input(TestMedia.clip(20, "1280x720")).add("-c", "copy").output(mkv).list(), Duration.ofMinutes(1));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        CliRunner.age(media);
        assertThat(admin.run("scan", mkv.getParent().toString()).code()).isZero();
        long asset = admin.run("show", mkv.toString(), "--json").json().get("id").asLong();
        await("a worker encodes the proxy").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> proxyJobState(asset) == JobState.RUNNING);
        JsonNode running = proxyJob(asset);
        String first = running.get("node").asText();
        Process victim = first.equals("worker-1") ? worker1 : worker2;
        // What the victim runs, just before and just after the kill: the other worker may requeue it at once (a
        // process gone from this host needs no stale time), so the list after the kill alone can miss it.
        Set<Long> interrupted = new HashSet<>(runningOn(first));
        victim.destroyForcibly();
        interrupted.addAll(runningOn(first));
        assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();

        await("the other worker finished it").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> proxyJobState(asset) == JobState.DONE);
        JsonNode done = proxyJob(asset);
        assertThat(done.get("node").asText()).isNotEqualTo(first).startsWith("worker-");
        assertThat(done.get("attempts").asInt()).as("the killed attempt and the one that finished").isEqualTo(2);
        await("every job ran").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(ClusterTest::allFinished);
        assertThat(interrupted).contains(done.get("id").asLong());
        for (JsonNode j : jobs()) {
            assertThat(j.get("state").asText()).as(j.toString()).isEqualTo("done");
            // A job the killed worker was running ran again once, unless it finished in the moment between the
            // listing and the kill; every other job ran exactly once.
            if (interrupted.contains(j.get("id").asLong())) {
                assertThat(j.get("attempts").asInt()).as(j.toString()).isBetween(1, 2);
            } else {
                assertThat(j.get("attempts").asInt()).as(j.toString()).isEqualTo(1);
            }
        }
    }

    static Set<Long> runningOn(String node) {
        Set<Long> ids = new HashSet<>();
        for (JsonNode j : jobs()) {
            if (j.get("state").asText().equals("running") && j.get("node").asText().equals(node)) ids.add(j.get("id").asLong());
        }
        return ids;
    }

    static JsonNode proxyJob(long asset) {
        return jobs().stream().filter(j -> j.get("kind").asText().equals("proxy") && j.path("assetId").asLong() == asset)
                .findFirst().orElseThrow();
    }

    /** Keeps every message of the event stream. */
    static final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    events.add(Json.mapper().readTree(partial.toString()));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
