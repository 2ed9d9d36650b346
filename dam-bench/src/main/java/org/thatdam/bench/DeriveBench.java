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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.thatdam.catalog.model.MediaInfo;
import org.thatdam.core.Json;
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
import org.thatdam.storage.AtomicFiles;

/**
 * Derivative speed with the bundled ffmpeg: hardware encoder detection, posters per second
 * (sequential and two at a time), sprite speed (key frames only and full decode) and proxy encode
 * speed as multiples of real time. Inputs are generated once (lavfi testsrc2 + sine, libx264
 * ultrafast) and kept in the work dir.
 *
 * <p>Usage: DeriveBench [quick|full] [workDir] [resultJson]. Quick: 8 poster clips and a 1-minute
 * long clip; full: 20 poster clips and a 10-minute long clip. The system property
 * {@code dam.bench.proxySec} (seconds; default 0 = the whole clip) makes the proxy measure encode
 * only a cut of the long clip (its first seconds, made with {@code -c copy} and not timed), for
 * machines where encoding 10 minutes of 1080p takes too long.
 *
 * <p>The machine may be shared (a build running next to the bench): before each measure the bench
 * waits until other processes use less than {@code dam.bench.quietCores} (0.25) cores, at most
 * {@code dam.bench.quietWaitSec} (300) s; a measure during which they used more is done again, up to
 * {@code dam.bench.attempts} (3) times, and the least disturbed is kept. Each measure reports
 * {@code otherCores}: the CPU other processes used meanwhile (see {@link CpuLoad}).
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
    /** A measure during which other processes used more cores than this is done again. */
    private static final double QUIET_CORES = Double.parseDouble(System.getProperty("dam.bench.quietCores", "0.25"));
    private static final int QUIET_WAIT_SEC = Integer.getInteger("dam.bench.quietWaitSec", 300);
    private static final int ATTEMPTS = Integer.getInteger("dam.bench.attempts", 3);

    private final FfmpegTools tools;
    private final MediaProber prober;

    private DeriveBench(FfmpegTools tools) {
        this.tools = tools;
        this.prober = new MediaProber(tools, Duration.ofMinutes(1));
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("quick");
        if (args.length > 0 && !args[0].equals("quick") && !args[0].equals("full")) {
            System.err.println("usage: DeriveBench [quick|full] [workDir] [resultJson]");
            System.exit(2);
        }
        Path work = args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir"), "dam-bench");
        Path result = args.length > 2 ? Path.of(args[2]) : null;
        int posterClips = quick ? 8 : 20;
        int longSec = quick ? 60 : 600;
        int proxySec = Integer.getInteger("dam.bench.proxySec", 0);
        if (proxySec >= longSec) proxySec = 0;

        long t0 = System.nanoTime();
        FfmpegTools tools = FfmpegTools.bundled(); // unpack before anything is timed
        System.err.printf(Locale.ROOT, "ffmpeg: %s (%.1fs to unpack)%n", tools.ffmpeg().executable(), secs(t0));
        DeriveBench b = new DeriveBench(tools);
        Files.createDirectories(work);
        Path out = Files.createTempDirectory(work, "derive-out-");

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", quick ? "quick" : "full");
        json.put("machine", machine(b.ffmpegVersion()));
        try {
            json.put("hwaccel", b.hwaccel());
            String encoder = (String) ((Map<?, ?>) json.get("hwaccel")).get("chosen");

            List<Clip> clips = b.posterClips(work.resolve("poster-clips"), posterClips);
            json.put("posters", b.posters(clips, out.resolve("posters")));

            Clip longClip = b.longClip(work, longSec);
            json.put("sprite", b.sprites(longClip, out.resolve("sprite")));

            Clip proxyInput = proxySec == 0 ? longClip : b.cut(longClip, work, proxySec);
            json.put("proxy", b.proxy(proxyInput, longClip, encoder, out.resolve("proxy.mp4")));
        } finally {
            deleteTree(out);
        }

        String text = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
        if (result != null) {
            Files.createDirectories(result.toAbsolutePath().getParent());
            AtomicFiles.write(result, text.getBytes());
            System.err.println("results: " + result);
        }
        System.out.print(table(json));
    }

    /** One measure: its result, wall time, the cores other processes used meanwhile, which attempt it was. */
    private record Timed<T>(T value, long ms, double cores, double otherCores, int attempt, double waitedSec) {
        void into(Map<String, Object> m) {
            m.put("ms", ms);
            m.put("cpuCores", Double.isNaN(cores) ? null : round2(cores));
            m.put("cpuSec", Double.isNaN(cores) ? null : round2(cores * ms / 1000));
            m.put("otherCores", Double.isNaN(otherCores) ? null : round2(otherCores));
            m.put("attempt", attempt);
        }
    }

    /** Runs {@code work} when the machine is quiet; again (up to {@code dam.bench.attempts} times) when it was disturbed. */
    private static <T> Timed<T> timed(String label, Callable<T> work) throws Exception {
        Timed<T> best = null;
        double waited = 0;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            waited += CpuLoad.waitQuiet(QUIET_CORES, QUIET_WAIT_SEC);
            CpuLoad.Sample a = CpuLoad.sample();
            long t = System.nanoTime();
            T v = work.call();
            long ms = millis(t);
            CpuLoad.Sample z = CpuLoad.sample();
            double other = CpuLoad.otherCores(a, z);
            Timed<T> now = new Timed<>(v, ms, CpuLoad.selfCores(a, z), other, attempt, waited);
            if (best == null || other < best.otherCores()) best = now;
            if (Double.isNaN(other) || other < QUIET_CORES) return now;
            System.err.printf(Locale.ROOT, "  %s: other processes used %.2f cores meanwhile%s%n", label, other,
                    attempt < ATTEMPTS ? ": again" : ": keeping the least disturbed attempt");
        }
        return best;
    }

    /** A generated input file and what ffprobe says of it. */
    private record Clip(Path file, MediaInfo info, String label) {
        double seconds() {
            return info.durationSec();
        }
    }

    // ---- 4. hardware encoder detection (run first: it is what a server does at start)

    private Map<String, Object> hwaccel() throws Exception {
        Timed<HwAccelReport> td = timed("hwaccel", () -> HwAccel.detect(tools));
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

    private Map<String, Object> posters(List<Clip> clips, Path out) throws Exception {
        Files.createDirectories(out);
        PosterMaker maker = new PosterMaker(tools, MAKER_TIMEOUT);
        // One untimed poster first: the first ffmpeg start pays for loading libraries from disk.
        maker.make(clips.get(0).file(), clips.get(0).info(), out.resolve("warm-s.jpg"), out.resolve("warm-l.jpg"), null);

        Timed<Void> seq = timed("posters sequential", () -> {
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
            par = timed("posters parallel", () -> {
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
        return m;
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

    private Map<String, Object> sprites(Clip clip, Path out) throws Exception {
        SpriteMaker maker = new SpriteMaker(tools, MAKER_TIMEOUT);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", describe(clip));
        for (boolean keyOnly : new boolean[] {true, false}) {
            String name = keyOnly ? "keyframesOnly" : "fullDecode";
            Timed<SpriteResult> td = timed("sprite " + name, () -> maker.make(clip.file(), clip.info(),
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
            System.err.printf(Locale.ROOT, "sprite %s: %d ms, %.1fx real time%n", name, ms, clip.seconds() * 1000 / ms);
        }
        return m;
    }

    // ---- 3. proxy

    private Clip cut(Clip whole, Path work, int sec) throws IOException {
        String base = whole.file().getFileName().toString().replaceFirst("\\.mp4$", "");
        Path f = work.resolve(base + "-first" + sec + "s.mp4");
        MediaInfo info = usable(f, sec, 1920, 1080);
        if (info == null) {
            Path tmp = f.resolveSibling(f.getFileName() + ".partial.mp4");
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), List.of("-nostdin", "-hide_banner", "-loglevel", "error",
                    "-y", "-i", "file:" + whole.file().toAbsolutePath(), "-map", "0", "-t", String.valueOf(sec),
                    "-c", "copy", "-movflags", "+faststart", "file:" + tmp.toAbsolutePath()), GENERATE_TIMEOUT);
            if (!r.ok()) throw new IOException("cannot cut " + whole.file() + ": " + r.errorSummary());
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            info = usable(f, sec, 1920, 1080);
            if (info == null) throw new IOException("the cut does not probe as expected: " + f);
        }
        return new Clip(f, info, "first " + sec + " s of the " + Math.round(whole.seconds()) + " s 1080p"
                + LONG_FPS + " clip");
    }

    private Map<String, Object> proxy(Clip input, Clip whole, String encoder, Path out) throws Exception {
        ProxyMaker maker = new ProxyMaker(tools, MAKER_TIMEOUT);
        Timed<ProxyResult> td = timed("proxy", () -> maker.make(input.file(), input.info(), out, encoder,
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
        List<String> args = new ArrayList<>(List.of("-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + w + "x" + h + ":rate=" + fps + ":duration=" + sec,
                "-f", "lavfi", "-i", "sine=frequency=" + toneHz + ":sample_rate=48000:duration=" + sec,
                "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", String.valueOf(gop),
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart"));
        if (progressLabel != null) args.addAll(List.of("-progress", "pipe:1", "-nostats"));
        args.add("file:" + tmp.toAbsolutePath());
        long t = System.nanoTime();
        FfmpegProgress fp = new FfmpegProgress(sec, progressLabel == null ? null : progress(progressLabel, t));
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), args, GENERATE_TIMEOUT,
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

    private String ffmpegVersion() {
        try {
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), List.of("-hide_banner", "-version"), Duration.ofSeconds(20));
            String first = r.stdoutText().lines().findFirst().orElse("");
            return first.replaceFirst("^ffmpeg version (\\S+).*", "$1");
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static Map<String, Object> machine(String ffmpegVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", Runtime.version().toString());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("cpu", cpuModel());
        m.put("ffmpeg", ffmpegVersion);
        m.put("loadAverageAtStart", CpuLoad.loadAverage());
        return m;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    // ---- the table

    private static String table(Map<String, Object> j) {
        Map<?, ?> mach = (Map<?, ?>) j.get("machine");
        Map<?, ?> hw = (Map<?, ?>) j.get("hwaccel");
        Map<?, ?> po = (Map<?, ?>) j.get("posters");
        Map<?, ?> sp = (Map<?, ?>) j.get("sprite");
        Map<?, ?> px = (Map<?, ?>) j.get("proxy");
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "derivatives (%s run): %s cores (%s), Java %s, ffmpeg %s%n",
                j.get("mode"), mach.get("cores"), mach.get("cpu"), mach.get("java"), mach.get("ffmpeg")));
        String fmt = "%-26s %-46s %9s %5s %6s  %s%n";
        b.append(String.format(Locale.ROOT, fmt, "measure", "input", "time", "cpu", "others", "result"));
        row(b, fmt, "hwaccel detect", ((List<?>) hw.get("candidates")).size() + " H.264 hardware encoders", hw,
                "chose " + hw.get("chosen") + "; listed: " + join(hw.get("listed")) + "; working: "
                        + join(hw.get("working")));
        String clips = po.get("clips") + " clips, " + po.get("clipSeconds") + " s, 360p-1080p";
        Map<?, ?> seq = (Map<?, ?>) po.get("sequential");
        Map<?, ?> par = (Map<?, ?>) po.get("parallel");
        row(b, fmt, "posters, one at a time", clips, seq, seq.get("postersPerSec") + " posters/s");
        row(b, fmt, "posters, " + par.get("threads") + " in parallel", clips, par,
                par.get("postersPerSec") + " posters/s (x" + po.get("parallelSpeedup") + " of one at a time)");
        String spIn = ((Map<?, ?>) sp.get("input")).get("description").toString();
        for (String k : List.of("keyframesOnly", "fullDecode")) {
            Map<?, ?> s = (Map<?, ?>) sp.get(k);
            row(b, fmt, "sprite, " + (k.equals("keyframesOnly") ? "key frames only" : "full decode"), spIn, s,
                    s.get("xRealTime") + "x real time (" + s.get("tiles") + " tiles)");
        }
        row(b, fmt, "proxy 720p (" + px.get("encoder") + ")", ((Map<?, ?>) px.get("input")).get("description"), px,
                px.get("xRealTime") + "x real time (" + px.get("fps") + " fps)");
        b.append("cpu: cores the bench and its ffmpeg runs used on average; others: cores other processes used"
                + " meanwhile (0 on an idle machine)\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String fmt, String measure, Object input, Map<?, ?> m, String result) {
        b.append(String.format(Locale.ROOT, fmt, measure, input, ms(m.get("ms")), cores(m.get("cpuCores")),
                cores(m.get("otherCores")), result));
    }

    private static String cores(Object c) {
        return c == null ? "?" : String.format(Locale.ROOT, "%.2f", ((Number) c).doubleValue());
    }

    private static String join(Object list) {
        List<?> l = (List<?>) list;
        return l.isEmpty() ? "none" : l.toString().replaceAll("[\\[\\]]", "");
    }

    private static String ms(Object ms) {
        return String.format(Locale.ROOT, "%.2f s", ((Number) ms).longValue() / 1000.0);
    }

    // ---- small helpers

    private static double round2(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
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
