package org.thatdam.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.thatdam.catalog.CatalogUrl;
import org.thatdam.catalog.testing.PostgresServer;
import org.thatdam.core.json.Json;
import org.thatdam.storage.objects.ObjectPage;
import org.thatdam.storage.objects.ObjectStore;
import org.thatdam.storage.testing.TestS3;

/**
 * Several `dam serve` nodes on loopback sharing one library, as on real machines: the catalog in a real
 * PostgreSQL (the binaries from Maven Central, {@link PostgresServer}), the library's own files in an S3
 * bucket (s3proxy with a filesystem backend, {@link TestS3}), each node a process of its own with its own
 * home. For {@code scripts/cluster-demo} and the bench; everything started here stops in {@link #close()}.
 *
 * <p>Nodes are started from the calling thread under {@code setpriv --pdeathsig TERM}: should this JVM die
 * without closing (kill -9), each node is told to stop as it would be by a Ctrl-C.
 */
public final class Cluster implements AutoCloseable {

    /** The database the nodes share on the cluster's PostgreSQL. */
    static final String DATABASE = "dam";
    /** Where in the bucket the nodes keep the library's files. */
    static final String PREFIX = "library";

    /** One `dam serve` process: its name (node.name), role, home and output files. */
    public record Node(String name, String role, Path home, Process process, Path out, Path err) {
        public boolean alive() {
            return process.isAlive();
        }

        /** The last lines of its output, to say why it stopped. */
        public String tail() {
            List<String> lines = new ArrayList<>();
            for (Path p : List.of(out, err)) {
                try {
                    lines.addAll(Files.readAllLines(p));
                } catch (IOException e) {
                    // nothing written yet
                }
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
    }

    /** The API node's address and the key its server.json gives a client of the same machine. */
    public record Endpoint(String url, String key) {}

    private final Path work;
    private final List<String> damCommand;
    private final Map<String, String> settings;
    private final Consumer<String> progress;
    private final PostgresServer postgres;
    private final CatalogUrl catalogUrl;
    private final TestS3.Bucket bucket;
    private final List<Node> nodes = new ArrayList<>();
    private boolean closed;

    private Cluster(Path work, List<String> damCommand, Map<String, String> settings, Consumer<String> progress,
                    PostgresServer postgres, CatalogUrl catalogUrl, TestS3.Bucket bucket) {
        this.work = work;
        this.damCommand = List.copyOf(damCommand);
        this.settings = Map.copyOf(settings);
        this.progress = progress;
        this.postgres = postgres;
        this.catalogUrl = catalogUrl;
        this.bucket = bucket;
    }

    /**
     * Starts PostgreSQL (data in {@code work/postgres}) with an empty database and an empty bucket on the S3
     * server. {@code damCommand} runs `dam` (e.g. {@code java -jar dam.jar}); {@code settings} are extra
     * environment variables for every node (e.g. {@code DAM_SEMANTIC_AUTO=false}).
     */
    static Cluster start(Path work, List<String> damCommand, Map<String, String> settings, Consumer<String> progress)
            throws IOException {
        Files.createDirectories(work);
        traversable(work);
        progress.accept("starting PostgreSQL");
        PostgresServer pg = PostgresServer.start(work.resolve("postgres"));
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            pg.close();
            throw new IOException("cannot create the database: " + e.getMessage(), e);
        }
        CatalogUrl url = CatalogUrl.parse("postgresql://127.0.0.1:" + pg.port() + "/" + DATABASE,
                Map.of("DAM_CATALOG_USER", "postgres"));
        progress.accept("PostgreSQL on 127.0.0.1:" + pg.port() + "; starting the S3 server");
        TestS3.Bucket bucket;
        try {
            bucket = TestS3.freshBucket();
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
        progress.accept("S3 server on " + bucket.endpoint() + ", bucket " + bucket.url().bucket());
        return new Cluster(work, damCommand, settings, progress, pg, url, bucket);
    }

    /**
     * Under root PostgreSQL runs as nobody, who must pass through every folder above its data (temporary
     * folders are private): those that are not passable get o+x, never read rights.
     */
    private static void traversable(Path dir) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) return;
        for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
            var perms = Files.getPosixFilePermissions(d);
            if (perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) Files.setPosixFilePermissions(d, perms);
        }
    }

    /** The shared catalog, as the nodes reach it (user from the environment they are given). */
    public CatalogUrl catalogUrl() {
        return catalogUrl;
    }

    /** The catalog.url the nodes are given (no user: that comes from DAM_CATALOG_USER). */
    public String catalogUrlText() {
        return "postgresql://127.0.0.1:" + postgres.port() + "/" + DATABASE;
    }

    /** {@code s3://bucket/library}, the nodes' storage.url. */
    public String storageUrl() {
        return "s3://" + bucket.url().bucket() + "/" + PREFIX;
    }

    String s3Endpoint() {
        return bucket.endpoint();
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * What a node is given: its home and name, the shared catalog and bucket with their credentials (from the
     * environment, as on real machines), and nothing of the caller's own DAM_, PG or AWS settings.
     */
    Map<String, String> environment(String name, Path home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DAM_HOME", home.toString());
        env.put("DAM_NODE_NAME", name);
        env.put("DAM_CATALOG_URL", catalogUrlText());
        env.put("DAM_CATALOG_USER", "postgres"); // trust authentication on loopback: no password
        env.put("DAM_STORAGE_URL", storageUrl());
        env.put("DAM_STORAGE_S3_ENDPOINT", bucket.endpoint());
        env.putAll(bucket.env()); // DAM_S3_ACCESS_KEY, DAM_S3_SECRET_KEY
        env.putAll(settings);
        return env;
    }

    /** Starts `dam serve --role ROLE` as node {@code name}, in its own home {@code work/NAME}. */
    public Node start(String name, String role) throws IOException {
        return start(name, work.resolve(name), Map.of(), List.of("serve", "--role", role, "--port", "0"));
    }

    /**
     * Starts `dam ARGS` as node {@code name} in {@code home}, with the cluster's environment and then
     * {@code env} (an empty value takes a setting back to its default, e.g. the SQLite catalog in the home).
     */
    synchronized Node start(String name, Path home, Map<String, String> env, List<String> args) throws IOException {
        if (closed) throw new IOException("the cluster is stopping");
        Files.createDirectories(home);
        String role = args.contains("--role") ? args.get(args.indexOf("--role") + 1) : "all";
        List<String> cmd = new ArrayList<>();
        if (hasSetpriv()) cmd.addAll(List.of("setpriv", "--pdeathsig", "TERM", "--"));
        cmd.addAll(damCommand);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("DAM_") || k.startsWith("PG") || k.startsWith("AWS_"));
        pb.environment().putAll(environment(name, home));
        pb.environment().putAll(env);
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        Node node = new Node(name, role, home, pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
        nodes.add(node);
        progress.accept("started " + role + " node " + name + " (pid " + node.process().pid() + ", home " + home + ")");
        return node;
    }

    /** Runs `dam ARGS` to its end with the cluster's environment and {@code env}; its output, or an error with it. */
    String run(Path home, Map<String, String> env, List<String> args, Duration max) throws IOException {
        List<String> cmd = new ArrayList<>(damCommand);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DAM_") || k.startsWith("PG") || k.startsWith("AWS_"));
        pb.environment().putAll(environment("command", home));
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "command-", ".out");
        Process p = pb.redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(max.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("dam " + String.join(" ", args) + " did not finish within " + max.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String text = Files.readString(out);
        if (p.exitValue() != 0) throw new IOException("dam " + String.join(" ", args) + " failed (exit " + p.exitValue() + "): " + text.strip());
        return text;
    }

    private static boolean hasSetpriv() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "setpriv"))) return true;
        }
        return false;
    }

    /** Waits for a node to say it runs (its first line on stdout). */
    public void awaitStarted(Node node, Duration max) throws IOException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.alive()) throw new IOException("node " + node.name() + " stopped at start:\n" + node.tail());
            if (Files.size(node.out()) > 0 && Files.readString(node.out()).contains("\n")) return;
            pause(100);
        }
        throw new IOException("node " + node.name() + " did not start within " + max.toSeconds() + " s:\n" + node.tail());
    }

    /** The address and local key an API node publishes in its home's server.json once it listens. */
    public Endpoint endpoint(Node api, Duration max) throws IOException {
        Path file = api.home().resolve("server.json");
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!api.alive()) throw new IOException("node " + api.name() + " stopped at start:\n" + api.tail());
            if (Files.isRegularFile(file)) {
                try {
                    JsonNode j = Json.mapper().readTree(file.toFile());
                    if (j.hasNonNull("url") && j.hasNonNull("localKey")) return new Endpoint(j.get("url").asText(), j.get("localKey").asText());
                } catch (IOException partial) {
                    // written atomically, but read while the server replaces a stale one: try again
                }
            }
            pause(100);
        }
        throw new IOException("node " + api.name() + " published no server.json within " + max.toSeconds() + " s:\n" + api.tail());
    }

    /** A JSON request to the API node as the local owner; the answer's body, or an error with its status. */
    public static JsonNode call(Endpoint api, String method, String path, String jsonBody) throws IOException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return call(http, api, method, path, jsonBody);
        }
    }

    /** {@link #call} on {@code http}, whose connections are kept open between calls (for timing requests). */
    static JsonNode call(HttpClient http, Endpoint api, String method, String path, String jsonBody) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + api.key()).header("Accept", "application/json");
        b = jsonBody == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) throw new IOException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
            return Json.mapper().readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Objects in the whole bucket, counted page by page through the S3 API. */
    public long objects() {
        long n = 0;
        try (ObjectStore store = bucket.open()) {
            String after = null;
            do {
                ObjectPage page = store.list("", after, 1000);
                n += page.items().size();
                after = page.next();
            } while (after != null);
        }
        return n;
    }

    /** Stops a node as Ctrl-C would (its jobs are released, its ffmpeg stopped); killed after 30 s. */
    static void stop(Node node) {
        node.process().destroy();
    }

    /** Stops every node (all told at once, then each awaited), then PostgreSQL; the S3 server stops with this JVM. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (Node n : nodes) stop(n);
        for (Node n : nodes) {
            try {
                if (!n.process().waitFor(30, TimeUnit.SECONDS)) {
                    progress.accept("node " + n.name() + " did not stop within 30 s: killing it");
                    n.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                n.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        postgres.close();
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms); // polling other processes: nothing to wait on but their files and answers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
