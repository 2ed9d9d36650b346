package org.thatdam.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.Location;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.model.ScanReport;

/** Shared plumbing for dam-core tests: a real library in a temp folder, scans, and file snapshots. */
public final class DamTesting {

    private DamTesting() {}

    /**
     * A library whose home is {@code home}, with the given settle time; everything else default but the semantic
     * analyses, which tests that need them ask for.
     */
    public static Dam openDam(Path home, String settleSeconds) {
        return Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString(),
                ConfigKey.SCAN_SETTLE_SECONDS, settleSeconds, ConfigKey.SEMANTIC_AUTO, "false")));
    }

    /** A library in {@code <tempDir>/home} that picks up files at once (settle 0). */
    public static Dam openDam(Path tempDir) {
        return openDam(tempDir.resolve("home"), "0");
    }

    /** The PostgreSQL database of each home opened on that engine: opening a home again opens the same library. */
    private static final Map<Path, String> POSTGRES_CATALOGS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * {@link #openDam(Path)} with its catalog on {@code engine}: SQLite in the home, or a new database of the
     * test JVM's PostgreSQL (the same one whenever this home is opened again).
     */
    public static Dam openDam(Path tempDir, org.thatdam.catalog.CatalogUrl.Engine engine) {
        Path home = tempDir.resolve("home");
        Map<ConfigKey, String> flags = new java.util.HashMap<>(catalogOn(home, engine));
        flags.putAll(Map.of(ConfigKey.HOME, home.toString(), ConfigKey.SCAN_SETTLE_SECONDS, "0", ConfigKey.SEMANTIC_AUTO, "false"));
        return Dam.open(ConfigLoader.load(Map.of(), null, flags));
    }

    /** The setting that puts the catalog of {@code home} on {@code engine} (none for SQLite, the default). */
    public static Map<ConfigKey, String> catalogOn(Path home, org.thatdam.catalog.CatalogUrl.Engine engine) {
        if (engine == org.thatdam.catalog.CatalogUrl.Engine.SQLITE) return Map.of();
        return Map.of(ConfigKey.CATALOG_URL, POSTGRES_CATALOGS.computeIfAbsent(home.toAbsolutePath(), h -> {
            org.thatdam.catalog.CatalogUrl db = org.thatdam.catalog.testing.CatalogEngines.freshPostgres();
            return "postgresql://" + db.user() + "@" + db.host() + ":" + db.port() + "/" + db.database();
        }));
    }

    /**
     * Queues {@code kind} for the current version of each asset: the semantic analyses the fixtures leave off,
     * asked for one at a time by the tests that are about one of them. Returns the job ids.
     */
    public static List<Long> enqueue(Dam dam, org.thatdam.core.jobs.JobKind kind, long... assetIds) {
        return dam.catalog().write(s -> {
            List<Long> ids = new java.util.ArrayList<>();
            for (long id : assetIds) {
                long version = s.assets().find(id).orElseThrow().currentVersionId();
                ids.add(s.jobs().enqueue(kind.forVersion(id, version), System.currentTimeMillis()));
            }
            return ids;
        });
    }

    public static ScanReport scan(Dam dam, Path... dirs) {
        return dam.scanner().scan(List.of(dirs), dam.scanOptions(Optional.empty(), 2));
    }

    public static ScanReport scanWithBatch(Dam dam, String batch, Path... dirs) {
        return dam.scanner().scan(List.of(dirs), dam.scanOptions(Optional.of(batch), 2));
    }

    /** Something that may throw. */
    public interface Call {
        void run() throws Exception;
    }

    /** {@code call} fails with the library's error type, this code and a message containing {@code message}. */
    public static void assertCode(Call call, org.thatdam.model.ErrorCode code, String message) {
        org.assertj.core.api.Assertions.assertThatThrownBy(call::run).isInstanceOf(org.thatdam.model.DamException.class)
                .hasMessageContaining(message)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((org.thatdam.model.DamException) e).code())
                        .isEqualTo(code));
    }

    public static AssetDetails at(Dam dam, Path file) {
        return dam.assets().resolve(file.toString());
    }

    public static List<Asset> all(Dam dam) {
        return dam.assets().list(AssetQuery.all(10_000));
    }

    /** Every catalogued location, present or missing, sorted by path. */
    public static List<Location> allLocations(Dam dam) {
        List<Location> out = new CopyOnWriteArrayList<>();
        dam.catalog().read(s -> {
            s.assets().forEachLocationUnder("", out::add);
            return null;
        });
        return List.copyOf(out);
    }

    /** Sets a file's modification time {@code ago} into the past. */
    public static void age(Path file, Duration ago) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(ago)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records every event the library publishes from now on. */
    public static List<DamEvent> record(Dam dam) {
        List<DamEvent> events = new CopyOnWriteArrayList<>();
        dam.events().subscribe(events::add);
        return events;
    }

    /** What a file is, for "was anything touched?" checks: its content hash and modification time. */
    public record FileState(String kind, String sha256, long sizeBytes, long mtimeMillis, String linkTarget) {}

    /**
     * Every entry under {@code root} (without following links), by relative path: folders, links
     * (with their target) and regular files (with size, mtime and SHA-256 of the content).
     */
    public static Map<String, FileState> snapshot(Path root) {
        Map<String, FileState> out = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root)) {
                        out.put(root.relativize(dir).toString(), new FileState("dir", null, 0,
                                attrs.lastModifiedTime().toMillis(), null));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = root.relativize(file).toString();
                    if (attrs.isSymbolicLink()) {
                        out.put(rel, new FileState("link", null, 0, 0, Files.readSymbolicLink(file).toString()));
                    } else if (attrs.isRegularFile()) {
                        out.put(rel, new FileState("file", sha256(file), attrs.size(),
                                attrs.lastModifiedTime().toMillis(), null));
                    } else {
                        out.put(rel, new FileState("other", null, 0, 0, null));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Regular-file part of a snapshot: without folder mtimes, which change whenever a test adds a file. */
    public static Map<String, FileState> filesOnly(Map<String, FileState> snapshot) {
        Map<String, FileState> out = new TreeMap<>();
        snapshot.forEach((k, v) -> {
            if (!v.kind().equals("dir")) out.put(k, v);
        });
        return out;
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
