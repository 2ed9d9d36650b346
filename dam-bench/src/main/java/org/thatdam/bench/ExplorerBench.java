package org.thatdam.bench;

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
import org.thatdam.core.explorer.FolderListing;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;

/**
 * Explorer listing latency on a tree of 10,000 files in 1,110 folders (10 × 10 × 10 folders of 10
 * empty files each, made once in the bench's folder and catalogued through the catalog, no probing):
 * {@code dam.folders().list} of the root (its 10 folders, each with counts, duration and size summed
 * over its 1,000 files) and of a leaf folder (its 10 files with their assets), against
 * {@code find DIR -maxdepth 1} listing the same folder's names alone. Ours runs in the bench's JVM,
 * warm, the way a running server answers; each find is a process of its own.
 */
final class ExplorerBench {

    private static final int TIMED = 50;
    private static final int WARMUP = 30;

    private ExplorerBench() {}

    static Section run(Path work) throws Exception {
        Path tree = work.resolve("explorer-tree-10k");
        Path home = work.resolve("explorer-home-10k");
        boolean made = Files.isDirectory(tree.resolve("d09/d09/d09"));
        if (!made) {
            deleteTree(home);
            for (int i = 0; i < 10_000; i++) {
                Path dir = Files.createDirectories(tree.resolve(folder(i)));
                Files.write(dir.resolve(file(i)), new byte[0]);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        try (Dam dam = Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString())))) {
            String root = tree.toRealPath().toString();
            if (dam.roots().roots().isEmpty()) catalogue(dam, tree, root);
            String leaf = root + "/" + folder(4567);
            FolderListing top = dam.folders().list(root, 200, 0);
            if (top.folder().files() != 10_000 || top.folders().size() != 10) {
                throw new IllegalStateException("the explorer bench's catalogue is not the tree: " + top.folder());
            }
            Times rootT = timeOurs(() -> dam.folders().list(root, 200, 0));
            Times leafT = timeOurs(() -> dam.folders().list(leaf, 200, 0));
            double[] rootMs = rootT.wall(), leafMs = leafT.wall();
            double[] findRoot = timeFind(Path.of(root));
            double[] findLeaf = timeFind(Path.of(leaf));
            json.put("files", 10_000);
            json.put("folders", 1_110);
            json.put("rootListMs", summary(rootMs));
            json.put("leafListMs", summary(leafMs));
            json.put("rootListCpuMs", summary(rootT.cpu()));
            json.put("leafListCpuMs", summary(leafT.cpu()));
            json.put("findRootMs", summary(findRoot));
            json.put("findLeafMs", summary(findLeaf));
            String note = "p50 of " + TIMED + " warm calls in the JVM; root: 10 folders with counts, duration and size of "
                    + "their 1,000 files each; the peer lists names only, each run a process (fork + exec included)";
            rows.add(Row.compare("explorer.list-10k vs find", p(rootMs, 50), p(findRoot, 50), "ms", false, note));
            rows.add(Row.ours("explorer.list-10k p95", p(rootMs, 95), "ms", false, "the root listing's p95"));
            rows.add(Row.ours("explorer.list-10k cpu", p(rootT.cpu(), 50), "ms", false,
                    "p50 of the calling thread's CPU time per root listing (SQLite's included): what it costs on an idle core"));
            rows.add(Row.compare("explorer.list-10k leaf vs find", p(leafMs, 50), p(findLeaf, 50), "ms", false,
                    "a folder of 10 files with their assets; p50 of " + TIMED));
        }
        return new Section(json, rows);
    }

    private static String folder(int i) {
        return String.format(Locale.ROOT, "d%02d/d%02d/d%02d", i / 1000, i / 100 % 10, i / 10 % 10);
    }

    private static String file(int i) {
        return String.format(Locale.ROOT, "clip-%05d.mp4", i);
    }

    /** The tree as a root whose files the catalog holds, as a scan would leave them (2.5 s, 1 MB clips). */
    private static void catalogue(Dam dam, Path tree, String root) {
        long t = System.nanoTime();
        MediaInfo video = new MediaInfo(AssetKind.VIDEO, "mov,mp4", 2.5, 3_200_000L, 1920, 1080, 25.0, "h264", "aac", null,
                null, null, null, null, null, null, null, null, null, null, List.of(), null);
        dam.catalog().update(s -> {
            long now = System.currentTimeMillis();
            for (int i = 0; i < 10_000; i++) {
                String hash = String.format(Locale.ROOT, "%016x", i * 0x9E3779B97F4A7C15L);
                long id = s.assets().insertAsset(AssetKind.VIDEO, "clip-" + i, null, now);
                s.assets().addVersion(id, 1_000_000, hash, video, null, now);
                s.assets().insertLocation(id, root + "/" + folder(i) + "/" + file(i), 1_000_000, now, null, hash, now);
            }
        });
        dam.roots().addRoot(tree, Actor.commandLine());
        System.err.printf(Locale.ROOT, "explorer bench: 10,000 files catalogued in %.1f s%n", (System.nanoTime() - t) / 1e9);
    }

    private interface Call {
        void run() throws Exception;
    }

    /** Wall and thread CPU milliseconds per call (the CPU time includes SQLite's, which runs in the calling thread). */
    private record Times(double[] wall, double[] cpu) {}

    private static Times timeOurs(Call call) throws Exception {
        for (int i = 0; i < WARMUP; i++) call.run();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] ms = new double[TIMED];
        double[] cpu = new double[TIMED];
        Timed.run("explorer ours", () -> {
            for (int i = 0; i < TIMED; i++) {
                long c = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                call.run();
                ms[i] = (System.nanoTime() - t) / 1e6;
                cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
            }
            return null;
        });
        return new Times(ms, cpu);
    }

    private static double[] timeFind(Path dir) throws Exception {
        List<String> find = List.of("find", dir.toString(), "-maxdepth", "1");
        Cmd.check(find, Duration.ofSeconds(30));
        double[] ms = new double[TIMED];
        Timed.run("explorer find", () -> {
            for (int i = 0; i < TIMED; i++) {
                long t = System.nanoTime();
                Cmd.check(find, Duration.ofSeconds(30));
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            return null;
        });
        return ms;
    }

    private static double p(double[] ms, int percentile) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return Timed.round2(s[Math.min(s.length - 1, (int) Math.ceil(percentile / 100.0 * s.length) - 1)]);
    }

    private static Map<String, Object> summary(double[] ms) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", p(ms, 50));
        m.put("p95", p(ms, 95));
        m.put("max", p(ms, 100));
        return m;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) return;
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Runs this section alone: {@code ExplorerBench WORK_DIR}; prints its rows. */
    public static void main(String[] args) throws Exception {
        Section s = run(Path.of(args[0]).toAbsolutePath());
        System.out.println(org.thatdam.core.json.Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(s.json()));
        System.out.print(Table.render(s.rows()));
    }
}
