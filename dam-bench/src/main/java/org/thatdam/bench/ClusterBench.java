package org.thatdam.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.sql.Catalogs;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.json.Json;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.model.MediaInfo;

/**
 * Scale-out on loopback, with `dam serve` nodes as separate processes ({@link Cluster}: PostgreSQL and s3proxy):
 * <ul>
 *   <li>{@code cluster}: job throughput (posters and sprites of generated clips) with one worker node, then two;
 *   the clips are catalogued with the queue paused, and the clock runs from the resume to the last job's end;</li>
 *   <li>{@code api}: API latency (p50/p95 of list and search, one client) on the same 10,000-asset catalog in SQLite
 *   and, after {@code dam migrate}, in PostgreSQL, both servers up side by side and asked in turn.</li>
 * </ul>
 * The nodes run {@code dam-cli/target/dam.jar} (bench/run builds it) with this JVM's flags.
 */
final class ClusterBench {

    private static final Duration START = Duration.ofMinutes(2);
    private static final Consumer<String> SAY = m -> System.err.println("  " + m);

    private ClusterBench() {}

    /** `java FLAGS -jar dam.jar`, as ./dam runs it (without its class-data archive). */
    private static List<String> damCommand() {
        Path jar = Path.of("dam-cli/target/dam.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("no " + jar + ": bench/run builds it");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Dlogback") && !a.startsWith("-Ddam.bench")) cmd.add(a);
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        return cmd;
    }

    // ---- cluster.jobs-1-vs-2-workers -------------------------------------------------------------

    static Section jobs(Path work, boolean quick) throws Exception {
        int clips = quick ? 8 : 16;
        int seconds = quick ? 8 : 20;
        String size = quick ? "640x360" : "1280x720";
        Path media = work.resolve("cluster-clips-" + clips + "-" + seconds + "s-" + size);
        Path complete = media.resolveSibling(media.getFileName() + ".complete");
        if (!Files.exists(complete)) {
            Corpus.deleteTree(media);
            ClusterDemo.generateClips(media, clips, seconds, size);
            Files.createFile(complete);
        }
        List<String> dam = damCommand();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("clips", clips);
        json.put("clipSeconds", seconds);
        json.put("clipSize", size);
        Map<String, Object> one = jobsWith(1, work, media, clips, dam);
        Map<String, Object> two = jobsWith(2, work, media, clips, dam);
        json.put("oneWorker", one);
        json.put("twoWorkers", two);
        double r1 = (double) one.get("jobsPerSec");
        double r2 = (double) two.get("jobsPerSec");
        String note = String.format(Locale.ROOT, "%d clips %s %d s, posters + sprites, PostgreSQL + s3proxy on loopback; "
                        + "1 worker: %s; 2 workers: %s; this machine has %d cores, shared by both nodes: a second node on the same"
                        + " machine only fills what the first left idle (on a machine of its own it adds its cores)",
                clips, size, seconds, perNode(one), perNode(two), Runtime.getRuntime().availableProcessors());
        if ((boolean) one.get("disturbed") || (boolean) two.get("disturbed")) note += "; disturbed: other processes were busy";
        Row row = Row.compare("cluster.jobs-1-vs-2-workers", r2, r1, "jobs/s", true, note);
        return new Section(json, List.of(row));
    }

    @SuppressWarnings("unchecked")
    private static String perNode(Map<String, Object> r) {
        List<String> parts = new ArrayList<>();
        ((Map<String, Map<String, Object>>) r.get("nodes")).forEach((name, n) ->
                parts.add(String.format(Locale.ROOT, "%s %s jobs, %.1f CPU-s", name, n.get("jobs"), (double) n.get("cpuSec"))));
        return String.format(Locale.ROOT, "%.2f jobs/s (%s)", (double) r.get("jobsPerSec"), String.join(", ", parts));
    }

    private static Map<String, Object> jobsWith(int workers, Path work, Path media, int clips, List<String> dam) throws Exception {
        Path dir = work.resolve("cluster-run-" + workers);
        Corpus.deleteTree(dir);
        SAY.accept(workers + " worker node(s)");
        try (Cluster c = Cluster.start(dir, dam, Map.of("DAM_SEMANTIC_AUTO", "false"), SAY);
             Catalog catalog = Catalogs.open(c.catalogUrl())) {
            Cluster.Node api = c.start("api", "api");
            List<Cluster.Node> nodes = new ArrayList<>();
            for (int i = 1; i <= workers; i++) nodes.add(c.start("worker-" + i, "worker"));
            Cluster.Endpoint ep = c.endpoint(api, START);
            for (Cluster.Node n : nodes) c.awaitStarted(n, START);
            // Catalogued with the queue paused: the clock then measures the jobs alone, not the scan.
            Cluster.call(ep, "POST", "/api/v1/jobs/pause", null);
            Cluster.call(ep, "POST", "/api/v1/roots", Json.mapper().createObjectNode().put("path", media.toString()).toString());
            long queued = awaitQueued(c, catalog, clips);
            long doneBefore = catalog.read(s -> s.jobs().counts()).getOrDefault(JobState.DONE, 0L);
            Map<String, Double> cpu0 = new TreeMap<>();
            for (Cluster.Node n : nodes) cpu0.put(n.name(), CpuLoad.processSec(n.process().pid()));
            Timed<Long> t = Timed.once(() -> {
                Cluster.call(ep, "POST", "/api/v1/jobs/resume", null);
                while (true) {
                    for (Cluster.Node n : c.nodes()) {
                        if (!n.alive()) throw new IOException("node " + n.name() + " stopped:\n" + n.tail());
                    }
                    Map<JobState, Long> counts = catalog.read(s -> s.jobs().counts());
                    if (counts.getOrDefault(JobState.QUEUED, 0L) + counts.getOrDefault(JobState.RUNNING, 0L) == 0) {
                        return counts.getOrDefault(JobState.DONE, 0L);
                    }
                    Cluster.pause(50);
                }
            });
            Map<String, Long> byNode = new TreeMap<>();
            List<String> names = c.nodes().stream().map(Cluster.Node::name).toList();
            for (int offset = 0; ; offset += 500) {
                int from = offset;
                List<Job> page = catalog.read(s -> s.jobs().list(JobState.DONE, null, from, 500));
                for (Job j : page) if (j.workerId() != null) byNode.merge(ClusterDemo.nodeOf(j.workerId(), names), 1L, Long::sum);
                if (page.size() < 500) break;
            }
            long failed = catalog.read(s -> s.jobs().counts()).getOrDefault(JobState.FAILED, 0L);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("workers", workers);
            r.put("jobsQueued", queued);
            r.put("jobsDone", t.value());
            r.put("jobsDoneBeforeResume", doneBefore);
            r.put("jobsFailed", failed);
            t.into(r);
            r.put("jobsPerSec", Timed.round2(t.rate(t.value() - doneBefore)));
            Map<String, Object> perNode = new LinkedHashMap<>();
            for (Cluster.Node n : nodes) {
                double cpu = CpuLoad.processSec(n.process().pid()) - cpu0.get(n.name());
                long jobs = byNode.getOrDefault(n.name(), 0L);
                perNode.put(n.name(), Map.of("jobs", jobs, "cpuSec", Timed.round2(cpu),
                        "jobsPerSec", Timed.round2(jobs * 1000.0 / Math.max(1, t.ms()))));
            }
            r.put("nodes", perNode);
            r.put("disturbed", t.disturbed());
            SAY.accept(String.format(Locale.ROOT, "%d worker(s): %d jobs in %d ms, %s", workers, t.value() - doneBefore, t.ms(), perNode));
            return r;
        }
    }

    /** Waits until every clip is an asset and the queued jobs stay the same for 3 s (the scan is over). */
    private static long awaitQueued(Cluster c, Catalog catalog, int clips) throws IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            for (Cluster.Node n : c.nodes()) if (!n.alive()) throw new IOException("node " + n.name() + " stopped:\n" + n.tail());
            long assets = catalog.read(s -> s.assets().count(AssetQuery.all(1)));
            long queued = catalog.read(s -> s.jobs().counts()).getOrDefault(JobState.QUEUED, 0L);
            if (queued != last) {
                last = queued;
                since = System.nanoTime();
            }
            if (assets >= clips && queued > 0 && System.nanoTime() - since > 3_000_000_000L) return queued;
            Cluster.pause(200);
        }
        throw new IOException("the clips were not catalogued within 5 minutes");
    }

    // ---- api.p95-postgresql-vs-sqlite ------------------------------------------------------------

    private static final String[] WORDS = {"harbour", "mountain", "interview", "drone", "studio", "street", "forest", "concert"};

    static Section api(Path work, boolean quick) throws Exception {
        int assets = 10_000;
        int requests = quick ? 300 : 1_000;
        Path sqliteHome = work.resolve("api-sqlite-" + assets);
        long made = catalog(sqliteHome, assets);
        List<String> dam = damCommand();
        Path dir = work.resolve("api-cluster");
        Corpus.deleteTree(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("assets", made);
        json.put("requestsEach", requests);
        try (Cluster c = Cluster.start(dir, dam, Map.of(), SAY)) {
            // the SQLite node: its home's own catalog and disk; empty values take the shared settings back
            Map<String, String> own = Map.of("DAM_CATALOG_URL", "", "DAM_STORAGE_URL", "", "DAM_STORAGE_S3_ENDPOINT", "");
            long t = System.nanoTime();
            String migrated = c.run(sqliteHome, own, List.of("migrate", "--from", "sqlite:" + sqliteHome.resolve("catalog.db"),
                    "--to", c.catalogUrlText(), "--json"), Duration.ofMinutes(10));
            json.put("migrateMs", (System.nanoTime() - t) / 1_000_000);
            json.put("migrate", Json.mapper().convertValue(lastJson(migrated), Map.class));
            SAY.accept(String.format(Locale.ROOT, "dam migrate: %d assets into PostgreSQL in %.1f s", made, (System.nanoTime() - t) / 1e9));
            Cluster.Node lite = c.start("sqlite", sqliteHome, own, List.of("serve", "--port", "0", "--no-scan", "--no-jobs"));
            Cluster.Node pg = c.start("postgresql", dir.resolve("postgresql-home"), Map.of(),
                    List.of("serve", "--role", "api", "--port", "0", "--no-scan"));
            Cluster.Endpoint liteEp = c.endpoint(lite, START);
            Cluster.Endpoint pgEp = c.endpoint(pg, START);
            awaitIndexed(liteEp, made);
            awaitIndexed(pgEp, made);
            CpuLoad.waitQuiet(Timed.QUIET_CORES, 60);
            Random random = new Random(20);
            List<String> lists = new ArrayList<>();
            List<String> searches = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                lists.add("/api/v1/assets?limit=50&offset=" + random.nextInt((int) made - 50));
                searches.add("/api/v1/search?q=" + WORDS[random.nextInt(WORDS.length)] + "&limit=50");
            }
            // warm-up, then both servers asked in turn, request by request: the same moments, the same queries
            latencies(List.of(liteEp, pgEp), lists.subList(0, 50));
            latencies(List.of(liteEp, pgEp), searches.subList(0, 50));
            CpuLoad.Sample a = CpuLoad.sample();
            long[][] list = latencies(List.of(liteEp, pgEp), lists);
            long[][] search = latencies(List.of(liteEp, pgEp), searches);
            CpuLoad.Sample z = CpuLoad.sample();
            double other = CpuLoad.otherCores(a, z);
            json.put("sqlite", Map.of("list", percentiles(list[0]), "search", percentiles(search[0])));
            json.put("postgresql", Map.of("list", percentiles(list[1]), "search", percentiles(search[1])));
            json.put("otherCores", Double.isNaN(other) ? null : Timed.round2(other));
            String base = String.format(Locale.ROOT, "%,d assets (dam migrate of one SQLite catalog), %d requests each, one client, "
                    + "both servers side by side asked in turn; PostgreSQL on loopback", made, requests);
            if (!Double.isNaN(other) && other >= Timed.QUIET_CORES) base += String.format(Locale.ROOT, "; disturbed: other processes used %.2f cores", other);
            List<Row> rows = List.of(
                    row("api.p95-postgresql-vs-sqlite list", list, base + "; GET /api/v1/assets?limit=50 at random offsets"),
                    row("api.p95-postgresql-vs-sqlite search", search, base + "; GET /api/v1/search?q=WORD&limit=50, 1 in 8 assets match"));
            return new Section(json, rows);
        }
    }

    private static Row row(String measure, long[][] ns, String note) {
        Map<String, Double> lite = percentiles(ns[0]);
        Map<String, Double> pg = percentiles(ns[1]);
        return Row.compare(measure, pg.get("p95ms"), lite.get("p95ms"), "ms", false, String.format(Locale.ROOT,
                "p95, PostgreSQL vs SQLite; p50 %.2f vs %.2f ms; %s", pg.get("p50ms"), lite.get("p50ms"), note));
    }

    private static JsonNode lastJson(String out) throws IOException {
        String text = out.strip();
        int start = text.indexOf('{');
        return start < 0 ? Json.mapper().createObjectNode() : Json.mapper().readTree(text.substring(start));
    }

    /** Each path asked of each endpoint in turn, on kept-open connections; the wall times in ns, per endpoint. */
    private static long[][] latencies(List<Cluster.Endpoint> eps, List<String> paths) throws IOException {
        long[][] ns = new long[eps.size()][paths.size()];
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            for (int i = 0; i < paths.size(); i++) {
                for (int e = 0; e < eps.size(); e++) {
                    long t = System.nanoTime();
                    Cluster.call(http, eps.get(e), "GET", paths.get(i), null);
                    ns[e][i] = System.nanoTime() - t;
                }
            }
        }
        return ns;
    }

    private static Map<String, Double> percentiles(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        Map<String, Double> m = new LinkedHashMap<>();
        for (int p : new int[] {50, 95, 99}) {
            m.put("p" + p + "ms", Timed.round2(s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1e6));
        }
        return m;
    }

    /** Waits until the server's search finds every asset (its index is built from the catalog at start). */
    private static void awaitIndexed(Cluster.Endpoint ep, long assets) throws IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (Cluster.call(ep, "GET", "/api/v1/search?q=take&limit=1", null).path("total").asLong() >= assets) return;
            Cluster.pause(250);
        }
        throw new IOException(ep.url() + " did not index " + assets + " assets within 5 minutes");
    }

    /** A SQLite library of {@code count} video assets ("WORD take N"), made once through the catalog, then reused. */
    private static long catalog(Path home, int count) {
        try (Dam dam = Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString())))) {
            long have = dam.catalog().read(s -> s.assets().count(AssetQuery.all(1)));
            if (have >= count) return have;
            MediaInfo video = new MediaInfo(AssetKind.VIDEO, "mov,mp4", 12.5, 3_200_000L, 1920, 1080, 25.0, "h264", "aac", null,
                    null, null, null, null, null, null, null, null, null, null, List.of(), null);
            for (long from = have; from < count; from += 2_000) {
                long start = from;
                long end = Math.min(count, from + 2_000);
                dam.catalog().update(s -> {
                    long now = System.currentTimeMillis();
                    for (long i = start; i < end; i++) {
                        String hash = String.format(Locale.ROOT, "%016x", i * 0x9E3779B97F4A7C15L);
                        long id = s.assets().insertAsset(AssetKind.VIDEO, WORDS[(int) (i % WORDS.length)] + " take " + i, null, now);
                        s.assets().addVersion(id, 1_000_000 + i, hash, video, null, now);
                        s.assets().insertLocation(id, String.format(Locale.ROOT, "/footage/%03d/take-%06d.mp4", i / 1000, i),
                                1_000_000 + i, now, null, hash, now);
                    }
                });
            }
            return dam.catalog().read(s -> s.assets().count(AssetQuery.all(1)));
        }
    }
}
