package org.thatdam.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.thatdam.core.Dam;
import org.thatdam.core.json.Json;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.model.ScanReport;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.storage.AtomicFiles;

/**
 * Scanning. {@link #metadata}: metadata extraction over the shared corpus, ours (the Scanner on a
 * fresh catalog, as {@code dam scan} does it, and MediaProber per file) against ffprobe, exiftool
 * and mediainfo run per file. {@link #main} ({@code ScanBench rescan N WORK RESULT_JSON}, run in a
 * JVM of its own): the first scan of N files with its peak resident memory (the JVM's and its child
 * processes'), then a no-change rescan of them against a plain walk, with peak heap and RSS.
 */
public final class ScanBench {

    private static final Duration PEER_TIMEOUT = Duration.ofMinutes(2);
    /**
     * Each distinct clip of a rescan corpus is there this many times: a copy of a catalogued clip
     * becomes one more location without being probed, so cataloguing the corpus (setup, not
     * measured) takes a tenth of the time. The rescan reads one location row per file either way.
     */
    private static final int COPIES = 10;
    /** One file in ten of the rescan corpus is a non-media sidecar. */
    private static final int SIDECAR_EVERY = 10;

    private ScanBench() {}

    // ---- metadata extraction

    static Section metadata(FfmpegTools tools, Corpus corpus, Peers peers, Path work) throws Exception {
        List<Path> files = corpus.files();
        int n = files.size();
        MediaProber prober = new MediaProber(tools, PEER_TIMEOUT);
        // Untimed warm-up: every tool's first start loads its libraries from disk.
        prober.probe(files.get(0));
        ffprobe(tools, files.get(0));
        if (peers.exiftool.present()) exiftool(peers, files.get(0));
        if (peers.mediainfo.present()) mediainfo(peers, files.get(0));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("corpus", corpus.describe());
        json.put("kinds", corpus.kinds());
        List<Row> rows = new ArrayList<>();

        // Ours, as `dam scan` does it: a fresh catalog each attempt (a second scan would be a rescan),
        // with the default settings, so media workers as the product uses them.
        int[] workers = {0};
        String[] mediaWorkers = {null};
        Timed<ScanReport> scan = Timed.run("scan", () -> {
            Path home = Files.createTempDirectory(work, "meta-home-");
            try (Dam dam = Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString())))) {
                var options = dam.scanOptions(Optional.empty(), null);
                workers[0] = options.workers();
                mediaWorkers[0] = mediaWorkers(dam);
                return dam.scanner().scan(List.of(corpus.root()), options);
            } finally {
                Corpus.deleteTree(home);
            }
        });
        ScanReport r = scan.value();
        if (r.added() != n) {
            throw new IllegalStateException("the scan catalogued " + r.added() + " of " + n + " clips (" + r.failed()
                    + " failed): " + r.problems());
        }
        int w = workers[0];
        // The scan's own clock: opening and closing the catalog are not part of it.
        double scanRate = n * 1000.0 / Math.max(1, r.durationMs());
        Map<String, Object> sj = new LinkedHashMap<>();
        scan.into(sj);
        sj.put("scanMs", r.durationMs());
        sj.put("workers", w);
        sj.put("mediaWorkers", mediaWorkers[0]);
        sj.put("added", r.added());
        sj.put("skippedNonMedia", r.skipped());
        sj.put("filesPerSec", Timed.round2(scanRate));
        json.put("damScan", sj);

        Timed<Void> ours1 = Timed.run("MediaProber", () -> perFile(files, 1, prober::probe));
        json.put("mediaProber", ours1.json("filesPerSec", n));
        double ours1Rate = ours1.rate(n);

        String seqLabel = "metadata, 1 at a time: MediaProber vs ";
        String parLabel = "metadata, " + w + " parallel: dam scan vs ";
        String perFileNote = "per file; " + n + " clips";

        Timed<Void> ff1 = Timed.run("ffprobe", () -> perFile(files, 1, f -> ffprobe(tools, f)));
        Timed<Void> ffw = Timed.run("ffprobe parallel", () -> perFile(files, w, f -> ffprobe(tools, f)));
        json.put("ffprobe", Map.of("sequential", ff1.json("filesPerSec", n), "parallel", ffw.json("filesPerSec", n)));
        rows.add(Row.compare(seqLabel + "ffprobe", ours1Rate, ff1.rate(n), "files/s", true,
                note(perFileNote + "; ours parses the JSON into the catalog's media info", ours1, ff1)));
        rows.add(Row.compare(parLabel + "ffprobe", scanRate, ffw.rate(n), "files/s", true,
                note("ours walks " + corpus.others() + " other files too, hashes, writes the catalog; " + mediaWorkers[0],
                        scan, ffw)));

        if (peers.exiftool.present()) {
            Timed<Void> ex1 = Timed.run("exiftool", () -> perFile(files, 1, f -> exiftool(peers, f)));
            Timed<Void> exw = Timed.run("exiftool parallel", () -> perFile(files, w, f -> exiftool(peers, f)));
            Timed<Void> exb = Timed.run("exiftool batch", () -> {
                Cmd.check(List.of(peers.exiftool.exe(), "-fast", "-json", "-r", corpus.videoDir().toString()), PEER_TIMEOUT);
                return null;
            });
            Map<String, Object> ej = new LinkedHashMap<>();
            ej.put("sequential", ex1.json("filesPerSec", n));
            ej.put("parallel", exw.json("filesPerSec", n));
            ej.put("batch", exb.json("filesPerSec", n));
            json.put("exiftool", ej);
            rows.add(Row.compare(seqLabel + "exiftool -fast", ours1Rate, ex1.rate(n), "files/s", true, note(perFileNote, ours1, ex1)));
            rows.add(Row.compare(parLabel + "exiftool -fast", scanRate, exw.rate(n), "files/s", true, note(perFileNote, scan, exw)));
            rows.add(Row.compare("metadata: dam scan (" + w + ") vs exiftool -fast batch", scanRate, exb.rate(n), "files/s", true,
                    note("exiftool: one process over the clip folder, one core", scan, exb)));
        } else {
            json.put("exiftool", peers.exiftool.skipReason());
            rows.add(Row.skipped(seqLabel + "exiftool -fast", ours1Rate, "files/s", true, peers.exiftool.skipReason()));
        }

        if (peers.mediainfo.present()) {
            Timed<Void> mi1 = Timed.run("mediainfo", () -> perFile(files, 1, f -> mediainfo(peers, f)));
            Timed<Void> miw = Timed.run("mediainfo parallel", () -> perFile(files, w, f -> mediainfo(peers, f)));
            json.put("mediainfo", Map.of("sequential", mi1.json("filesPerSec", n), "parallel", miw.json("filesPerSec", n)));
            rows.add(Row.compare(seqLabel + "mediainfo", ours1Rate, mi1.rate(n), "files/s", true, note(perFileNote, ours1, mi1)));
            rows.add(Row.compare(parLabel + "mediainfo", scanRate, miw.rate(n), "files/s", true, note(perFileNote, scan, miw)));
        } else {
            json.put("mediainfo", peers.mediainfo.skipReason());
            rows.add(Row.skipped(seqLabel + "mediainfo", ours1Rate, "files/s", true, peers.mediainfo.skipReason()));
        }
        return new Section(json, rows);
    }

    /**
     * How the scan probes, as configured ({@code media.workers}, the {@code dam.media.workers}
     * property winning): the bench leaves both at their defaults, so this is what the product does.
     */
    static String mediaWorkers(Dam dam) {
        String property = System.getProperty("dam.media.workers");
        if (property != null) return "media workers: " + property + " (dam.media.workers)";
        ConfigKey key = ConfigKey.byKey("media.workers");
        if (key == null) return "media workers: none in this build (a child ffprobe per file)";
        var setting = dam.config().sources().get(key);
        String value = (setting == null ? key.defaultValue() : setting.value()).strip();
        if (value.equalsIgnoreCase("auto")) return "media workers: " + Runtime.getRuntime().availableProcessors() + " (auto)";
        return "media workers: " + value + ("0".equals(value) ? " (off: a child ffprobe per file)" : "");
    }

    /**
     * The peer baseline: ffprobe as people type it, deliberately not our FfmpegArgs (no format
     * allow-list), so that the comparison is with the plain tool.
     */
    private static void ffprobe(FfmpegTools tools, Path f) {
        ProcessResult r = ToolRunner.run(tools.ffprobe(), List.of("-v", "error", "-show_format", "-show_streams",
                "-of", "json", "file:" + f.toAbsolutePath()), PEER_TIMEOUT);
        if (!r.ok()) throw new IllegalStateException("ffprobe failed on " + f + ": " + r.errorSummary());
    }

    private static void exiftool(Peers peers, Path f) {
        Cmd.check(List.of(peers.exiftool.exe(), "-fast", "-json", f.toString()), PEER_TIMEOUT);
    }

    private static void mediainfo(Peers peers, Path f) {
        Cmd.check(List.of(peers.mediainfo.exe(), "--Output=JSON", f.toString()), PEER_TIMEOUT);
    }

    /** Runs {@code work} on every file, {@code threads} at a time; the first failure fails the measure. */
    static Void perFile(List<Path> files, int threads, Consumer<Path> work) throws Exception {
        if (threads <= 1) {
            files.forEach(work);
            return null;
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> fs = new ArrayList<>();
            for (Path f : files) fs.add(pool.submit(() -> work.accept(f)));
            for (Future<?> f : fs) f.get();
        }
        return null;
    }

    /** Says when either side was measured while other processes were busy (its figure is low). */
    static String note(String text, Timed<?> ours, Timed<?> peer) {
        if (!ours.disturbed() && !peer.disturbed()) return text;
        return text + String.format(Locale.ROOT, "; disturbed: other processes used %.2f / %.2f cores",
                ours.otherCores(), peer.otherCores());
    }

    // ---- no-change rescan (its own JVM)

    /** {@code rescan N WORK RESULT_JSON}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !args[0].equals("rescan")) {
            System.err.println("usage: ScanBench rescan FILES WORK_DIR RESULT_JSON");
            System.exit(2);
        }
        int files = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]);
        Path result = Path.of(args[3]);
        // Kept afterwards: bench/api-load serves the largest catalog the bench left behind.
        Path home = work.resolve("home-rescan-" + files);
        FfmpegTools tools = FfmpegTools.bundled();
        // Normally made by the caller beforehand, so that this JVM's memory peak is the scan's alone.
        Path corpus = rescanCorpus(tools, work, files);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("files", files);
        out.put("corpus", "0.5 s 64x64 H.264 clips, each of " + distinct(files) + " distinct ones " + COPIES
                + " times, and one non-media sidecar in " + SIDECAR_EVERY + "; 500 files per folder");
        out.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        Corpus.deleteTree(home);
        try (Dam dam = Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString())))) {
            dam.tools();
            var options = dam.scanOptions(Optional.empty(), null);
            // Copies of a catalogued clip are recorded as more locations, unprobed: a tenth of the clips is probed.
            System.err.printf(Locale.ROOT, "rescan %d: cataloguing (first scan)%n", files);
            PeakMemory children = PeakMemory.ofChildren();
            Timed<ScanReport> first;
            try (children) {
                first = Timed.once(() -> dam.scanner().scan(List.of(corpus), options));
            }
            out.put("firstScan", firstScan(files, first, children, options.workers(), mediaWorkers(dam)));
            long baseline = walk(corpus); // warms the directory cache for both measures

            System.gc();
            resetPeaks();
            Timed<ScanReport> rescan = Timed.run("rescan", () -> dam.scanner().scan(List.of(corpus), options));
            if (rescan.value().unchanged() != rescan.value().scanned()) {
                throw new IllegalStateException("the rescan found changes: " + report(rescan.value()));
            }
            Map<String, Object> rj = report(rescan.value());
            rescan.into(rj);
            rj.put("filesPerSec", Math.round(rescan.rate(baseline)));
            rj.put("filesWalked", baseline);
            rj.put("workers", options.workers());
            rj.put("peakHeapMiB", peakHeapMiB());
            rj.put("peakRssMiB", PeakMemory.selfMiB());
            rj.put("peaksCover", peaksCover);
            out.put("unchangedRescan", rj);

            Timed<Long> walked = Timed.run("walk", () -> walk(corpus));
            Map<String, Object> wj = new LinkedHashMap<>();
            walked.into(wj);
            wj.put("files", walked.value());
            wj.put("filesPerSec", Math.round(walked.rate(walked.value())));
            wj.put("how", "Files.walkFileTree reading each file's basic attributes (size, mtime, inode), one thread");
            out.put("walk", wj);
            out.put("catalogBytes", Files.size(dam.layout().catalogDb()));
        }
        AtomicFiles.write(result, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(out));
    }

    /**
     * The first scan: its rate and the peak resident memory of the whole `dam scan` process (this
     * JVM, started with the launcher's flags, from its start: nothing before the scan but opening
     * the catalog) plus its child processes'.
     */
    private static Map<String, Object> firstScan(int files, Timed<ScanReport> first, PeakMemory children, int workers,
            String mediaWorkers) {
        ScanReport r = first.value();
        Map<String, Object> m = report(r);
        first.into(m);
        m.put("filesPerSec", Math.round(files * 1000.0 / Math.max(1, r.durationMs())));
        m.put("workers", workers);
        m.put("mediaWorkers", mediaWorkers);
        // new assets are the distinct clips, each probed once; further copies only add a location
        m.put("clipsProbed", r.added());
        m.put("copiesUnprobed", r.updated());
        long jvm = PeakMemory.selfMiB();
        double kids = children.childrenPeakMiB();
        m.put("jvmPeakRssMiB", jvm);
        m.put("childrenPeakRssMiB", Timed.round2(kids));
        m.put("childProcessesSeen", children.childrenSeen());
        m.put("largestChildPeakRssMiB", Timed.round2(children.largestChildMiB()));
        m.put("largestChild", children.largestChildName());
        m.put("peakRssMiB", Timed.round2(jvm + kids));
        m.put("jvmFlags", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("peaksCover", "JVM: VmHWM of the whole process; children: the largest sum of their VmHWM over one reading "
                + "(every " + PeakMemory.EVERY_MS + " ms)");
        return m;
    }

    private static Map<String, Object> report(ScanReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scanned", r.scanned());
        m.put("added", r.added());
        m.put("updated", r.updated());
        m.put("unchanged", r.unchanged());
        m.put("skipped", r.skipped());
        m.put("failed", r.failed());
        m.put("scanMs", r.durationMs());
        return m;
    }

    private static int distinct(int files) {
        return Math.max(1, files / COPIES);
    }

    /**
     * The rescan corpus of N files in {@code work}, made when missing or incomplete (a marker next to it
     * says it is complete); returns its folder.
     */
    static Path rescanCorpus(FfmpegTools tools, Path work, int files) throws IOException {
        Path corpus = work.resolve("rescan-" + files + "-x" + COPIES);
        Path complete = work.resolve(corpus.getFileName() + ".complete");
        if (Files.exists(complete)) return corpus;
        long t0 = System.nanoTime();
        int made = makeRescanCorpus(tools, corpus, files);
        Files.writeString(complete, "");
        System.err.printf(Locale.ROOT, "rescan corpus: %d files in %s (%d new, %.1fs)%n", files, corpus, made,
                (System.nanoTime() - t0) / 1e9);
        return corpus;
    }

    /**
     * N files, 500 per folder: one in ten a tiny XMP sidecar, the rest copies of {@link #distinct}
     * 0.5 s clips that differ in a trailing byte pair. Reused when already there.
     */
    private static int makeRescanCorpus(FfmpegTools tools, Path corpus, int files) throws IOException {
        Path seed = corpus.resolve(".seed.mp4");
        if (!Files.exists(seed)) {
            Files.createDirectories(corpus);
            var r = ToolRunner.run(tools.ffmpeg(), FfmpegArgs.ffmpeg().add(
                    "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=10:duration=0.5", "-c:v", "libx264",
                    "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-f", "mp4").output(seed).list(),
                    Duration.ofMinutes(1));
            if (!r.ok()) throw new IOException("cannot make the seed clip: " + r.errorSummary());
        }
        byte[] clip = Files.readAllBytes(seed);
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        int variants = distinct(files);
        int made = 0;
        for (int i = 0; i < files; i++) {
            Path dir = corpus.resolve("batch" + (i / 500));
            boolean sidecar = i % SIDECAR_EVERY == SIDECAR_EVERY - 1;
            Path f = dir.resolve(sidecar ? "clip" + (i - 1) + ".xmp" : "clip" + i + ".mp4");
            if (Files.exists(f)) continue;
            Files.createDirectories(dir);
            if (sidecar) {
                Files.writeString(f, "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF/></x:xmpmeta>\n");
            } else {
                int v = i % variants;
                byte[] b = java.util.Arrays.copyOf(clip, clip.length + 2);
                b[b.length - 2] = (byte) (v >> 8);
                b[b.length - 1] = (byte) v;
                Files.write(f, b);
            }
            Files.setLastModifiedTime(f, old);
            made++;
        }
        return made;
    }

    /** The baseline: what any scanner must do at least, list every file with its attributes. */
    static long walk(Path root) throws IOException {
        long[] n = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getFileName().toString().startsWith(".")) return FileVisitResult.CONTINUE;
                if (attrs.isRegularFile() && attrs.size() >= 0 && attrs.lastModifiedTime() != null && attrs.fileKey() != null) n[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName() != null && dir.getFileName().toString().startsWith(".")
                        && !dir.equals(root) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }
        });
        return n[0];
    }

    /** What the peaks cover: the rescan alone when the kernel and JVM let us reset them, else the whole run. */
    private static String peaksCover = "rescan only";

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
        }
        try {
            // "5" resets the peak resident set size (VmHWM) of this process to its current size.
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            peaksCover = "heap: rescan only; RSS: the whole process (cannot reset VmHWM: " + e.getMessage() + ")";
        }
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        return peak >> 20;
    }
}
