package org.thatdam.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.thatdam.core.Dam;
import org.thatdam.core.Json;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.scan.ScanReport;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.storage.AtomicFiles;

/**
 * Scan throughput: N small media files (distinct content) scanned into a fresh catalog, then
 * rescanned unchanged; heap after each. Usage: ScanBench [files] [workDir] [resultJson].
 */
public final class ScanBench {

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("dam-bench");
        Path result = args.length > 2 ? Path.of(args[2]) : null;
        Path corpus = work.resolve("corpus-" + files);
        Path home = work.resolve("home-" + System.nanoTime());

        long t0 = System.nanoTime();
        int made = makeCorpus(corpus, files);
        System.err.printf(Locale.ROOT, "corpus: %d files in %s (%d new, %.1fs)%n", files, corpus, made, secs(t0));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("files", files);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("java", Runtime.version().toString());
        try (Dam dam = Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString())))) {
            dam.tools(); // unpack ffmpeg before timing
            ScanReport first = dam.scanner().scan(List.of(corpus), dam.scanOptions(Optional.empty(), null));
            out.put("newScan", measure(first));
            out.put("heapAfterNewScanMiB", heapMiB());
            ScanReport second = dam.scanner().scan(List.of(corpus), dam.scanOptions(Optional.empty(), null));
            out.put("unchangedRescan", measure(second));
            out.put("heapAfterRescanMiB", heapMiB());
            out.put("peakHeapMiB", peakHeapMiB());
            out.put("catalogBytes", Files.size(dam.layout().catalogDb()));
        }
        String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out);
        System.out.println(json);
        if (result != null) {
            AtomicFiles.write(result, json.getBytes());
        }
    }

    private static Map<String, Object> measure(ScanReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scanned", r.scanned());
        m.put("added", r.added());
        m.put("unchanged", r.unchanged());
        m.put("failed", r.failed());
        m.put("ms", r.durationMs());
        m.put("filesPerSec", Math.round(r.scanned() * 1000.0 / Math.max(1, r.durationMs())));
        return m;
    }

    /** A 0.5 s 64x64 H.264 clip, copied with a distinct trailing byte pair so every file is its own asset. */
    private static int makeCorpus(Path corpus, int files) throws IOException {
        Path seed = corpus.resolve(".seed.mp4");
        if (!Files.exists(seed)) {
            Files.createDirectories(corpus);
            var r = ToolRunner.run(FfmpegTools.bundled().ffmpeg(), List.of("-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=10:duration=0.5", "-c:v", "libx264",
                    "-preset", "ultrafast", "-pix_fmt", "yuv420p", seed.toString()), Duration.ofMinutes(1));
            if (!r.ok()) throw new IOException("cannot make the seed clip: " + r.errorSummary());
        }
        byte[] clip = Files.readAllBytes(seed);
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        int made = 0;
        for (int i = 0; i < files; i++) {
            Path dir = corpus.resolve("batch" + (i / 500));
            Path f = dir.resolve("clip" + i + ".mp4");
            if (Files.exists(f)) continue;
            Files.createDirectories(dir);
            byte[] b = java.util.Arrays.copyOf(clip, clip.length + 2);
            b[b.length - 2] = (byte) (i >> 8);
            b[b.length - 1] = (byte) i;
            Files.write(f, b);
            Files.setLastModifiedTime(f, old);
            made++;
        }
        return made;
    }

    private static long heapMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        return peak >> 20;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
