package org.thatdam.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.json.Json;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.MediaInfo;
import org.thatdam.storage.AtomicFiles;

/**
 * Backup benchmark: {@code BackupBench COUNT WORK_DIR RESULT_JSON}. Builds (once, kept in WORK_DIR) a
 * catalog of COUNT synthetic assets, each with a version and a location, written through the catalog
 * as a scan writes them; then times the whole {@code dam backup --no-derivatives} process (online
 * snapshot, its xxh64 hash list, manifest) against {@code sqlite3 catalog.db ".backup FILE"} on the
 * same catalog, and {@code dam restore} into a new home (hash check, copy, search index built).
 */
public final class BackupBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int RUNS = 3;

    private BackupBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BackupBench COUNT WORK_DIR RESULT_JSON");
            System.exit(2);
        }
        int count = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]).toAbsolutePath();
        Path result = Path.of(args[2]);
        Path home = work.resolve("backup-home-" + count);
        long built = catalog(home, count);
        Path db = home.resolve("catalog.db");
        String dam = Path.of("").toAbsolutePath().resolve("dam").toString();
        Peers peers = new Peers();

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("assets", built);
        out.put("catalogBytes", Files.size(db));
        Path backups = work.resolve("backup-runs-" + count);
        Corpus.deleteTree(backups);
        Cmd.check(List.of(dam, "--home", home.toString(), "backup", "--to", backups.resolve("warm").toString(), "--no-derivatives"), TIMEOUT);

        double[] ours = new double[RUNS];
        Timed<double[]> oursTimed = Timed.run("dam backup", () -> {
            for (int i = 0; i < RUNS; i++) {
                long t = System.nanoTime();
                Cmd.check(List.of(dam, "--home", home.toString(), "backup", "--to", backups.resolve("ours").toString(), "--no-derivatives",
                        "--json"), TIMEOUT);
                ours[i] = (System.nanoTime() - t) / 1e6;
            }
            return ours;
        });
        Map<String, Object> oj = new LinkedHashMap<>();
        oursTimed.into(oj);
        oj.put("ms", ours);
        out.put("damBackup", oj);

        if (peers.sqlite3.present()) {
            double[] peer = new double[RUNS];
            Timed<double[]> peerTimed = Timed.run("sqlite3 .backup", () -> {
                for (int i = 0; i < RUNS; i++) {
                    Path file = backups.resolve("sqlite3-" + i + ".db");
                    long t = System.nanoTime();
                    Cmd.check(List.of(peers.sqlite3.exe(), db.toString(), ".backup '" + file + "'"), TIMEOUT);
                    peer[i] = (System.nanoTime() - t) / 1e6;
                }
                return peer;
            });
            Map<String, Object> pj = new LinkedHashMap<>();
            peerTimed.into(pj);
            pj.put("ms", peer);
            out.put("sqlite3Backup", pj);
        }

        double[] restore = new double[RUNS];
        long[] indexed = new long[RUNS];
        Timed<double[]> restoreTimed = Timed.run("dam restore", () -> {
            for (int i = 0; i < RUNS; i++) {
                Path target = work.resolve("backup-restored-" + count + "-" + i);
                Corpus.deleteTree(target);
                long t = System.nanoTime();
                JsonNode r = Json.mapper().readTree(Cmd.check(List.of(dam, "restore", backups.resolve("ours").toString(), "--home",
                        target.toString(), "--json"), TIMEOUT).stdout());
                restore[i] = (System.nanoTime() - t) / 1e6;
                indexed[i] = r.path("indexed").asLong();
                Corpus.deleteTree(target);
            }
            return restore;
        });
        Map<String, Object> rj = new LinkedHashMap<>();
        restoreTimed.into(rj);
        rj.put("ms", restore);
        rj.put("indexed", indexed);
        out.put("damRestore", rj);
        Corpus.deleteTree(backups);
        System.err.printf(Locale.ROOT, "backup of %d assets: dam backup %s ms, restore %s ms%n", built, Arrays.toString(ours),
                Arrays.toString(restore));
        AtomicFiles.write(result, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(out));
    }

    /** The catalog of {@code count} assets at {@code home}: made once (through the catalog, in batches), then reused. */
    private static long catalog(Path home, int count) {
        try (Dam dam = Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString())))) {
            long have = dam.catalog().read(s -> s.assets().count(AssetQuery.all(1)));
            if (have >= count) return have;
            long t = System.nanoTime();
            MediaInfo video = MediaInfo.unknown(AssetKind.VIDEO);
            int batch = 2_000;
            for (long from = have; from < count; from += batch) {
                long start = from;
                long end = Math.min(count, from + batch);
                dam.catalog().update(s -> {
                    long now = System.currentTimeMillis();
                    for (long i = start; i < end; i++) {
                        String name = String.format(Locale.ROOT, "/footage/%03d/clip-%06d.mp4", i / 1000, i);
                        long id = s.assets().insertAsset(AssetKind.VIDEO, "clip-" + i, null, now);
                        String hash = String.format(Locale.ROOT, "%016x", i * 0x9E3779B97F4A7C15L);
                        s.assets().addVersion(id, 1_000_000 + i, hash, video, null, now);
                        s.assets().insertLocation(id, name, 1_000_000 + i, now, null, hash, now);
                    }
                });
            }
            System.err.printf(Locale.ROOT, "backup bench: catalog of %d assets made in %.1f s%n", count, (System.nanoTime() - t) / 1e9);
            return dam.catalog().read(s -> s.assets().count(AssetQuery.all(1)));
        }
    }

    /** The table's rows from the JSON this bench wrote. */
    static List<Row> rows(JsonNode r) {
        List<Row> rows = new ArrayList<>();
        String n = String.format(Locale.ROOT, "%,d", r.path("assets").asLong());
        String size = String.format(Locale.ROOT, "%.0f MB", r.path("catalogBytes").asLong() / 1e6);
        double ours = median(r.path("damBackup").path("ms"));
        String note = "whole process, median of " + RUNS + "; catalog " + size + "; ours adds its xxh64 hash list and manifest";
        if (r.has("sqlite3Backup")) {
            rows.add(Row.compare("backup.catalog-100k vs sqlite3 .backup", ours, median(r.path("sqlite3Backup").path("ms")), "ms", false,
                    n + " assets; " + note));
        } else {
            rows.add(Row.skipped("backup.catalog-100k vs sqlite3 .backup", ours, "ms", false, "sqlite3 not installed"));
        }
        rows.add(Row.ours("backup.restore-100k (hash check, copy, index build)", median(r.path("damRestore").path("ms")), "ms", false,
                "whole dam restore process, median of " + RUNS + "; " + n + " assets indexed"));
        return rows;
    }

    private static double median(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asDouble();
        Arrays.sort(v);
        return v.length == 0 ? 0 : v[v.length / 2];
    }
}
