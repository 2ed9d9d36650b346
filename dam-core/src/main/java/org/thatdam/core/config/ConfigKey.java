package org.thatdam.core.config;

import java.util.List;
import java.util.Locale;
import org.thatdam.core.jobs.JobKind;

/** Every setting the program reads, with its default and what it means. One list, so `dam config` shows them all. */
public enum ConfigKey {
    HOME("home", "~/.dam", "where the catalog, index, derivatives and logs live (not settable in dam.toml)"),
    SERVER_HOST("server.host", "127.0.0.1", "address the HTTP server binds to; 0.0.0.0 exposes it to the network"),
    SERVER_PORT("server.port", "8080", "HTTP port"),
    SERVER_ORIGINALS("server.serve-originals", "false", "allow downloading original files over HTTP (GET /api/v1/assets/{id}/original)"),
    SERVER_MAX_CONNECTIONS("server.max-connections", "512", "open connections (HTTP and WebSocket) the server keeps at most; more are refused"),
    SERVER_MAX_CONNECTIONS_PER_ADDRESS("server.max-connections-per-address", "64", "open connections one client address may hold; a new one beyond it replaces that address's longest-idle connection (behind a reverse proxy, raise it to server.max-connections)"),
    SCAN_WORKERS("scan.workers", "0", "files hashed and probed in parallel; 0 = number of CPU cores"),
    SCAN_SETTLE_SECONDS("scan.settle-seconds", "3", "a file modified more recently than this is still being written: catalogued once it has not changed for this long"),
    PROBE_TIMEOUT_SECONDS("probe.timeout-seconds", "60", "longest time one ffprobe run may take before the file is marked failed"),
    FFMPEG_PATH("ffmpeg.path", "", "an ffmpeg executable to use instead of the bundled one"),
    FFPROBE_PATH("ffprobe.path", "", "an ffprobe executable to use instead of the bundled one"),
    SERVE_SCAN_ON_START("serve.scan-on-start", "true", "scan the library roots when the server starts"),
    WATCH_ENABLED("watch.enabled", "true", "while serving, watch the library roots and catalogue changes within seconds"),
    WATCH_RESCAN_MINUTES("watch.rescan-minutes", "15", "while serving, rescan every root this often (catches what watching misses, e.g. network mounts); 0 = never"),
    // One per job kind: key, default and wording come from the kind.
    JOBS_POSTER(JobKind.POSTER),
    JOBS_SPRITE(JobKind.SPRITE),
    JOBS_PROXY(JobKind.PROXY),
    JOBS_FULL_HASH(JobKind.FULL_HASH),
    JOBS_MOTION(JobKind.MOTION),
    JOBS_TRIM_IDLE(JobKind.IDLE_TRIM),
    JOBS_FFMPEG(JobKind.FFMPEG),
    JOBS_STALE_SECONDS("jobs.stale-seconds", "30", "a running job whose worker has not reported for this long is requeued"),
    CONSOLE_MAX_SECONDS("console.max-seconds", "1800", "longest time one ffmpeg console run may take before it is stopped"),
    CONSOLE_MAX_OUTPUT_MB("console.max-output-mb", "2048", "most output one ffmpeg console run may write (MiB on disk) before it is stopped"),
    CONSOLE_MAX_OUTPUT_FILES("console.max-output-files", "1000", "most files one ffmpeg console run may write before it is stopped"),
    CONSOLE_MAX_MEMORY_MB("console.max-memory-mb", "1024", "most memory (resident, MiB) one ffmpeg console run may use before it is stopped"),
    STORAGE_MIN_FREE_MB("storage.min-free-mb", "1024", "free space (MiB) the library's disk must keep: below it no new poster, sprite, proxy or processing work starts until space returns; 0 = only a full disk pauses it"),
    PROXY_ENCODER("proxy.encoder", "auto", "H.264 encoder for proxies: auto (first working hardware encoder, else libx264) or a name");

    public static final List<ConfigKey> ALL = List.of(values());

    private final String key;
    private final String defaultValue;
    private final String description;
    private final JobKind jobKind;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.jobKind = null;
    }

    /** How many jobs of {@code kind} run at once: {@code jobs.<id>}. */
    ConfigKey(JobKind kind) {
        this.key = "jobs." + kind.id();
        this.defaultValue = Integer.toString(kind.defaultConcurrency());
        this.description = kind.id() + " jobs run at once";
        this.jobKind = kind;
    }

    /** The setting of how many jobs of {@code kind} run at once. */
    public static ConfigKey concurrency(JobKind kind) {
        for (ConfigKey k : values()) {
            if (k.jobKind == kind) return k;
        }
        throw new IllegalStateException("no concurrency setting for job kind '" + kind.id() + "'");
    }

    public String key() { return key; }
    public String defaultValue() { return defaultValue; }
    public String description() { return description; }

    /** {@code server.port} is {@code DAM_SERVER_PORT} in the environment. */
    public String envName() {
        return "DAM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static ConfigKey byKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) return k;
        }
        return null;
    }
}
