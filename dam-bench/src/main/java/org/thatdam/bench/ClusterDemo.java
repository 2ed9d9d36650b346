package org.thatdam.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.sql.Catalogs;
import org.thatdam.core.json.Json;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;

/**
 * {@code scripts/cluster-demo [MEDIA_DIR]}: one library on several machines, shown on one. Starts a
 * {@link Cluster} (PostgreSQL, an S3 server, one API node and two worker nodes), has the API node add
 * MEDIA_DIR (or a few clips it generates) as a library root, waits until its scan and every job that followed
 * (run by the workers) are over, and prints the summary as the last line of stdout:
 * {@code {"ok":true,"assets":N,"jobsByWorker":{"worker-1":n,…},"objects":N}}. Progress goes to stderr.
 * {@code ok} holds when every job ended well (done or skipped), every asset has its poster, and the nodes ran
 * to the end. Usage: {@code ClusterDemo [--clips N] [--timeout SECONDS] [MEDIA_DIR] -- DAM_COMMAND...}
 * where DAM_COMMAND runs `dam` (e.g. {@code java -jar dam-cli/target/dam.jar}).
 */
public final class ClusterDemo {

    /** The last line of the demo's output. */
    public record Summary(boolean ok, long assets, Map<String, Long> jobsByWorker, long objects) {
        public String json() {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("ok", ok);
            o.put("assets", assets);
            ObjectNode w = o.putObject("jobsByWorker");
            jobsByWorker.forEach(w::put);
            o.put("objects", objects);
            return o.toString();
        }
    }

    /**
     * What to run: {@code damCommand} starts `dam`; {@code media} is the folder to add (null: {@code clips}
     * generated clips); {@code work} holds the nodes' homes and PostgreSQL's data; {@code settings} are extra
     * environment variables for every node; {@code timeout} bounds the wait for the jobs.
     */
    public record Options(List<String> damCommand, Path media, int clips, Path work, Map<String, String> settings,
                          Duration timeout) {}

    /** The worker nodes' names (node.name), the keys of jobsByWorker. */
    public static final List<String> WORKERS = List.of("worker-1", "worker-2");
    public static final String API = "api";

    private static final Duration START = Duration.ofMinutes(2);
    /** Set when a signal ends the demo: what fails then is the stopping, not the demo. */
    private static volatile boolean stopping;
    /** How long the catalog must stay unchanged, with nothing queued, before the work counts as over. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private ClusterDemo() {}

    public static void main(String[] args) throws Exception {
        int split = List.of(args).indexOf("--");
        if (split < 0 || split == args.length - 1) usage();
        Path media = null;
        int clips = 4;
        Duration timeout = Duration.ofMinutes(15);
        for (int i = 0; i < split; i++) {
            switch (args[i]) {
                case "--clips" -> clips = intArg(args, ++i, split);
                case "--timeout" -> timeout = Duration.ofSeconds(intArg(args, ++i, split));
                default -> {
                    if (args[i].startsWith("-") || media != null) usage();
                    media = Path.of(args[i]).toAbsolutePath().normalize();
                    if (!Files.isDirectory(media)) {
                        System.err.println("cluster-demo: " + media + " is not a folder");
                        System.exit(2);
                    }
                }
            }
        }
        List<String> dam = List.of(args).subList(split + 1, args.length);
        Path work = Files.createTempDirectory("dam-cluster-");
        Summary s;
        try {
            s = run(new Options(dam, media, clips, work, Map.of(), timeout), System.err);
        } catch (IOException | RuntimeException e) {
            System.err.println("cluster-demo: " + (stopping ? "stopped before the work was over"
                    : e.getMessage() != null ? e.getMessage() : e.toString()));
            s = new Summary(false, 0, Map.of(), 0);
        }
        if (s.ok()) {
            Corpus.deleteTree(work);
        } else {
            System.err.println("cluster-demo: the nodes' homes and output are kept in " + work);
        }
        System.out.println(s.json());
        System.out.flush();
        // The S3 server's threads are not daemons; its shutdown hook stops it.
        System.exit(s.ok() ? 0 : 1);
    }

    private static int intArg(String[] args, int i, int end) {
        if (i >= end) usage();
        try {
            return Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            usage();
            return 0;
        }
    }

    private static void usage() {
        System.err.println("usage: ClusterDemo [--clips N] [--timeout SECONDS] [MEDIA_DIR] -- DAM_COMMAND...");
        System.exit(2);
    }

    /** Runs the demo; what it did goes to {@code log}. Everything it started is stopped when it returns. */
    public static Summary run(Options o, PrintStream log) throws IOException {
        Running started = prepare(o, log);
        // A TERM or Ctrl-C ends this JVM without unwinding: the hook stops what was started all the same.
        Thread hook = new Thread(() -> {
            stopping = true;
            started.close();
        }, "cluster-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Running running = started) {
            running.startNodes();
            Summary s = running.addRootAndWait(o.timeout());
            running.say("done in " + Math.round((System.nanoTime() - running.t0) / 1e9) + " s; stopping the nodes, PostgreSQL and S3");
            return s;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the JVM is already shutting down: the hook runs
            }
        }
    }

    /**
     * The demo up to its work: the media, the cluster, the API node and both workers running, nothing added yet.
     * {@link Running#addRootAndWait} then does the rest; closing it stops everything. For a caller that has more
     * to do with the same nodes before or after (the tests).
     */
    public static Running start(Options o, PrintStream log) throws IOException {
        Running running = prepare(o, log);
        try {
            running.startNodes();
            return running;
        } catch (IOException | RuntimeException e) {
            running.close();
            throw e;
        }
    }

    /** The media (generated when none is given), PostgreSQL with the schema made once, the S3 server. */
    private static Running prepare(Options o, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        java.util.function.Consumer<String> say = m -> log.printf(Locale.ROOT, "cluster-demo: [%5.1f s] %s%n",
                (System.nanoTime() - t0) / 1e9, m);
        Path media = o.media();
        if (media == null) {
            media = o.work().resolve("media");
            say.accept("generating " + o.clips() + " clips in " + media);
            generateClips(media, o.clips());
        }
        Cluster cluster = Cluster.start(o.work().resolve("cluster"), o.damCommand(), o.settings(), say);
        Catalog catalog;
        try {
            // Opening the catalog here first creates its schema once, before the nodes start side by side.
            catalog = Catalogs.open(cluster.catalogUrl());
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        say.accept("catalog " + catalog.describe() + ", storage " + cluster.storageUrl());
        return new Running(cluster, catalog, media, say, t0);
    }

    /** A started demo: its cluster, the catalog as this process reads it, and (once started) its nodes. */
    public static final class Running implements AutoCloseable {
        private final Cluster cluster;
        private final Catalog catalog;
        private final Path media;
        private final java.util.function.Consumer<String> say;
        private final long t0;
        private Cluster.Node api;
        private final List<Cluster.Node> workers = new ArrayList<>();
        private Cluster.Endpoint endpoint;
        private boolean closed;

        private Running(Cluster cluster, Catalog catalog, Path media, java.util.function.Consumer<String> say, long t0) {
            this.cluster = cluster;
            this.catalog = catalog;
            this.media = media;
            this.say = say;
            this.t0 = t0;
        }

        private void startNodes() throws IOException {
            api = cluster.start(API, "api");
            for (String w : WORKERS) workers.add(cluster.start(w, "worker"));
            endpoint = cluster.endpoint(api, START);
            for (Cluster.Node w : workers) cluster.awaitStarted(w, START);
            say("API node on " + endpoint.url() + "; workers " + String.join(", ", WORKERS) + " running");
        }

        /** Has the API node add the media as a root, waits until the work that follows is over: the summary. */
        public Summary addRootAndWait(Duration timeout) throws IOException {
            ObjectNode root = Json.mapper().createObjectNode().put("path", media.toString());
            var added = Cluster.call(endpoint, "POST", "/api/v1/roots", root.toString());
            say("API node added the root " + added.path("path").asText(media.toString()));
            boolean finished = awaitWork(cluster, catalog, timeout, say);
            return summary(cluster, catalog, finished, say);
        }

        public Cluster cluster() {
            return cluster;
        }

        /** The shared catalog, opened in this process. */
        public Catalog catalog() {
            return catalog;
        }

        /** The folder {@link #addRootAndWait} adds. */
        public Path media() {
            return media;
        }

        public Cluster.Node api() {
            return api;
        }

        /** The worker nodes, in the order of {@link #WORKERS}. */
        public List<Cluster.Node> workers() {
            return List.copyOf(workers);
        }

        public Cluster.Endpoint endpoint() {
            return endpoint;
        }

        void say(String message) {
            say.accept(message);
        }

        /** Stops the nodes, PostgreSQL and (with this JVM) the S3 server. */
        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            try {
                catalog.close();
            } finally {
                cluster.close();
            }
        }
    }

    /** Where the catalog stands: assets, jobs by state. */
    private record State(long assets, Map<JobState, Long> jobs) {
        long pending() {
            return jobs.getOrDefault(JobState.QUEUED, 0L) + jobs.getOrDefault(JobState.RUNNING, 0L);
        }

        long total() {
            return jobs.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static State state(Catalog catalog) {
        return catalog.read(s -> new State(s.assets().count(new org.thatdam.model.AssetQuery(null, null, null, null, 1, 0)),
                new EnumMap<>(s.jobs().counts())));
    }

    /**
     * Polls the catalog until assets were catalogued and nothing is queued or running, with no change for
     * {@link #QUIET} (jobs enqueue follow-ups as they finish, a scan adds assets as it goes); false when a node
     * stopped or the time ran out.
     */
    private static boolean awaitWork(Cluster cluster, Catalog catalog, Duration timeout,
                                     java.util.function.Consumer<String> say) {
        long deadline = System.nanoTime() + timeout.toNanos();
        State last = null;
        long quietSince = System.nanoTime();
        long lastReport = 0;
        while (System.nanoTime() < deadline) {
            for (Cluster.Node n : cluster.nodes()) {
                if (!n.alive()) {
                    say.accept("node " + n.name() + " stopped (exit " + n.process().exitValue() + "):\n" + n.tail());
                    return false;
                }
            }
            State now = state(catalog);
            if (!now.equals(last)) {
                last = now;
                quietSince = System.nanoTime();
            }
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
                lastReport = System.nanoTime();
                say.accept(String.format(Locale.ROOT, "%d assets; jobs: %d queued, %d running, %d finished", now.assets(),
                        now.jobs().getOrDefault(JobState.QUEUED, 0L), now.jobs().getOrDefault(JobState.RUNNING, 0L),
                        now.total() - now.pending()));
            }
            if (now.assets() > 0 && now.total() > 0 && now.pending() == 0
                    && System.nanoTime() - quietSince >= QUIET.toNanos()) {
                return true;
            }
            Cluster.pause(250);
        }
        say.accept("the work did not finish within " + timeout.toSeconds() + " s");
        return false;
    }

    private static Summary summary(Cluster cluster, Catalog catalog, boolean finished, java.util.function.Consumer<String> say) {
        State st = state(catalog);
        Map<String, Long> byWorker = new TreeMap<>();
        List<String> names = cluster.nodes().stream().map(Cluster.Node::name).toList();
        for (JobState state : JobState.values()) {
            for (int offset = 0; ; offset += 500) {
                int from = offset;
                List<Job> page = catalog.read(s -> s.jobs().list(state, null, from, 500));
                for (Job j : page) {
                    if (j.workerId() != null) byWorker.merge(nodeOf(j.workerId(), names), 1L, Long::sum);
                }
                if (page.size() < 500) break;
            }
        }
        long withoutPoster = catalog.read(s -> {
            long[] n = {0};
            s.assets().forEach(a -> {
                if (s.derivatives().find(a.id(), "poster-small").isEmpty()) n[0]++;
            });
            return n[0];
        });
        long failed = st.jobs().getOrDefault(JobState.FAILED, 0L) + st.jobs().getOrDefault(JobState.CANCELLED, 0L);
        long objects = cluster.objects();
        Map<String, Long> states = new LinkedHashMap<>();
        st.jobs().forEach((k, v) -> states.put(k.id(), v));
        say.accept("jobs by state " + states + "; by node " + byWorker + "; assets without a poster: " + withoutPoster
                + "; objects in the bucket: " + objects);
        boolean ok = finished && st.pending() == 0 && failed == 0 && withoutPoster == 0 && st.assets() > 0;
        return new Summary(ok, st.assets(), byWorker, objects);
    }

    /** The node that ran a job: its worker id starts with the node's name (the longest that fits). */
    static String nodeOf(String workerId, List<String> nodes) {
        String best = null;
        for (String n : nodes) {
            if (workerId.startsWith(n) && (best == null || n.length() > best.length())) best = n;
        }
        return best == null ? workerId : best;
    }

    /** {@code n} short distinct clips (H.264/AAC mp4, 2 s, 320x180), an hour old so no scan waits for them to settle. */
    static void generateClips(Path dir, int n) throws IOException {
        generateClips(dir, n, 2, "320x180");
    }

    /** {@code n} distinct H.264/AAC mp4 clips of {@code seconds} at {@code size} (WxH), an hour old. */
    static void generateClips(Path dir, int n, int seconds, String size) throws IOException {
        Files.createDirectories(dir);
        FfmpegTools tools = FfmpegTools.bundled();
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve(String.format(Locale.ROOT, "clip-%02d.mp4", i + 1));
            Path tmp = dir.resolve(".partial-" + f.getFileName());
            List<String> args = FfmpegArgs.ffmpeg()
                    .add("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=25:duration=" + seconds,
                            "-f", "lavfi", "-i", "sine=frequency=" + (330 + 55 * i) + ":sample_rate=48000:duration=" + seconds,
                            "-map", "0:v", "-map", "1:a", "-vf", "hue=h=" + (37 * i),
                            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                            "-f", "mp4", "file:" + tmp.toAbsolutePath())
                    .list();
            var r = ToolRunner.run(tools.ffmpeg(), args, Duration.ofMinutes(1));
            if (!r.ok()) throw new IOException("cannot generate " + f.getFileName() + ": " + r.errorSummary());
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
            Files.setLastModifiedTime(f, old);
        }
    }
}
