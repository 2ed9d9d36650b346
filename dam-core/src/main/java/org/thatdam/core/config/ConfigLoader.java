package org.thatdam.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.thatdam.core.jobs.JobKind;

/**
 * Layers the configuration: defaults &lt; {@code dam.toml} (in the home directory, or the file given
 * with --config) &lt; environment variables {@code DAM_*} &lt; command-line flags.
 */
public final class ConfigLoader {

    public static final String FILE_NAME = "dam.toml";

    private ConfigLoader() {}

    /**
     * @param env        the process environment (a parameter so tests can pass their own)
     * @param configFile an explicit config file, or null for {@code <home>/dam.toml} when it exists
     * @param flags      values given on the command line, by key
     */
    public static DamConfig load(Map<String, String> env, Path configFile, Map<ConfigKey, String> flags) {
        Map<ConfigKey, DamConfig.Setting> s = new LinkedHashMap<>();
        for (ConfigKey k : ConfigKey.ALL) {
            s.put(k, new DamConfig.Setting(k.defaultValue(), "default"));
        }
        // home first: the config file lives in it
        applyEnvAndFlag(s, ConfigKey.HOME, env, flags);
        Path home = expandHome(s.get(ConfigKey.HOME).value(), env);

        Path file = configFile != null ? configFile : home.resolve(FILE_NAME);
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new ConfigException("config file not found: " + configFile);
        }
        if (Files.isRegularFile(file)) {
            readFile(file, s);
        }
        for (ConfigKey k : ConfigKey.ALL) {
            if (k != ConfigKey.HOME) {
                applyEnvAndFlag(s, k, env, flags);
            }
        }
        return build(home, s);
    }

    private static void applyEnvAndFlag(Map<ConfigKey, DamConfig.Setting> s, ConfigKey k,
                                        Map<String, String> env, Map<ConfigKey, String> flags) {
        String e = env.get(k.envName());
        if (e != null && !e.isBlank()) {
            s.put(k, new DamConfig.Setting(e.strip(), "env " + k.envName()));
        }
        String f = flags.get(k);
        if (f != null) {
            s.put(k, new DamConfig.Setting(f, "command line"));
        }
    }

    private static void readFile(Path file, Map<ConfigKey, DamConfig.Setting> s) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        flatten("", root, file, s);
    }

    private static void flatten(String prefix, JsonNode node, Path file, Map<ConfigKey, DamConfig.Setting> s) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                flatten(key, e.getValue(), file, s);
                continue;
            }
            ConfigKey k = ConfigKey.byKey(key);
            if (k == null) {
                throw new ConfigException(file + ": unknown setting '" + key + "' (see `dam config` for the list)");
            }
            if (k == ConfigKey.HOME) {
                throw new ConfigException(file + ": 'home' cannot be set inside the home directory's own config file;"
                        + " use DAM_HOME or --home");
            }
            s.put(k, new DamConfig.Setting(e.getValue().asText(), file.toString()));
        }
    }

    /** How many jobs of each kind run at once, from {@code jobs.<kind>}. */
    private static Map<JobKind, Integer> concurrency(Map<ConfigKey, DamConfig.Setting> s) {
        Map<JobKind, Integer> out = new EnumMap<>(JobKind.class);
        for (JobKind k : JobKind.values()) out.put(k, intValue(s, ConfigKey.concurrency(k), 1, 64));
        return out;
    }

    private static DamConfig build(Path home, Map<ConfigKey, DamConfig.Setting> s) {
        int workers = intValue(s, ConfigKey.SCAN_WORKERS, 0, 256);
        return new DamConfig(
                home,
                s.get(ConfigKey.SERVER_HOST).value(),
                intValue(s, ConfigKey.SERVER_PORT, 0, 65535),
                boolValue(s, ConfigKey.SERVER_ORIGINALS),
                workers == 0 ? Runtime.getRuntime().availableProcessors() : workers,
                Duration.ofSeconds(intValue(s, ConfigKey.SCAN_SETTLE_SECONDS, 0, 3600)),
                Duration.ofSeconds(intValue(s, ConfigKey.PROBE_TIMEOUT_SECONDS, 1, 3600)),
                optionalPath(s, ConfigKey.FFMPEG_PATH),
                optionalPath(s, ConfigKey.FFPROBE_PATH),
                mediaWorkers(s),
                boolValue(s, ConfigKey.SERVE_SCAN_ON_START),
                new DamConfig.Jobs(concurrency(s),
                        Duration.ofSeconds(intValue(s, ConfigKey.JOBS_STALE_SECONDS, 2, 86_400)),
                        Duration.ofDays(intValue(s, ConfigKey.JOBS_KEEP_DAYS, 1, 36_500))),
                s.get(ConfigKey.PROXY_ENCODER).value().strip(),
                new DamConfig.Console(Duration.ofSeconds(intValue(s, ConfigKey.CONSOLE_MAX_SECONDS, 1, 86_400)),
                        intValue(s, ConfigKey.CONSOLE_MAX_OUTPUT_MB, 1, 1_048_576) * 1024L * 1024L,
                        intValue(s, ConfigKey.CONSOLE_MAX_OUTPUT_FILES, 1, 1_000_000),
                        intValue(s, ConfigKey.CONSOLE_MAX_MEMORY_MB, 16, 1_048_576) * 1024L * 1024L),
                new DamConfig.Watch(boolValue(s, ConfigKey.WATCH_ENABLED),
                        Duration.ofMinutes(intValue(s, ConfigKey.WATCH_RESCAN_MINUTES, 0, 7 * 24 * 60))),
                new DamConfig.Storage(intValue(s, ConfigKey.STORAGE_MIN_FREE_MB, 0, 1_048_576) * 1024L * 1024L,
                        s.get(ConfigKey.STORAGE_URL).value().strip(), s.get(ConfigKey.STORAGE_S3_ENDPOINT).value().strip(),
                        s.get(ConfigKey.STORAGE_S3_REGION).value().strip(), enumValue(s, ConfigKey.STORAGE_SERVE, DamConfig.ServeMode.class)),
                new DamConfig.Connections(intValue(s, ConfigKey.SERVER_MAX_CONNECTIONS, 8, 1_000_000),
                        intValue(s, ConfigKey.SERVER_MAX_CONNECTIONS_PER_ADDRESS, 4, 1_000_000)),
                new DamConfig.Auth(Duration.ofMinutes(intValue(s, ConfigKey.AUTH_SESSION_IDLE_MINUTES, 1, 525_600)),
                        Duration.ofDays(intValue(s, ConfigKey.AUTH_SESSION_MAX_DAYS, 1, 3650)),
                        Duration.ofDays(intValue(s, ConfigKey.AUDIT_KEEP_DAYS, 1, 36_500))),
                new DamConfig.Uploads(optionalFolder(s, ConfigKey.UPLOADS_ROOT),
                        intValue(s, ConfigKey.UPLOADS_MAX_FILE_MB, 1, Integer.MAX_VALUE) * 1024L * 1024L,
                        intValue(s, ConfigKey.UPLOADS_MAX_TOTAL_MB, 1, Integer.MAX_VALUE) * 1024L * 1024L,
                        Duration.ofHours(intValue(s, ConfigKey.UPLOADS_EXPIRE_HOURS, 1, 24 * 365)),
                        enumValue(s, ConfigKey.UPLOADS_DUPLICATES, DamConfig.DuplicatePolicy.class)),
                new DamConfig.Backup(optionalFolder(s, ConfigKey.BACKUP_DIR), timeValue(s, ConfigKey.BACKUP_TIME),
                        intValue(s, ConfigKey.BACKUP_KEEP, 1, 10_000), boolValue(s, ConfigKey.BACKUP_DERIVATIVES)),
                new DamConfig.Xmp(boolValue(s, ConfigKey.XMP_WRITE_SIDECARS)),
                new DamConfig.Semantic(boolValue(s, ConfigKey.SEMANTIC_AUTO), optionalFolder(s, ConfigKey.SEMANTIC_VISUAL_MODEL)),
                new DamConfig.Capture(optionalFolder(s, ConfigKey.CAPTURE_ROOT), intValue(s, ConfigKey.CAPTURE_TEST_SOURCES, 0, 16),
                        captureEncoder(s), intValue(s, ConfigKey.CAPTURE_QUALITY, 0, 51),
                        intValue(s, ConfigKey.CAPTURE_BITRATE_KBPS, 0, 1_000_000), intValue(s, ConfigKey.CAPTURE_KEYFRAME_SECONDS, 1, 60),
                        capturePreset(s), intValue(s, ConfigKey.CAPTURE_PREVIEW_WIDTH, 64, 3840),
                        intValue(s, ConfigKey.CAPTURE_PREVIEW_FPS, 1, 60), intValue(s, ConfigKey.CAPTURE_MIN_FREE_MB, 0, 1_048_576) * 1024L * 1024L,
                        Duration.ofSeconds(intValue(s, ConfigKey.CAPTURE_IDLE_SECONDS, 1, 86_400))),
                new DamConfig.Node(catalogUrl(home, s), enumValue(s, ConfigKey.SERVER_ROLE, DamConfig.Role.class), nodeName(s)),
                Map.copyOf(s));
    }

    private static final java.util.List<String> CAPTURE_ENCODERS =
            java.util.List.of("auto", "libx264", "h264_vaapi", "h264_nvenc", "h264_qsv", "h264_v4l2m2m");
    private static final java.util.List<String> X264_PRESETS = java.util.List.of("ultrafast", "superfast", "veryfast",
            "faster", "fast", "medium", "slow", "slower", "veryslow");

    private static String captureEncoder(Map<ConfigKey, DamConfig.Setting> s) {
        return oneOf(s, ConfigKey.CAPTURE_ENCODER, CAPTURE_ENCODERS);
    }

    private static String capturePreset(Map<ConfigKey, DamConfig.Setting> s) {
        return oneOf(s, ConfigKey.CAPTURE_PRESET, X264_PRESETS);
    }

    private static String oneOf(Map<ConfigKey, DamConfig.Setting> s, ConfigKey key, java.util.List<String> allowed) {
        DamConfig.Setting v = s.get(key);
        String value = v.value().strip();
        if (!allowed.contains(value)) {
            throw new ConfigException(key.key() + " = '" + value + "' (from " + v.source() + ") must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** {@code catalog.url}: empty is the SQLite file in the home. */
    private static org.thatdam.catalog.CatalogUrl catalogUrl(Path home, Map<ConfigKey, DamConfig.Setting> s) {
        DamConfig.Setting v = s.get(ConfigKey.CATALOG_URL);
        if (v.value().isBlank()) return org.thatdam.catalog.CatalogUrl.sqlite(home.resolve("catalog.db"));
        try {
            return org.thatdam.catalog.CatalogUrl.parse(v.value());
        } catch (org.thatdam.model.DamException e) {
            throw new ConfigException(ConfigKey.CATALOG_URL.key() + " (from " + v.source() + "): " + e.getMessage());
        }
    }

    /** {@code node.name}: empty is this host's name and this process's id, unique among the nodes. */
    private static String nodeName(Map<ConfigKey, DamConfig.Setting> s) {
        String name = s.get(ConfigKey.NODE_NAME).value().strip();
        if (!name.isEmpty()) {
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new ConfigException(ConfigKey.NODE_NAME.key() + " = '" + name + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
            }
            return name;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + ProcessHandle.current().pid();
    }

    /** {@code media.workers}: "auto" is one per core. */
    private static int mediaWorkers(Map<ConfigKey, DamConfig.Setting> s) {
        return s.get(ConfigKey.MEDIA_WORKERS).value().strip().equalsIgnoreCase("auto")
                ? Runtime.getRuntime().availableProcessors() : intValue(s, ConfigKey.MEDIA_WORKERS, 0, 64);
    }

    private static int intValue(Map<ConfigKey, DamConfig.Setting> s, ConfigKey k, int min, int max) {
        DamConfig.Setting v = s.get(k);
        try {
            int i = Integer.parseInt(v.value().strip());
            if (i < min || i > max) {
                throw new ConfigException(k.key() + " = " + v.value() + " (from " + v.source() + ") must be between "
                        + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigException(k.key() + " = '" + v.value() + "' (from " + v.source() + ") is not a whole number");
        }
    }

    private static boolean boolValue(Map<ConfigKey, DamConfig.Setting> s, ConfigKey k) {
        DamConfig.Setting v = s.get(k);
        return switch (v.value().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(k.key() + " = '" + v.value() + "' (from " + v.source()
                    + ") must be true or false");
        };
    }

    /** A folder setting: empty = none; {@code ~} expanded; made absolute. */
    private static Optional<Path> optionalFolder(Map<ConfigKey, DamConfig.Setting> s, ConfigKey k) {
        String v = s.get(k).value();
        if (v == null || v.isBlank()) return Optional.empty();
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigException(k.key() + " (from " + s.get(k).source() + ") contains control characters");
        }
        return Optional.of(expandHome(v.strip(), System.getenv()));
    }

    private static <E extends Enum<E>> E enumValue(Map<ConfigKey, DamConfig.Setting> s, ConfigKey k, Class<E> type) {
        DamConfig.Setting v = s.get(k);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.value().strip())) return e;
        }
        throw new ConfigException(k.key() + " = '" + v.value() + "' (from " + v.source() + ") must be one of "
                + java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }

    /** A time of day, {@code HH:MM} (24 h). */
    private static java.time.LocalTime timeValue(Map<ConfigKey, DamConfig.Setting> s, ConfigKey k) {
        DamConfig.Setting v = s.get(k);
        try {
            return java.time.LocalTime.parse(v.value().strip(), java.time.format.DateTimeFormatter.ofPattern("H:mm"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException(k.key() + " = '" + v.value() + "' (from " + v.source() + ") is not a time of day like 03:00");
        }
    }

    private static Optional<Path> optionalPath(Map<ConfigKey, DamConfig.Setting> s, ConfigKey k) {
        String v = s.get(k).value();
        if (v == null || v.isBlank()) return Optional.empty();
        Path p = Path.of(v);
        if (!Files.isExecutable(p)) {
            throw new ConfigException(k.key() + " = " + v + " (from " + s.get(k).source() + ") is not an executable file");
        }
        return Optional.of(p);
    }

    static Path expandHome(String value, Map<String, String> env) {
        String userHome = env.getOrDefault("HOME", System.getProperty("user.home"));
        if (value.equals("~")) return Path.of(userHome);
        if (value.startsWith("~/")) return Path.of(userHome, value.substring(2)).toAbsolutePath().normalize();
        return Path.of(value).toAbsolutePath().normalize();
    }
}
