package org.thatdam.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.derive.FfmpegProgress;
import org.thatdam.media.derive.HwAccel;
import org.thatdam.media.derive.HwAccelReport;
import org.thatdam.media.derive.HwEncoder;
import org.thatdam.media.derive.PosterMaker;
import org.thatdam.media.derive.ProxyMaker;
import org.thatdam.media.derive.ProxyResult;
import org.thatdam.media.derive.SpriteMaker;
import org.thatdam.media.derive.SpriteResult;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.probe.MediaProber;

/**
 * Derivative speed with the bundled ffmpeg: hardware encoder detection, posters per second against
 * ffmpegthumbnailer (one at a time and two at a time), sprite speed (key frames only against full
 * decode) and proxy encode speed as multiples of real time. Inputs are generated once (lavfi
 * testsrc2 + sine, libx264 ultrafast) and kept in the work dir. Quick: 8 poster clips and a
 * 1-minute long clip; full: 20 poster clips and a 10-minute long clip. The system property
 * {@code dam.bench.proxySec} (seconds; default 0 = the whole clip) makes the proxy measure encode
 * only a cut of the long clip (its first seconds, made with {@code -c copy} and not timed).
 * Every measure waits for a quiet machine and reports the load of others (see {@link Timed}).
 */
public final class DeriveBench {

    /** Poster clips: a cycle of sizes and frame rates, durations spread over 5..20 s. */
    private static final int[][] SIZES = {{640, 360}, {854, 480}, {1280, 720}, {1920, 1080}};
    private static final int[] RATES = {24, 25, 30};
    /** Key frame interval of the poster clips, in seconds (phones and cameras: 0.5..2 s). */
    private static final int POSTER_GOP_SEC = 2;
    private static final int LONG_FPS = 30, LONG_GOP = 60;
    private static final int PARALLEL = 2;
    private static final Duration MAKER_TIMEOUT = Duration.ofHours(1);
    private static final Duration GENERATE_TIMEOUT = Duration.ofHours(1);
    private final FfmpegTools tools;
    private final MediaProber prober;

    private DeriveBench(FfmpegTools tools) {
        this.tools = tools;
        this.prober = new MediaProber(tools, Duration.ofMinutes(1));
    }

    /** All derivative measures; quick: 8 poster clips and a 1-minute long clip, full: 20 and 10 minutes. */
    static Section run(FfmpegTools tools, Peers peers, Path work, boolean quick) throws Exception {
        int posterClips = quick ? 8 : 20;
        int longSec = quick ? 60 : 600;
        int proxySec = Integer.getInteger("dam.bench.proxySec", 0);
        if (proxySec >= longSec) proxySec = 0;
        DeriveBench b = new DeriveBench(tools);
        Files.createDirectories(work);
        Path out = Files.createTempDirectory(work, "derive-out-");
        Map<String, Object> json = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        try {
            json.put("hwaccel", b.hwaccel());
            String encoder = (String) ((Map<?, ?>) json.get("hwaccel")).get("chosen");

            List<Clip> clips = b.posterClips(work.resolve("poster-clips"), posterClips);
            json.put("posters", b.posters(clips, out.resolve("posters"), peers, rows));

            Clip longClip = b.longClip(work, longSec);
            json.put("sprite", b.sprites(longClip, out.resolve("sprite"), rows));

            Clip proxyInput = proxySec == 0 ? longClip : b.cut(longClip, work, proxySec);
            json.put("proxy", b.proxy(proxyInput, longClip, encoder, out.resolve("proxy.mp4"), rows));
        } finally {
            deleteTree(out);
        }
        Map<?, ?> hw = (Map<?, ?>) json.get("hwaccel");
        rows.add(Row.ours("hardware encoder detection at start", ((Number) hw.get("ms")).doubleValue(), "ms", false,
                "chose " + hw.get("chosen") + "; working: " + join(hw.get("working"))));
        return new Section(json, rows);
    }

    /** A generated input file and what ffprobe says of it. */
    private record Clip(Path file, MediaInfo info, String label) {
        double seconds() {
            return info.durationSec();
        }
    }

    // ---- 4. hardware encoder detection (run first: it is what a server does at start)

    private Map<String, Object> hwaccel() throws Exception {
        Timed<HwAccelReport> td = Timed.run("hwaccel", () -> HwAccel.detect(tools));
        HwAccelReport r = td.value();
        long ms = td.ms();
        Map<String, Object> m = new LinkedHashMap<>();
        td.into(m);
        m.put("chosen", r.chosen());
        m.put("hardware", r.hardware());
        m.put("listed", r.candidates().stream().filter(HwEncoder::listed).map(HwEncoder::name).toList());
        m.put("working", r.candidates().stream().filter(HwEncoder::works).map(HwEncoder::name).toList());
        List<Map<String, Object>> cs = new ArrayList<>();
        for (HwEncoder e : r.candidates()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", e.name());
            c.put("listed", e.listed());
            c.put("works", e.works());
            c.put("detail", e.detail());
            cs.add(c);
        }
        m.put("candidates", cs);
        System.err.printf(Locale.ROOT, "hwaccel: chose %s in %d ms%n", r.chosen(), ms);
        return m;
    }

    // ---- 1. posters

    private List<Clip> posterClips(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        List<Clip> clips = new ArrayList<>();
        long t = System.nanoTime();
        int made = 0;
        for (int i = 0; i < n; i++) {
            int[] wh = SIZES[i % SIZES.length];
            int fps = RATES[i % RATES.length];
            int sec = 5 + (i * 7) % 16; // 5..20 s, well spread
            Path f = dir.resolve(String.format(Locale.ROOT, "clip-%02d-%dx%d-%dfps-%ds.mp4", i, wh[0], wh[1], fps, sec));
            MediaInfo info = usable(f, sec, wh[0], wh[1]);
            if (info == null) {
                generate(f, wh[0], wh[1], fps, sec, fps * POSTER_GOP_SEC, 400 + 37 * i, null);
                info = usable(f, sec, wh[0], wh[1]);
                if (info == null) throw new IOException("generated clip does not probe as expected: " + f);
                made++;
            }
            clips.add(new Clip(f, info, wh[0] + "x" + wh[1] + "@" + fps + " " + sec + "s"));
        }
        System.err.printf(Locale.ROOT, "poster clips: %d in %s (%d new, %.1fs)%n", n, dir, made, secs(t));
        return clips;
    }

    private Map<String, Object> posters(List<Clip> clips, Path out, Peers peers, List<Row> rows) throws Exception {
        Files.createDirectories(out);
        PosterMaker maker = new PosterMaker(tools, MAKER_TIMEOUT);
        // One untimed poster first: the first ffmpeg start pays for loading libraries from disk.
        maker.make(clips.get(0).file(), clips.get(0).info(), out.resolve("warm-s.jpg"), out.resolve("warm-l.jpg"), null);

        Timed<Void> seq = Timed.run("posters sequential", () -> {
            for (int i = 0; i < clips.size(); i++) {
                Clip c = clips.get(i);
                maker.make(c.file(), c.info(), out.resolve("seq-" + i + "-s.jpg"), out.resolve("seq-" + i + "-l.jpg"),
                        null);
            }
            return null;
        });
        long seqMs = seq.ms();
        System.err.printf(Locale.ROOT, "posters sequential: %d in %d ms%n", clips.size(), seqMs);

        Timed<Void> par;
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            par = Timed.run("posters parallel", () -> {
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < clips.size(); i++) {
                    Clip c = clips.get(i);
                    int k = i;
                    fs.add(pool.submit(() -> maker.make(c.file(), c.info(), out.resolve("par-" + k + "-s.jpg"),
                            out.resolve("par-" + k + "-l.jpg"), null)));
                }
                for (Future<?> f : fs) f.get();
                return null;
            });
        }
        long parMs = par.ms();
        System.err.printf(Locale.ROOT, "posters %d in parallel: %d in %d ms%n", PARALLEL, clips.size(), parMs);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clips", clips.size());
        var st = clips.stream().mapToDouble(Clip::seconds).summaryStatistics();
        m.put("clipSeconds", String.format(Locale.ROOT, "%.0f-%.0f (avg %.1f)", st.getMin(), st.getMax(),
                st.getAverage()));
        m.put("inputs", clips.stream().map(Clip::label).toList());
        m.put("inputNote", "lavfi testsrc2 + sine, libx264 -preset ultrafast, key frame every "
                + POSTER_GOP_SEC + " s, AAC; media info probed beforehand (not timed), as the catalog has it");
        m.put("sequential", rate(seq, clips.size()));
        Map<String, Object> pm = rate(par, clips.size());
        pm.put("threads", PARALLEL);
        m.put("parallel", pm);
        m.put("parallelSpeedup", round2((double) seqMs / Math.max(1, parMs)));
        thumbnailer(clips, out, peers, m, seq, par, rows);
        return m;
    }

    /** The peer: {@code ffmpegthumbnailer -i IN -o OUT.jpg -s 320} on the same clips, one and two at a time. */
    private static void thumbnailer(List<Clip> clips, Path out, Peers peers, Map<String, Object> m, Timed<Void> seq,
            Timed<Void> par, List<Row> rows) throws Exception {
        int n = clips.size();
        String what = n + " clips 360p-1080p; ours: small (320) and large (1280) JPEG from the best of 5 candidate"
                + " frames; peer: one 320 JPEG";
        String seqLabel = "posters, 1 at a time: PosterMaker vs ffmpegthumbnailer";
        String parLabel = "posters, " + PARALLEL + " in parallel: PosterMaker vs ffmpegthumbnailer";
        if (!peers.thumbnailer.present()) {
            m.put("ffmpegthumbnailer", peers.thumbnailer.skipReason());
            rows.add(Row.skipped(seqLabel, seq.rate(n), "posters/s", true, peers.thumbnailer.skipReason()));
            rows.add(Row.skipped(parLabel, par.rate(n), "posters/s", true, peers.thumbnailer.skipReason()));
            return;
        }
        java.util.function.IntConsumer thumb = i -> Cmd.check(List.of(peers.thumbnailer.exe(), "-i",
                clips.get(i).file().toString(), "-o", out.resolve("peer-" + i + ".jpg").toString(), "-s", "320"),
                MAKER_TIMEOUT);
        thumb.accept(0); // untimed warm-up, as for ours
        Timed<Void> pSeq = Timed.run("ffmpegthumbnailer", () -> {
            for (int i = 0; i < n; i++) thumb.accept(i);
            return null;
        });
        Timed<Void> pPar;
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            pPar = Timed.run("ffmpegthumbnailer parallel", () -> {
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    fs.add(pool.submit(() -> thumb.accept(k)));
                }
                for (Future<?> f : fs) f.get();
                return null;
            });
        }
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("sequential", rate(pSeq, n));
        pm.put("parallel", rate(pPar, n));
        m.put("ffmpegthumbnailer", pm);
        rows.add(Row.compare(seqLabel, seq.rate(n), pSeq.rate(n), "posters/s", true, ScanBench.note(what, seq, pSeq)));
        rows.add(Row.compare(parLabel, par.rate(n), pPar.rate(n), "posters/s", true, ScanBench.note(what, par, pPar)));
    }

    private static Map<String, Object> rate(Timed<?> td, int n) {
        long ms = td.ms();
        Map<String, Object> m = new LinkedHashMap<>();
        td.into(m);
        m.put("postersPerSec", round2(n * 1000.0 / Math.max(1, ms)));
        m.put("msPerPoster", round2((double) ms / n));
        return m;
    }

    // ---- 2. sprites

    private Clip longClip(Path work, int sec) throws IOException {
        Path f = work.resolve(String.format(Locale.ROOT, "long-%ds-1920x1080-%dfps-g%d.mp4", sec, LONG_FPS, LONG_GOP));
        MediaInfo info = usable(f, sec, 1920, 1080);
        if (info == null) {
            System.err.printf(Locale.ROOT, "long clip: generating %d s of 1080p%d into %s (this takes a while)%n",
                    sec, LONG_FPS, f);
            long t = System.nanoTime();
            generate(f, 1920, 1080, LONG_FPS, sec, LONG_GOP, 440, "long clip");
            info = usable(f, sec, 1920, 1080);
            if (info == null) throw new IOException("generated clip does not probe as expected: " + f);
            System.err.printf(Locale.ROOT, "long clip: done in %.1fs%n", secs(t));
        } else {
            System.err.println("long clip: reusing " + f);
        }
        return new Clip(f, info, sec + " s 1920x1080 " + LONG_FPS + " fps H.264 (GOP " + LONG_GOP + ")/AAC");
    }

    private Map<String, Object> sprites(Clip clip, Path out, List<Row> rows) throws Exception {
        SpriteMaker maker = new SpriteMaker(tools, MAKER_TIMEOUT);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", describe(clip));
        Map<String, Timed<SpriteResult>> timings = new LinkedHashMap<>();
        for (boolean keyOnly : new boolean[] {true, false}) {
            String name = keyOnly ? "keyframesOnly" : "fullDecode";
            Timed<SpriteResult> td = Timed.run("sprite " + name, () -> maker.make(clip.file(), clip.info(),
                    out.resolve(name), keyOnly, progress("sprite " + name, System.nanoTime()), null));
            SpriteResult r = td.value();
            long ms = td.ms();
            Map<String, Object> s = new LinkedHashMap<>();
            td.into(s);
            s.put("xRealTime", round2(clip.seconds() * 1000 / Math.max(1, ms)));
            s.put("cpuSecPerMediaSec", perMediaSec(td, clip.seconds()));
            s.put("tiles", r.tiles());
            s.put("intervalSec", r.intervalSec());
            s.put("tile", r.tile().toString());
            s.put("sheets", r.sheets().size());
            m.put(name, s);
            timings.put(name, td);
            System.err.printf(Locale.ROOT, "sprite %s: %d ms, %.1fx real time%n", name, ms, clip.seconds() * 1000 / ms);
        }
        Timed<SpriteResult> key = timings.get("keyframesOnly"), full = timings.get("fullDecode");
        rows.add(Row.compare("sprite sheet " + Math.round(clip.seconds()) + " s 1080p30: key frames only vs full decode",
                clip.seconds() * 1000 / Math.max(1, key.ms()), clip.seconds() * 1000 / Math.max(1, full.ms()),
                "x real time", true, ScanBench.note("SpriteMaker both ways; the baseline decodes every frame", key, full)));
        return m;
    }

    // ---- 3. proxy

    private Clip cut(Clip whole, Path work, int sec) throws IOException {
        String base = whole.file().getFileName().toString().replaceFirst("\\.mp4$", "");
        Path f = work.resolve(base + "-first" + sec + "s.mp4");
        MediaInfo info = usable(f, sec, 1920, 1080);
        if (info == null) {
            Path tmp = f.resolveSibling(f.getFileName() + ".partial.mp4");
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), FfmpegArgs.ffmpeg().input(whole.file())
                    .add("-map", "0", "-t", String.valueOf(sec), "-c", "copy", "-movflags", "+faststart")
                    .output(tmp).list(), GENERATE_TIMEOUT);
            if (!r.ok()) throw new IOException("cannot cut " + whole.file() + ": " + r.errorSummary());
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            info = usable(f, sec, 1920, 1080);
            if (info == null) throw new IOException("the cut does not probe as expected: " + f);
        }
        return new Clip(f, info, "first " + sec + " s of the " + Math.round(whole.seconds()) + " s 1080p"
                + LONG_FPS + " clip");
    }

    private Map<String, Object> proxy(Clip input, Clip whole, String encoder, Path out, List<Row> rows) throws Exception {
        ProxyMaker maker = new ProxyMaker(tools, MAKER_TIMEOUT);
        Timed<ProxyResult> td = Timed.run("proxy", () -> maker.make(input.file(), input.info(), out, encoder,
                progress("proxy", System.nanoTime()), null));
        ProxyResult r = td.value();
        long ms = td.ms();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", describe(input));
        m.put("wholeClip", input == whole);
        if (input != whole) {
            m.put("cut", "only the first " + Math.round(input.seconds()) + " s of the " + Math.round(whole.seconds())
                    + " s clip were encoded (-Ddam.bench.proxySec; cut with -c copy beforehand, not timed); the "
                    + "synthetic clip is uniform, so the rate holds for the whole");
        }
        m.put("encoder", r.videoEncoder());
        td.into(m);
        m.put("xRealTime", round2(input.seconds() * 1000 / Math.max(1, ms)));
        m.put("cpuSecPerMediaSec", perMediaSec(td, input.seconds()));
        if (input.info().fps() != null) {
            m.put("fps", round2(input.seconds() * input.info().fps() * 1000 / Math.max(1, ms)));
        }
        m.put("output", r.size() == null ? null : r.size().toString());
        m.put("outputSeconds", r.durationSec());
        try {
            m.put("outputBytes", Files.size(r.file()));
        } catch (IOException e) {
            m.put("outputBytes", null);
        }
        System.err.printf(Locale.ROOT, "proxy: %d ms, %.2fx real time%n", ms, input.seconds() * 1000 / ms);
        rows.add(Row.ours("proxy 720p (" + r.videoEncoder() + "), " + Math.round(input.seconds()) + " s 1080p30",
                input.seconds() * 1000 / Math.max(1, ms), "x real time", true, "ProxyMaker; no peer"
                        + (td.disturbed() ? String.format(Locale.ROOT, "; disturbed: others used %.2f cores", td.otherCores()) : "")));
        return m;
    }

    // ---- inputs

    /** The file's media info when it exists and is what was asked for (a half-written or stale file is not). */
    private MediaInfo usable(Path f, int sec, int w, int h) {
        if (!Files.isRegularFile(f)) return null;
        try {
            MediaInfo info = prober.probe(f);
            boolean ok = info.durationSec() != null && Math.abs(info.durationSec() - sec) < 0.5
                    && info.width() != null && info.width() == w && info.height() != null && info.height() == h
                    && "h264".equals(info.videoCodec());
            if (!ok) System.err.printf(Locale.ROOT, "%s: not as expected (%s s, %sx%s), made again%n",
                    f.getFileName(), info.durationSec(), info.width(), info.height());
            return ok ? info : null;
        } catch (RuntimeException e) {
            System.err.println(f.getFileName() + ": unreadable (" + e.getMessage() + "), made again");
            return null;
        }
    }

    private void generate(Path f, int w, int h, int fps, int sec, int gop, int toneHz, String progressLabel)
            throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".partial.mp4");
        FfmpegArgs args = FfmpegArgs.ffmpeg().add(
                "-f", "lavfi", "-i", "testsrc2=size=" + w + "x" + h + ":rate=" + fps + ":duration=" + sec,
                "-f", "lavfi", "-i", "sine=frequency=" + toneHz + ":sample_rate=48000:duration=" + sec,
                "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", String.valueOf(gop),
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart");
        if (progressLabel != null) args.progress();
        args.output(tmp);
        long t = System.nanoTime();
        FfmpegProgress fp = new FfmpegProgress(sec, progressLabel == null ? null : progress(progressLabel, t));
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), GENERATE_TIMEOUT,
                progressLabel == null ? null : fp::accept, null);
        if (!r.ok()) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot generate " + f + ": " + r.errorSummary());
        }
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Prints every 10 % step to stderr. */
    private static org.thatdam.media.derive.ProgressListener progress(String label, long t0) {
        int[] lastStep = {0};
        return f -> {
            int step = (int) (f * 10);
            synchronized (lastStep) {
                if (step <= lastStep[0]) return;
                lastStep[0] = step;
            }
            System.err.printf(Locale.ROOT, "  %s: %3d%% (%.0fs)%n", label, step * 10, secs(t0));
        };
    }

    /** CPU seconds (this JVM and its ffmpeg runs) per second of media: much less sensitive to other load. */
    private static Double perMediaSec(Timed<?> td, double mediaSec) {
        return Double.isNaN(td.cores()) ? null : Math.round(td.cores() * td.ms() / 1000 / mediaSec * 1000) / 1000.0;
    }

    private static Map<String, Object> describe(Clip c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", c.file().getFileName().toString());
        m.put("description", c.label());
        m.put("seconds", c.seconds());
        m.put("size", c.info().width() + "x" + c.info().height());
        m.put("fps", c.info().fps());
        try {
            m.put("bytes", Files.size(c.file()));
        } catch (IOException e) {
            m.put("bytes", null);
        }
        return m;
    }

    // ---- small helpers

    private static String join(Object list) {
        List<?> l = (List<?>) list;
        return l.isEmpty() ? "none" : l.toString().replaceAll("[\\[\\]]", "");
    }

    private static double round2(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
