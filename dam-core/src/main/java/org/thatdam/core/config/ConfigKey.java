package org.thatdam.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.thatdam.core.jobs.JobKind;

/**
 * Every setting the program reads, with its default and what it means. One list, so `dam config`
 * shows them all. Most are written out here; each job kind's {@code jobs.<id>} (how many run at
 * once) is made from the kind, so a new kind gets its setting without an entry here.
 */
public final class ConfigKey {
    /** The written-out settings in the order they are declared (first, so that each one below can join it). */
    private static final List<ConfigKey> WRITTEN = new ArrayList<>();

    public static final ConfigKey HOME = written("home", "~/.dam", "where the catalog, index, derivatives and logs live (not settable in dam.toml)");
    public static final ConfigKey SERVER_HOST = written("server.host", "127.0.0.1", "address the HTTP server binds to; 0.0.0.0 exposes it to the network");
    public static final ConfigKey SERVER_PORT = written("server.port", "8080", "HTTP port");
    public static final ConfigKey SERVER_ORIGINALS = written("server.serve-originals", "false", "allow downloading original files over HTTP (GET /api/v1/assets/{id}/original)");
    public static final ConfigKey SERVER_MAX_CONNECTIONS = written("server.max-connections", "512", "open connections (HTTP and WebSocket) the server keeps at most; more are refused");
    public static final ConfigKey SERVER_MAX_CONNECTIONS_PER_ADDRESS = written("server.max-connections-per-address", "64", "open connections one client address may hold; a new one beyond it replaces that address's longest-idle connection (behind a reverse proxy, raise it to server.max-connections)");
    public static final ConfigKey SERVER_ALLOWED_HOSTS = written("server.allowed-hosts", "", "host names (comma-separated) the server answers to besides loopback names, IP addresses and server.host: the names users type to reach it; any other Host header is refused (DNS rebinding)");
    public static final ConfigKey SERVER_TRUSTED_PROXIES = written("server.trusted-proxies", "", "addresses or CIDR ranges (comma-separated) of reverse proxies in front of the server: only a request from one of them has its X-Forwarded-For/-Proto/-Host headers believed (client address, HTTPS, host name; RFC 7239 Forwarded never is)");
    public static final ConfigKey SERVER_TLS_CERTIFICATE = written("server.tls.certificate", "", "a PEM certificate file (the chain, server first): with server.tls.key the server speaks HTTPS on server.port");
    public static final ConfigKey SERVER_TLS_KEY = written("server.tls.key", "", "the PEM private key file (PKCS#8 or PKCS#1/SEC1, unencrypted) of server.tls.certificate");
    public static final ConfigKey SCAN_WORKERS = written("scan.workers", "0", "files hashed and probed in parallel; 0 = number of CPU cores");
    public static final ConfigKey SCAN_SETTLE_SECONDS = written("scan.settle-seconds", "3", "a file modified more recently than this is still being written: catalogued once it has not changed for this long");
    public static final ConfigKey PROBE_TIMEOUT_SECONDS = written("probe.timeout-seconds", "60", "longest time reading one file's technical metadata may take before the file is marked failed");
    public static final ConfigKey MEDIA_WORKERS = written("media.workers", "auto", "media worker processes that read and decode files in-process (libav*), so a file costs no process start; a decoder crash or hang on a damaged file stops only its worker, which is replaced; auto = one per CPU core, 0 = run ffprobe/ffmpeg per file instead");
    public static final ConfigKey FFMPEG_PATH = written("ffmpeg.path", "", "an ffmpeg executable to use instead of the bundled one");
    public static final ConfigKey FFPROBE_PATH = written("ffprobe.path", "", "an ffprobe executable to use instead of the bundled one");
    public static final ConfigKey SERVE_SCAN_ON_START = written("serve.scan-on-start", "true", "scan the library roots when the server starts");
    public static final ConfigKey WATCH_ENABLED = written("watch.enabled", "true", "while serving, watch the library roots and catalogue changes within seconds");
    public static final ConfigKey WATCH_RESCAN_MINUTES = written("watch.rescan-minutes", "15", "while serving, rescan every root this often (catches what watching misses, e.g. network mounts); 0 = never");
    public static final ConfigKey JOBS_STALE_SECONDS = written("jobs.stale-seconds", "30", "a running job whose worker has not reported for this long is requeued, or failed once its attempts are used up");
    public static final ConfigKey JOBS_KEEP_DAYS = written("jobs.keep-days", "7", "finished jobs (done, skipped, cancelled) older than this are deleted (when the server starts, then daily); failed ones stay until retried or cleared");
    public static final ConfigKey CONSOLE_MAX_SECONDS = written("console.max-seconds", "1800", "longest time one ffmpeg console run may take before it is stopped");
    public static final ConfigKey CONSOLE_MAX_OUTPUT_MB = written("console.max-output-mb", "2048", "most output one ffmpeg console run may write (MiB on disk) before it is stopped");
    public static final ConfigKey CONSOLE_MAX_OUTPUT_FILES = written("console.max-output-files", "1000", "most files one ffmpeg console run may write before it is stopped");
    public static final ConfigKey CONSOLE_MAX_MEMORY_MB = written("console.max-memory-mb", "1024", "most memory (resident, MiB) one ffmpeg console run may use before it is stopped");
    public static final ConfigKey STORAGE_MIN_FREE_MB = written("storage.min-free-mb", "1024", "free space (MiB) the library's disk must keep: below it no new poster, sprite, proxy or processing work starts until space returns; 0 = only a full disk pauses it");
    public static final ConfigKey PROXY_ENCODER = written("proxy.encoder", "auto", "H.264 encoder for proxies: auto (first working hardware encoder, else libx264) or a name");
    public static final ConfigKey AUTH_SESSION_IDLE_MINUTES = written("auth.session-idle-minutes", "720", "a login session unused for this long ends (the user logs in again)");
    public static final ConfigKey AUTH_SESSION_MAX_DAYS = written("auth.session-max-days", "30", "a login session ends this long after login, however much it is used");
    public static final ConfigKey AUDIT_KEEP_DAYS = written("audit.keep-days", "400", "audit log entries older than this are deleted (when the server starts, then daily)");
    public static final ConfigKey MAP_TILE_URL = written("map.tile-url", "", "a map tile server, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png: maps in the dashboard show its tiles (browsers fetch them from there); empty = maps are drawn by the dashboard alone and nothing is fetched");
    public static final ConfigKey MAP_TILE_ATTRIBUTION = written("map.tile-attribution", "", "the credit the tile server asks for, shown on every map with its tiles, e.g. \u00a9 OpenStreetMap contributors");
    public static final ConfigKey UPLOADS_ROOT = written("uploads.root", "", "where finished uploads go (a dated folder per day inside it), made a library root on first use; empty = <home>/library/uploads");
    public static final ConfigKey UPLOADS_MAX_FILE_MB = written("uploads.max-file-mb", "102400", "largest single upload (MiB); a larger one is refused with 413");
    public static final ConfigKey UPLOADS_MAX_TOTAL_MB = written("uploads.max-total-mb", "204800", "most space (MiB) all unfinished uploads together may take in the staging folder; beyond it new uploads are refused with 413");
    public static final ConfigKey UPLOADS_EXPIRE_HOURS = written("uploads.expire-hours", "24", "an unfinished upload not continued for this long is deleted from staging");
    public static final ConfigKey UPLOADS_DUPLICATES = written("uploads.duplicates", "discard", "an upload whose content is already in the library: discard (reported as a duplicate of that asset, the upload deleted) or keep (kept as another location of that asset)");
    public static final ConfigKey IMPORTS_SOURCES = written("imports.sources", "/media,/run/media,/mnt,/Volumes", "folders (comma-separated) non-admin users may import from through the API or dashboard, besides folders inside library roots; admins and the command line import from anywhere but the library's own data");
    public static final ConfigKey BACKUP_DIR = written("backup.dir", "", "where the server's scheduled backups go; empty = no scheduled backup");
    public static final ConfigKey BACKUP_TIME = written("backup.time", "03:00", "the time of day (HH:MM, this machine's time zone) the scheduled backup runs");
    public static final ConfigKey BACKUP_KEEP = written("backup.keep", "7", "scheduled backups kept in backup.dir; older ones are deleted after a successful backup");
    public static final ConfigKey BACKUP_DERIVATIVES = written("backup.derivatives", "true", "scheduled backups include the derivatives (posters, sprites, proxies), copied incrementally");
    public static final ConfigKey CATALOG_URL = written("catalog.url", "", "where the catalog is: empty = sqlite:<home>/catalog.db (embedded); postgresql://HOST[:PORT]/DATABASE for a catalog shared by several nodes, with the user and password in DAM_CATALOG_USER and DAM_CATALOG_PASSWORD (never in the URL)");
    public static final ConfigKey STORAGE_URL = written("storage.url", "", "where derivatives, uploads, processing outputs and backups are kept: empty = the local disk under the home; s3://BUCKET/PREFIX for any S3-compatible object store, with the keys in DAM_S3_ACCESS_KEY and DAM_S3_SECRET_KEY");
    public static final ConfigKey STORAGE_S3_ENDPOINT = written("storage.s3.endpoint", "", "the S3 server's address for an S3-compatible store other than AWS, e.g. http://127.0.0.1:9000 (path-style requests then); empty = AWS");
    public static final ConfigKey STORAGE_S3_REGION = written("storage.s3.region", "us-east-1", "the S3 region of the bucket");
    public static final ConfigKey STORAGE_SERVE = written("storage.serve", "proxy", "how browsers get stored objects: proxy (the API streams them, with Range) or presigned (a redirect to a presigned URL valid 15 minutes; the object store must be reachable by the browser)");
    public static final ConfigKey SERVER_ROLE = written("server.role", "all", "what `dam serve` runs on this node: all (HTTP API and jobs), api (HTTP API only; keeps its search index current from the catalog) or worker (jobs only, no HTTP)");
    public static final ConfigKey NODE_NAME = written("node.name", "", "how this node names itself as the worker of the jobs it runs; empty = <host name>-<process id>");
    public static final ConfigKey XMP_WRITE_SIDECARS = written("xmp.write-sidecars", "false", "write title, description, tags, rating and colour label edits to an XMP sidecar next to the original, merged with what other tools wrote there; the original itself is never written");
    public static final ConfigKey SEMANTIC_AUTO = written("semantic.auto", "true", "analyse every new video for the semantic layer (scenes, beats and keyframes) in the background, after its poster, sprites and proxy, and what earlier versions lack when the job engine starts; false = only when asked (dam scenes --analyse, dam bulk --regenerate scenes,embed,fingerprint, the asset page)");
    public static final ConfigKey SEMANTIC_VISUAL_MODEL = written("semantic.visual-model", "", "a folder with a CLIP-style model exported to ONNX (image.onnx, text.onnx, tokenizer.json): keyframes are embedded with it so text queries match what is seen; empty = no visual search");
    public static final ConfigKey CAPTURE_ROOT = written("capture.root", "", "where finished recordings go (a dated folder per day inside it), made a library root on first use; empty = <home>/library/captures");
    public static final ConfigKey CAPTURE_TEST_SOURCES = written("capture.test-sources", "1", "built-in test pattern sources (colour bars, moving pattern, burnt-in clock, tone) offered beside the cameras, ids test-1 … test-N; 0 = none");
    public static final ConfigKey CAPTURE_ENCODER = written("capture.encoder", "auto", "the H.264 encoder of recordings: auto (the first hardware encoder found working at start: h264_vaapi, h264_nvenc, h264_qsv, h264_v4l2m2m; else libx264) or one of those names");
    public static final ConfigKey CAPTURE_QUALITY = written("capture.quality", "20", "recording quality when capture.bitrate-kbps is 0: 0 (best, largest) to 51 (worst), as x264's CRF");
    public static final ConfigKey CAPTURE_BITRATE_KBPS = written("capture.bitrate-kbps", "0", "recording video bitrate in kbit/s; 0 = constant quality (capture.quality)");
    public static final ConfigKey CAPTURE_KEYFRAME_SECONDS = written("capture.keyframe-seconds", "1", "seconds between keyframes of recordings (also how much a crash can lose at most)");
    public static final ConfigKey CAPTURE_PRESET = written("capture.preset", "veryfast", "x264 speed preset of recordings (ultrafast … veryslow): slower is smaller for the same quality and costs more CPU");
    public static final ConfigKey CAPTURE_PREVIEW_WIDTH = written("capture.preview-width", "640", "width in pixels of the live preview pictures (the height follows the source's shape)");
    public static final ConfigKey CAPTURE_PREVIEW_FPS = written("capture.preview-fps", "15", "pictures per second of the live preview, at most the source's rate");
    public static final ConfigKey CAPTURE_MIN_FREE_MB = written("capture.min-free-mb", "2048", "recordings are refused below, and stopped cleanly before reaching, this much free space (MiB) on the disk they are written to");
    public static final ConfigKey CAPTURE_IDLE_SECONDS = written("capture.idle-seconds", "30", "a source nobody watches or records is closed after this many seconds (its device is released)");


    /** {@code jobs.<id>}: one per job kind, key, default and wording from the kind. */
    private static final Map<JobKind, ConfigKey> CONCURRENCY = new EnumMap<>(JobKind.class);

    static {
        for (JobKind kind : JobKind.values()) {
            CONCURRENCY.put(kind, new ConfigKey("jobs." + kind.id(), Integer.toString(kind.defaultConcurrency()),
                    kind.id() + " jobs run at once"));
        }
    }

    /** In the order `dam config` shows them: the job kinds' settings where they always stood, before jobs.stale-seconds. */
    public static final List<ConfigKey> ALL = all();

    private final String key;
    private final String defaultValue;
    private final String description;

    private ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    private static ConfigKey written(String key, String defaultValue, String description) {
        ConfigKey k = new ConfigKey(key, defaultValue, description);
        WRITTEN.add(k);
        return k;
    }

    private static List<ConfigKey> all() {
        List<ConfigKey> all = new ArrayList<>();
        for (ConfigKey k : WRITTEN) {
            if (k == JOBS_STALE_SECONDS) all.addAll(CONCURRENCY.values());
            all.add(k);
        }
        return Collections.unmodifiableList(all);
    }

    /** The setting of how many jobs of {@code kind} run at once. */
    public static ConfigKey concurrency(JobKind kind) {
        return CONCURRENCY.get(kind);
    }

    public String key() { return key; }
    public String defaultValue() { return defaultValue; }
    public String description() { return description; }

    /** {@code server.port} is {@code DAM_SERVER_PORT} in the environment. */
    public String envName() {
        return "DAM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public String toString() {
        return key;
    }

    public static ConfigKey byKey(String key) {
        for (ConfigKey k : ALL) {
            if (k.key.equals(key)) return k;
        }
        return null;
    }
}
