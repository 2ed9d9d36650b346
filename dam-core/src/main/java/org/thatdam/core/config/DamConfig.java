package org.thatdam.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration, typed. Built by {@link ConfigLoader} from defaults &lt; dam.toml &lt;
 * environment (DAM_*) &lt; command-line flags; {@link #sources} remembers where each value came from.
 *
 * <p>{@code mediaWorkers}: media worker processes (0: none, every file through a child ffprobe/ffmpeg).
 */
public record DamConfig(
        Path home,
        String serverHost,
        int serverPort,
        boolean serveOriginals,
        int scanWorkers,
        Duration scanSettle,
        Duration probeTimeout,
        Optional<Path> ffmpegPath,
        Optional<Path> ffprobePath,
        int mediaWorkers,
        boolean scanOnServe,
        Jobs jobs,
        String proxyEncoder,
        Console console,
        Watch watch,
        Storage storage,
        Connections connections,
        Auth auth,
        Uploads uploads,
        Backup backup,
        Xmp xmp,
        Semantic semantic,
        Capture capture,
        Node node,
        Map<ConfigKey, Setting> sources) {

    /**
     * How long a login session lives: without use ({@code idle}) and at most ({@code maxAge}); how
     * long audit log entries are kept ({@code auditKeep}).
     */
    public record Auth(Duration sessionIdle, Duration sessionMaxAge, Duration auditKeep) {}

    /** Open connections the HTTP server keeps at most, in total and per client address. */
    public record Connections(int max, int perAddress) {}

    /** Following the disk while serving: watch the roots, and rescan them every {@code rescan} (zero: never). */
    public record Watch(boolean enabled, Duration rescan) {}

    /** Concurrency per job kind and the heartbeat timeout after which a running job is requeued. */
    /**
     * How many jobs of each kind run at once (every kind present), when a silent running job is
     * requeued, and how long finished (done, skipped, cancelled) jobs are kept.
     */
    public record Jobs(java.util.Map<org.thatdam.core.jobs.JobKind, Integer> concurrency, Duration stale, Duration keep) {
        public Jobs {
            concurrency = java.util.Map.copyOf(concurrency);
        }
    }

    /** Limits of one ffmpeg console run: time, output on disk, output files, resident memory. */
    public record Console(Duration maxTime, long maxOutputBytes, int maxOutputFiles, long maxMemoryBytes) {}

    /**
     * The free space the library's disk keeps (new derivative and processing work waits below it), and where the
     * library's own files are kept: {@code url} empty = the local disk under the home, else {@code s3://bucket/prefix}
     * on the S3 server at {@code s3Endpoint} (empty = AWS) in {@code s3Region}; {@code serve} says how browsers get them.
     */
    public record Storage(long minFreeBytes, String url, String s3Endpoint, String s3Region, ServeMode serve) {
        public boolean local() {
            return url.isBlank();
        }
    }

    /** How browsers get stored objects: streamed by the API, or redirected to a presigned URL of the object store. */
    public enum ServeMode { PROXY, PRESIGNED }

    /**
     * This node: the catalog it shares ({@code catalog}; SQLite in the home by default), what {@code dam serve} runs
     * here ({@code role}) and the name it gives itself as the worker of jobs ({@code name}).
     */
    public record Node(org.thatdam.catalog.CatalogUrl catalog, Role role, String name) {}

    /** What `dam serve` runs: the HTTP API, the jobs, or both. */
    public enum Role {
        ALL, API, WORKER;

        public boolean servesHttp() { return this != WORKER; }
        public boolean runsJobs() { return this != API; }
        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** What an upload does with content the library already has. */
    public enum DuplicatePolicy { DISCARD, KEEP }

    /**
     * Uploads: where finished ones go ({@code root}, empty = {@code <home>/library/uploads}), the size
     * limits (one upload, all unfinished ones together), when an unfinished one expires, and what a
     * duplicate does.
     */
    public record Uploads(Optional<Path> root, long maxFileBytes, long maxTotalBytes, Duration expireAfter,
                          DuplicatePolicy duplicates) {}

    /**
     * The server's scheduled backup: where ({@code dir}, empty = none), at what local time each day,
     * how many are kept, and whether derivatives are included.
     */
    public record Backup(Optional<Path> dir, java.time.LocalTime time, int keep, boolean derivatives) {}

    /** XMP: whether edits are written to a sidecar next to the original (never into it). */
    public record Xmp(boolean writeSidecars) {}

    /**
     * The semantic layer: whether new videos are analysed (scenes, …) without being asked, and the folder of the
     * CLIP-style visual model (empty = no visual embeddings).
     */
    public record Semantic(boolean auto, Optional<Path> visualModel) {}

    /**
     * Live capture: where finished takes go ({@code root}, empty = {@code <home>/library/captures}), how many built-in
     * test sources are offered, how recordings are encoded, the preview's size and rate, the free space kept on
     * the recording disk, and how long an unwatched source stays open.
     */
    public record Capture(Optional<Path> root, int testSources, String encoder, int quality, int bitrateKbps,
                          double keyframeSeconds, String preset, int previewWidth, int previewFps, long minFreeBytes,
                          Duration idle) {}

    /** A value and the place it came from ("default", a file path, "env DAM_…", "flag --…"). */
    public record Setting(String value, String source) {}

    public DamConfig withServer(String host, int port) {
        return new DamConfig(home, host, port, serveOriginals, scanWorkers, scanSettle, probeTimeout, ffmpegPath, ffprobePath,
                mediaWorkers, scanOnServe, jobs, proxyEncoder, console, watch, storage, connections, auth, uploads, backup, xmp, semantic,
                capture, node, sources);
    }

    /** This configuration with {@code role} for this node (`dam serve --role`). */
    public DamConfig withRole(Role role) {
        return new DamConfig(home, serverHost, serverPort, serveOriginals, scanWorkers, scanSettle, probeTimeout, ffmpegPath, ffprobePath,
                mediaWorkers, scanOnServe, jobs, proxyEncoder, console, watch, storage, connections, auth, uploads, backup, xmp, semantic,
                capture, new Node(node.catalog(), role, node.name()), sources);
    }
}
