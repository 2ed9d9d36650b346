package org.thatdam.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.thatdam.core.json.Json;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.model.DamException;
import org.thatdam.storage.AtomicFiles;

/**
 * The whole run of {@code bench/run}: our speed and the standard tools' speed on the same
 * generated files, in the same run, one table row per measure with the ratio ours / peer.
 * Usage: {@code Bench quick|full WORK_DIR RESULT_JSON [SECTION,...]}: with sections, only those run.
 */
public final class Bench {

    /** The sections in the order they run; each is also its key in the JSON. */
    static final List<String> SECTIONS = List.of("metadata", "rescan", "derive", "search", "knn", "motion", "scenes",
            "login", "cli", "uploads", "offload", "backup", "explorer", "bulk", "ocr", "embed", "duplicates", "cluster", "api", "capture");

    private Bench() {}

    /** The sections named in {@code csv} (comma-separated), in run order; every one when blank. */
    static Set<String> sections(String csv) {
        if (csv == null || csv.isBlank()) return new LinkedHashSet<>(SECTIONS);
        Set<String> asked = new HashSet<>();
        for (String name : csv.split(",")) {
            String n = name.strip();
            if (n.isEmpty()) continue;
            if (!SECTIONS.contains(n)) {
                throw DamException.invalid("no bench section '" + n + "'; the sections are " + String.join(", ", SECTIONS));
            }
            asked.add(n);
        }
        if (asked.isEmpty()) throw DamException.invalid("--only names no section; the sections are " + String.join(", ", SECTIONS));
        Set<String> ordered = new LinkedHashSet<>();
        for (String n : SECTIONS) if (asked.contains(n)) ordered.add(n);
        return ordered;
    }

    /** Sizes per mode: clips and other files of the corpus, rescan corpora, search catalogs. */
    private record Plan(int videos, int others, boolean upTo1080p, List<Integer> rescans, List<Integer> searches,
            int knnScenes) {
        static Plan of(boolean quick) {
            return quick ? new Plan(24, 600, false, List.of(10_000), List.of(100_000), 100_000)
                    : new Plan(96, 6_000, true, List.of(10_000, 100_000), List.of(100_000, 1_000_000), 1_000_000);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4 || !List.of("quick", "full").contains(args[0])) {
            System.err.println("usage: Bench quick|full WORK_DIR RESULT_JSON [SECTION,...]");
            System.exit(2);
        }
        Set<String> only;
        try {
            only = sections(args.length == 4 ? args[3] : null);
        } catch (DamException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean quick = args[0].equals("quick");
        Path work = Path.of(args[1]).toAbsolutePath();
        Path result = Path.of(args[2]);
        Plan plan = Plan.of(quick);
        Files.createDirectories(work);
        long t0 = System.nanoTime();

        FfmpegTools tools = FfmpegTools.bundled(); // unpacked before anything is timed
        Peers peers = new Peers();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", quick ? "quick" : "full");
        json.put("machine", Machine.describe(tools));
        json.put("peers", peers.json());
        if (only.size() < SECTIONS.size()) json.put("only", List.copyOf(only));
        List<Row> rows = new ArrayList<>();

        // the clips of sections 1 and 7, made when one of them runs
        Corpus corpus = null;
        if (only.contains("metadata") || only.contains("cli")) {
            step("corpus");
            corpus = Corpus.make(tools, work.resolve("corpus-" + plan.videos() + (plan.upTo1080p() ? "-1080p" : "")),
                    plan.videos(), plan.others(), plan.upTo1080p());
        }
        if (only.contains("metadata")) {
            step("1. metadata extraction: " + corpus.describe());
            add(json, rows, "metadata", ScanBench.metadata(tools, corpus, peers, work));
        }

        if (only.contains("rescan")) {
            step("2. first scan and no-change rescan " + plan.rescans());
            Map<String, Object> rescans = new LinkedHashMap<>();
            int largest = plan.rescans().stream().mapToInt(Integer::intValue).max().orElseThrow();
            for (int n : plan.rescans()) {
                // made here, so that the measuring JVM's memory peak is its scan's alone
                ScanBench.rescanCorpus(tools, work, n);
                Path out = work.resolve("rescan-" + n + ".json");
                JavaChild.run(List.of(), ScanBench.class.getName(), List.of("rescan", String.valueOf(n), work.toString(), out.toString()));
                JsonNode r = Json.mapper().readTree(out.toFile());
                rescans.put(String.valueOf(n), Json.mapper().convertValue(r, Map.class));
                if (n == largest) rows.add(firstScanRow(n, r.path("firstScan")));
                rows.addAll(rescanRows(n, r));
            }
            json.put("rescan", rescans);
        }

        if (only.contains("derive")) {
            step("3. posters and sprites");
            add(json, rows, "derive", DeriveBench.run(tools, peers, work, quick));
        }

        if (only.contains("search")) searches(plan, work, json, rows);

        if (only.contains("knn")) knn(plan, work, json, rows);

        if (only.contains("motion")) {
            step("5. motion and idle detection");
            add(json, rows, "motion", MotionBench.run(tools, work, quick));
        }
        if (only.contains("scenes")) {
            step("5b. scenes: cuts, beats and keyframes");
            add(json, rows, "scenes", SceneBench.run(tools, work, quick));
        }
        if (only.contains("login")) {
            step("6. login: password hashing");
            add(json, rows, "login", LoginBench.run(peers, work));
        }
        if (only.contains("cli")) {
            step("7. command line: whole-process time per command");
            add(json, rows, "cli", CliBench.run(peers, corpus, work, quick));
        }
        if (only.contains("uploads")) {
            step("8. uploads: tus over loopback");
            add(json, rows, "uploads", UploadBench.run(peers, work, quick));
        }
        if (only.contains("offload")) {
            step("9. offload: verified copy vs cp + xxhsum");
            add(json, rows, "offload", OffloadBench.run(peers, work, quick));
        }

        if (only.contains("backup")) backup(work, json, rows);

        if (only.contains("explorer")) {
            step("11. explorer: listing a folder of a 10,000-file tree");
            add(json, rows, "explorer", ExplorerBench.run(work));
        }
        if (only.contains("bulk")) {
            step("12. bulk: tag 5,000 assets as one job");
            add(json, rows, "bulk", BulkBench.run(peers, work));
        }
        if (only.contains("ocr")) {
            step("13. on-screen text: one 1080p keyframe");
            add(json, rows, "ocr", OcrBench.run(peers, work, quick));
        }
        if (only.contains("embed")) {
            step("14. embeddings: text vectors vs Lucene analysis");
            add(json, rows, "embed", EmbedBench.run(quick));
        }
        if (only.contains("duplicates")) {
            step("15. duplicates: video fingerprints vs ffmpeg's MPEG-7 signature");
            add(json, rows, "duplicates", DuplicatesBench.run(tools, work, quick));
        }

        if (only.contains("cluster")) {
            step("16. scale-out: job throughput with 1 and 2 worker nodes (PostgreSQL, s3proxy)");
            add(json, rows, "cluster", ClusterBench.jobs(work, quick));
        }
        if (only.contains("api")) {
            step("17. API latency: the same catalog on PostgreSQL and on SQLite");
            add(json, rows, "api", ClusterBench.api(work, quick));
        }

        if (only.contains("capture")) {
            step("18. live capture: preview latency and CPU, recording start skew");
            add(json, rows, "capture", CaptureBench.run(tools, work, quick));
        }

        json.put("rows", rows.stream().map(Row::json).toList());
        json.put("minutes", Math.round((System.nanoTime() - t0) / 6e10 * 10) / 10.0);
        Files.createDirectories(result.toAbsolutePath().getParent());
        AtomicFiles.write(result, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));

        Map<?, ?> m = (Map<?, ?>) json.get("machine");
        System.out.printf(Locale.ROOT, "%s run, %s: %s cores (%s), %s MiB RAM, %s, Java %s, ffmpeg %s; peers: %s%n",
                json.get("mode"), m.get("date"), m.get("cores"), m.get("cpu"), m.get("ramMiB"), m.get("os"), m.get("java"),
                m.get("ffmpeg"), peers.json());
        System.out.print(Table.render(rows));
        System.out.println("ours/peer is ours divided by the peer's figure: above 1 is better for rates (/s, x real time),"
                + " below 1 for times (ms); 'better' says which side wins (even: within 5 %).");
        System.out.printf(Locale.ROOT, "details: %s (%.1f min)%n", result, (System.nanoTime() - t0) / 6e10);
    }

    private static void searches(Plan plan, Path work, Map<String, Object> json, List<Row> rows) throws Exception {
        step("4. search " + plan.searches());
        Map<String, Object> searches = new LinkedHashMap<>();
        for (int n : plan.searches()) {
            Path out = work.resolve("search-" + n + ".json");
            // SearchBench in a JVM of its own with the heap it was sized for.
            JavaChild.run(List.of("-Xmx2g"), SearchBench.class.getName(),
                    List.of(String.valueOf(n), work.resolve("search-index-" + n).toString(), out.toString()));
            JsonNode r = Json.mapper().readTree(out.toFile());
            searches.put(String.valueOf(n), Json.mapper().convertValue(r, Map.class));
            rows.addAll(searchRows(n, r));
        }
        json.put("search", searches);
    }

    private static void knn(Plan plan, Path work, Map<String, Object> json, List<Row> rows) throws Exception {
        step("4b. semantic search: kNN over " + plan.knnScenes() + " scene vectors vs an exact scan");
        // the index is kept between runs (building the graph takes long): DAM_BENCH_DIR/knn-index-N
        Path knnOut = work.resolve("knn-" + plan.knnScenes() + ".json");
        JavaChild.run(List.of("-Xmx4g", "--add-modules", "jdk.incubator.vector"), KnnBench.class.getName(), List.of(
                String.valueOf(plan.knnScenes()), work.resolve("knn-index-" + plan.knnScenes()).toString(), knnOut.toString()));
        JsonNode knn = Json.mapper().readTree(knnOut.toFile());
        json.put("knn", Json.mapper().convertValue(knn, Map.class));
        rows.addAll(knnRows(plan.knnScenes(), knn));
    }

    private static void backup(Path work, Map<String, Object> json, List<Row> rows) throws Exception {
        step("10. backup: a 100k-asset catalog");
        Path backupOut = work.resolve("backup-100000.json");
        JavaChild.run(List.of("-Xmx1g"), BackupBench.class.getName(), List.of("100000", work.toString(), backupOut.toString()));
        JsonNode backup = Json.mapper().readTree(backupOut.toFile());
        json.put("backup", Json.mapper().convertValue(backup, Map.class));
        rows.addAll(BackupBench.rows(backup));
    }

    private static void add(Map<String, Object> json, List<Row> rows, String key, Section s) {
        json.put(key, s.json());
        rows.addAll(s.rows());
    }

    /** The first scan's peak resident memory, this JVM's and its child processes' (media workers, ffprobe). */
    static Row firstScanRow(int n, JsonNode f) {
        String note = String.format(Locale.ROOT, "JVM VmHWM %d MiB + child processes %.0f MiB (%d seen, largest %s %.0f MiB; "
                        + "read every %d ms); JVM flags as ./dam's; %,d files at %,d files/s: %,d distinct clips probed, %,d copies "
                        + "added as locations unprobed, the rest sidecars; %d scan workers; %s; target 1024 MiB",
                f.path("jvmPeakRssMiB").asLong(), f.path("childrenPeakRssMiB").asDouble(), f.path("childProcessesSeen").asInt(),
                f.path("largestChild").asText(), f.path("largestChildPeakRssMiB").asDouble(), PeakMemory.EVERY_MS, n, f.path("filesPerSec").asLong(),
                f.path("clipsProbed").asLong(), f.path("copiesUnprobed").asLong(), f.path("workers").asInt(),
                f.path("mediaWorkers").asText());
        if (f.path("otherCores").asDouble() >= Timed.QUIET_CORES) {
            note += String.format(Locale.ROOT, "; disturbed: other processes used %.2f cores", f.path("otherCores").asDouble());
        }
        return Row.ours("first scan, " + String.format(Locale.ROOT, "%,d", n) + " files: peak RSS (ours + workers)",
                f.path("peakRssMiB").asDouble(), "MiB", false, note);
    }

    private static List<Row> rescanRows(int n, JsonNode r) {
        JsonNode re = r.path("unchangedRescan"), walk = r.path("walk");
        String files = String.format(Locale.ROOT, "%,d", n);
        String note = re.path("workers").asInt() + " workers; 90 % clips, 10 % sidecars; walk: one thread, attributes only";
        if (re.path("otherCores").asDouble() >= Timed.QUIET_CORES || walk.path("otherCores").asDouble() >= Timed.QUIET_CORES) {
            note += String.format(Locale.ROOT, "; disturbed: other processes used %.2f / %.2f cores",
                    re.path("otherCores").asDouble(), walk.path("otherCores").asDouble());
        }
        return List.of(
                Row.compare("no-change rescan, " + files + " files: dam scan vs walk", re.path("filesPerSec").asDouble(),
                        walk.path("filesPerSec").asDouble(), "files/s", true, note),
                Row.ours("no-change rescan, " + files + " files: peak heap", re.path("peakHeapMiB").asDouble(), "MiB", false,
                        "heap pools' peak during the rescan (max heap " + r.path("maxHeapMiB").asLong() + " MiB)"),
                Row.ours("no-change rescan, " + files + " files: peak RSS", re.path("peakRssMiB").asDouble(), "MiB", false,
                        "VmHWM of the bench JVM, " + re.path("peaksCover").asText()));
    }

    private static List<Row> searchRows(int n, JsonNode r) {
        JsonNode o = r.path("queries").path("overall"), cpu = r.path("queries").path("overallCpu");
        String entries = String.format(Locale.ROOT, "%,d", n);
        String note = o.path("n").asInt() + " mixed queries one at a time, facet cache on; index built in "
                + r.path("build").path("ms").asLong() / 1000 + " s; no peer";
        List<Row> rows = new ArrayList<>();
        for (String p : List.of("p50", "p95", "p99")) {
            // The searching thread's CPU time is what a query costs on an idle core, whatever else runs.
            rows.add(Row.ours("search " + p + ", " + entries + " entries", o.path(p + "Ms").asDouble(), "ms", false,
                    "wall time; thread CPU " + cpu.path(p + "Ms").asDouble() + " ms; " + note));
        }
        return rows;
    }

    private static List<Row> knnRows(int n, JsonNode r) {
        String scenes = n >= 1_000_000 && n % 1_000_000 == 0 ? (n / 1_000_000) + "m" : (n / 1000) + "k";
        String note = r.path("vectorFormat").asText() + ", " + r.path("dimensions").asInt() + " dims, top 10 videos; recall@10 "
                + String.format(Locale.ROOT, "%.3f", r.path("recallAt10").asDouble()) + " vs the exact scan; "
                + r.path("segments").asInt() + " segments";
        List<Row> rows = new ArrayList<>();
        for (String p : List.of("p50", "p95")) {
            rows.add(Row.compare("knn." + scenes + "-scenes vs exact-scan " + p, r.path("semanticSearchMs").path(p).asDouble(),
                    r.path("exactScanMs").path(p).asDouble(), "ms", false, note + "; thread CPU "
                            + String.format(Locale.ROOT, "%.1f vs %.1f ms", r.path("semanticSearchCpuMs").path(p).asDouble(),
                                    r.path("exactScanCpuMs").path(p).asDouble())));
        }
        rows.add(Row.ours("search index size per 1,000 hours of video", r.path("indexGiBPer1000Hours").asDouble(), "GiB", false,
                String.format(Locale.ROOT, "%.0f bytes per scene document (text vector) x %.0f documents an hour (a beat per 4 s, a scene per 30 s)",
                        r.path("bytesPerSceneDoc").asDouble(), r.path("docsPerHourAssumed").asDouble())));
        return rows;
    }

    private static void step(String what) {
        System.err.println("== " + what);
    }
}
