package org.thatdam.media.scenes;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.thatdam.media.MediaException;
import org.thatdam.media.derive.ProgressListener;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegFailure;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ParallelRuns;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.motion.ToolSupport;
import org.thatdam.media.libav.DisplaySize;
import org.thatdam.model.DamException;
import org.thatdam.model.MediaInfo;
import org.thatdam.storage.AtomicFiles;

/**
 * Finds a video's scenes, beats and keyframes in one decoding pass.
 *
 * <p>ffmpeg decodes the video, scales every frame to {@value #WIDTH} px wide (early, so everything after works on
 * small pictures), scores each frame with {@code scdet} (its scores are printed with {@code metadata} to a file in a
 * work folder) and hands a fixed {@value #SAMPLE_FPS} samples per second to us as raw RGB. {@link CutFinder} picks
 * the cuts from the scores (precise to the frame) and checks flashes on the samples; {@link BeatPlanner} splits each
 * scene into beats; each beat's keyframe is its sharpest usable sample that looks like the beat as a whole.
 * The best sample of every second (or of every part of a second between large changes) is kept as a JPEG
 * candidate while decoding, so no second pass is needed; the chosen ones are written atomically to the keyframe
 * folder, the rest deleted with the work folder.
 *
 * <p>Speed: decoding is the cost. Pictures of at least 1280x720 decode their key frames first (nothing else is
 * decoded, which is cheap), then only the stretches between two key frames that differ are decoded frame by frame
 * (without the loop filter), one ffmpeg per core: cuts stay exact to the frame and a still or slowly changing shot
 * costs its key frames only. Smaller pictures are decoded whole; videos of at least twice {@value #MIN_CHUNK_SEC} s
 * in time chunks by parallel ffmpeg processes, every chunk after the first starting {@value #LEAD_SEC} s early so
 * that its first scores compare with real predecessors.
 */
public final class SceneDetector {

    static final int WIDTH = 320;
    static final int SAMPLE_FPS = 5;
    static final double MIN_CHUNK_SEC = 20;
    static final int LEAD_SEC = 1;
    /** From this many pixels on, B-frames and the loop filter are skipped. */
    static final long FAST_DECODE_PIXELS = 1280L * 720;
    /** A change of the thumbnail this large between samples starts a new keyframe candidate bucket. */
    static final double BUCKET_CHANGE = 15;
    private static final String SCORES_FILE = "scd.txt";

    private final FfmpegTools tools;
    private final Duration timeout;
    private final int parallelism;
    private final double minChunkSec;
    private long fastDecodePixels = FAST_DECODE_PIXELS;

    public SceneDetector(FfmpegTools tools, Duration timeout) {
        this(tools, timeout, Runtime.getRuntime().availableProcessors(), MIN_CHUNK_SEC);
    }

    /** With at most {@code parallelism} ffmpeg processes, each chunk at least {@code minChunkSec} long. */
    public SceneDetector(FfmpegTools tools, Duration timeout, int parallelism, double minChunkSec) {
        if (parallelism < 1 || !(minChunkSec >= 2)) {
            throw DamException.invalid("parallelism must be at least 1 and chunks at least 2 s long");
        }
        this.tools = tools;
        this.timeout = timeout;
        this.parallelism = parallelism;
        this.minChunkSec = minChunkSec;
    }

    /** Decodes key frames first from this many pixels on (tests use it on small pictures). */
    SceneDetector fastFrom(long pixels) {
        this.fastDecodePixels = pixels;
        return this;
    }

    /**
     * Analyses {@code input} and writes one keyframe JPEG per beat into {@code keyframeDir} (created; it should be
     * a new, empty folder of ours). A work folder beside it is removed whatever happens.
     */
    public SceneAnalysis detect(Path input, MediaInfo info, Path keyframeDir, ProgressListener progress,
                                BooleanSupplier cancel) {
        MediaInput.checkReadable(input);
        MediaInfo m = ToolSupport.complete(info, tools, timeout, input);
        if (!ToolSupport.hasVideo(m)) {
            throw new MediaException(input.getFileName() + " has no video stream: it has no scenes");
        }
        ToolRunner.checkCancelled(cancel);
        Geometry g = Geometry.of(m, fastDecodePixels);
        double duration = m.durationSec() != null && m.durationSec() > 0 ? m.durationSec() : 0;
        int chunks = (int) Math.max(1, Math.min(parallelism, Math.floor(duration / minChunkSec)));
        List<Chunk> plan = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            int start = (int) Math.round(duration * i / chunks);
            int end = (int) Math.round(duration * (i + 1) / chunks);
            plan.add(new Chunk(i, start, end, i == chunks - 1, i == 0 ? 0 : LEAD_SEC, false));
        }
        Path work = keyframeDir.resolveSibling("." + keyframeDir.getFileName() + ".work");
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        try {
            Files.createDirectories(keyframeDir);
            Files.createDirectories(work);
            Progress shared = new Progress(Math.max(1, (int) Math.ceil(duration * SAMPLE_FPS)), listener);
            List<ChunkResult> results = g.fast() ? keyframesFirst(input, m, g, work, listener, cancel, duration)
                    : run(input, plan, g, work, shared, cancel);
            List<Sample> samples = new ArrayList<>();
            List<CutFinder.Score> scores = new ArrayList<>();
            List<Candidate> candidates = new ArrayList<>();
            for (ChunkResult r : results) {
                samples.addAll(r.samples);
                scores.addAll(r.scores);
                candidates.addAll(r.candidates);
            }
            samples.sort(Comparator.comparingDouble(Sample::t));
            scores.sort(Comparator.comparingDouble(CutFinder.Score::t));
            candidates.sort(Comparator.comparingDouble(c -> c.sample().t()));
            if (samples.isEmpty() || candidates.isEmpty()) {
                throw new MediaException("cannot find scenes: no video frame of " + input.getFileName()
                        + " could be decoded");
            }
            double end = duration > 0 ? duration : samples.get(samples.size() - 1).t() + 1.0 / SAMPLE_FPS;
            List<CutFinder.Cut> cuts = CutFinder.cap(CutFinder.cuts(scores, samples), CutFinder.maxScenes(end));
            SceneAnalysis analysis = assemble(end, cuts, samples, candidates, keyframeDir);
            listener.progress(1.0);
            return analysis;
        } catch (IOException e) {
            throw new MediaException("cannot write keyframes: " + e.getMessage(), e);
        } finally {
            deleteTree(work);
        }
    }

    // ---- assembling

    private static SceneAnalysis assemble(double duration, List<CutFinder.Cut> cuts, List<Sample> samples,
                                          List<Candidate> candidates, Path keyframeDir) throws IOException {
        List<SceneAnalysis.DetectedScene> scenes = new ArrayList<>();
        int beatNo = 0;
        double beatSec = BeatPlanner.targetSec(duration, cuts.size() + 1);
        for (int i = 0; i <= cuts.size(); i++) {
            double start = i == 0 ? 0 : cuts.get(i - 1).t();
            double end = i == cuts.size() ? duration : cuts.get(i).t();
            double score = i == 0 ? 0 : cuts.get(i - 1).score();
            List<Sample> inScene = within(samples, start, end);
            double[] sceneMean = meanThumb(inScene);
            List<SceneAnalysis.DetectedBeat> beats = new ArrayList<>();
            SceneAnalysis.DetectedBeat best = null;
            double bestRank = Double.NEGATIVE_INFINITY;
            for (BeatPlanner.Span span : BeatPlanner.beats(start, end, inScene, beatSec)) {
                List<Sample> inBeat = within(inScene, span.start(), span.end());
                Candidate c = keyframe(span, start, end, inBeat, candidates);
                String name = String.format(java.util.Locale.ROOT, "beat-%05d.jpg", beatNo++);
                AtomicFiles.write(keyframeDir.resolve(name), Files.readAllBytes(c.file()));
                SceneAnalysis.DetectedBeat beat = new SceneAnalysis.DetectedBeat(span.start(), span.end(),
                        c.sample().t(), name, c.sample().sharpness());
                beats.add(beat);
                double rank = rank(c.sample(), sceneMean);
                if (best == null || rank > bestRank) {
                    best = beat;
                    bestRank = rank;
                }
            }
            scenes.add(new SceneAnalysis.DetectedScene(start, end, score, best.keyframeSec(), best.keyframe(), beats));
        }
        return new SceneAnalysis(duration, scenes);
    }

    /**
     * The beat's most representative sharp candidate: usable pictures first, then sharpness weighed down by the
     * distance from the beat's mean picture. Without a candidate inside the beat, the nearest one of the scene,
     * else the nearest one at all.
     */
    static Candidate keyframe(BeatPlanner.Span beat, double sceneStart, double sceneEnd, List<Sample> inBeat,
                              List<Candidate> candidates) {
        double[] mean = meanThumb(inBeat);
        Candidate best = null;
        double bestRank = Double.NEGATIVE_INFINITY;
        for (Candidate c : candidates) {
            double t = c.sample().t();
            if (t >= beat.start() && t < beat.end()) {
                double rank = mean == null ? c.sample().sharpness() : rank(c.sample(), mean);
                if (best == null || rank > bestRank) {
                    best = c;
                    bestRank = rank;
                }
            }
        }
        if (best != null) {
            return best;
        }
        double middle = (beat.start() + beat.end()) / 2;
        Comparator<Candidate> near = Comparator.comparingDouble(c -> Math.abs(c.sample().t() - middle));
        return candidates.stream().filter(c -> c.sample().t() >= sceneStart && c.sample().t() < sceneEnd).min(near)
                .orElseGet(() -> candidates.stream().min(near).orElseThrow());
    }

    private static double rank(Sample s, double[] mean) {
        double r = s.sharpness() / (1 + (mean == null ? 0 : Pictures.distance(s.thumb(), mean)) / 20);
        return s.usable() ? r + 1e9 : r; // a usable picture beats any black, white or flat one
    }

    private static double[] meanThumb(List<Sample> samples) {
        if (samples.isEmpty()) {
            return null;
        }
        double[] mean = new double[Pictures.THUMB_W * Pictures.THUMB_H];
        for (Sample s : samples) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += (s.thumb()[i] & 0xff);
            }
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= samples.size();
        }
        return mean;
    }

    private static List<Sample> within(List<Sample> samples, double start, double end) {
        int from = CutFinder.firstAtOrAfter(samples, start);
        int to = CutFinder.firstAtOrAfter(samples, end);
        return samples.subList(from, Math.max(from, to));
    }

    // ---- decoding

    /** The analysis picture size (display aspect, even sides) and how to decode. */
    private record Geometry(int width, int height, boolean fast) {
        static Geometry of(MediaInfo m, long fastPixels) {
            DisplaySize d = DisplaySize.fromProbeJson(m.rawJson(), m.rotation())
                    .orElseGet(() -> new DisplaySize(m.width(), m.height()));
            int width = Math.max(2, Math.min(WIDTH, d.width()) / 2 * 2);
            int height = Math.max(2, (int) Math.round(width * (double) d.height() / d.width() / 2) * 2);
            return new Geometry(width, height, (long) m.width() * m.height() >= fastPixels);
        }

        int frameBytes() {
            return width * height * 3;
        }
    }

    /**
     * Seconds {@code [start, end)} of the video, decoded from {@code lead} s before {@code start} (a chunk of the
     * whole: whole seconds, so every chunk's samples fall on one grid), or from the key frame at {@code start}
     * ({@code atKeyframe}: a region between two key frames).
     */
    private record Chunk(int index, double start, double end, boolean last, double lead, boolean atKeyframe) {}

    /** The best sample of a bucket, as a JPEG in the work folder. */
    record Candidate(Sample sample, Path file) {}

    private static final class ChunkResult {
        final List<Sample> samples = new ArrayList<>();
        final List<CutFinder.Score> scores = new ArrayList<>();
        final List<Candidate> candidates = new ArrayList<>();
    }

    private List<ChunkResult> run(Path input, List<Chunk> plan, Geometry g, Path work, Progress progress,
                                  BooleanSupplier cancel) throws IOException {
        return ParallelRuns.all(plan, parallelism, cancel, "scene detection",
                (c, stop) -> decode(input, c, g, work, progress, stop, plan.size()));
    }

    private ChunkResult decode(Path input, Chunk c, Geometry g, Path work, Progress progress, BooleanSupplier cancel,
                               int chunks) throws IOException {
        Path dir = work.resolve((c.atKeyframe() ? "region-" : "chunk-") + c.index());
        Files.createDirectories(dir);
        FfmpegArgs args = FfmpegArgs.ffmpeg();
        if (chunks > 1) {
            args.add("-threads", "1"); // the parallelism comes from the chunks
        }
        if (g.fast()) {
            args.add("-skip_loop_filter", "all", "-flags2", "fast"); // every frame, for the cut's exact one
        }
        // At a key frame: seek a hair past it without discarding what comes before the seek point, so decoding
        // starts exactly at that key frame, which is kept as the first frame.
        double seek = c.atKeyframe() ? c.start() + 0.001 : Math.max(0, c.start() - c.lead());
        if (c.atKeyframe()) {
            args.add("-noaccurate_seek");
        }
        if (seek > 0) {
            args.add("-ss", FfmpegArgs.num(seek));
        }
        if (!c.last()) {
            args.add("-t", FfmpegArgs.num(c.end() - seek));
        }
        // The scores go to a file named relative to the work folder (ffmpeg's working directory), so no path of
        // ours needs escaping inside the filter graph.
        args.input(input).add("-map", "0:V:0", "-an", "-sn", "-dn",
                "-vf", "scale=" + g.width() + ":" + g.height() + ":flags=area,setsar=1,format=rgb24,"
                        + "scdet=threshold=100,metadata=mode=print:key=lavfi.scd.score:file=" + SCORES_FILE
                        // round=up: the sample at T is the picture on screen at T (the last frame from T or before),
                        // so no sample before a cut shows the next shot
                        + ",fps=" + SAMPLE_FPS + ":start_time=0:round=up",
                "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1");
        ChunkResult out = new ChunkResult();
        Buckets buckets = new Buckets(g, dir, out.candidates);
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), timeout, (InputStream in) -> {
            byte[] frame = new byte[g.frameBytes()];
            for (int k = 0; in.readNBytes(frame, 0, frame.length) == frame.length; k++) {
                double t = seek + k / (double) SAMPLE_FPS;
                if (t < c.start() - 1e-9 || (!c.last() && t >= c.end() - 1e-9)) {
                    continue; // the lead-in, or a sample the next chunk has
                }
                Sample s = Pictures.sample(t, frame, g.width(), g.height());
                buckets.add(s, frame);
                out.samples.add(s);
                progress.one();
            }
            buckets.close();
        }, cancel, dir);
        if (!r.ok()) {
            throw FfmpegFailure.of("cannot find scenes", r, input);
        }
        Path scoresFile = dir.resolve(SCORES_FILE);
        if (Files.exists(scoresFile)) {
            for (CutFinder.Score s : parseScores(Files.readString(scoresFile, StandardCharsets.UTF_8), seek)) {
                if (s.t() >= c.start() - 1e-3 || c.lead() == 0) {
                    out.scores.add(s);
                }
            }
        }
        return out;
    }

    /**
     * Large pictures: the key frames alone are decoded first (cheap: nothing else is), then only the stretches between
     * two key frames that look different (or that scdet scores as a change) are decoded whole, frame by frame, in
     * parallel: a cut can only be where the picture changed. A shot that starts and ends between the same two key
     * frames and returns to the same picture is not seen.
     */
    private List<ChunkResult> keyframesFirst(Path input, MediaInfo m, Geometry g, Path work, ProgressListener listener,
                                             BooleanSupplier cancel, double duration) throws IOException {
        ChunkResult keys = decodeKeyframes(input, g, work.resolve("keys"), cancel);
        listener.progress(0.2);
        double frame = m.fps() != null && m.fps() > 0 && m.fps() < 1000 ? 1 / m.fps() : 0.04;
        List<Chunk> regions = new ArrayList<>();
        List<Sample> k = keys.samples;
        for (int i = 0; i < k.size(); i++) {
            boolean lastKey = i == k.size() - 1;
            boolean changed = lastKey
                    ? duration - k.get(i).t() > frame // after the last key frame nothing tells: look
                    : Pictures.distance(k.get(i).thumb(), k.get(i + 1).thumb()) >= REGION_CHANGE
                    || keyScore(keys.scores, i + 1) >= CutFinder.CUT_SCORE;
            if (!changed) continue;
            double start = k.get(i).t();
            double end = lastKey ? Math.max(duration, start + frame) : k.get(i + 1).t() + frame / 2;
            Chunk prev = regions.isEmpty() ? null : regions.get(regions.size() - 1);
            if (prev != null && prev.end() >= start) {
                regions.set(regions.size() - 1, new Chunk(prev.index(), prev.start(), end, lastKey, 0, true));
            } else {
                regions.add(new Chunk(regions.size(), start, end, lastKey, 0, true));
            }
        }
        List<ChunkResult> out = new ArrayList<>();
        ChunkResult keyframes = new ChunkResult();
        keyframes.samples.addAll(keys.samples);
        keyframes.candidates.addAll(keys.candidates); // their scores compare pictures seconds apart: not cuts
        out.add(keyframes);
        if (!regions.isEmpty()) {
            double total = regions.stream().mapToDouble(r -> r.end() - r.start()).sum();
            Progress p = new Progress(Math.max(1, (int) Math.ceil(total * SAMPLE_FPS)), f -> listener.progress(0.2 + 0.8 * f));
            out.addAll(run(input, regions, g, work, p, cancel));
        }
        return out;
    }

    /** Thumbnail distance between neighbouring key frames from which the stretch between them is decoded whole. */
    static final double REGION_CHANGE = 6;

    private static double keyScore(List<CutFinder.Score> scores, int i) {
        return i < scores.size() ? scores.get(i).score() : 0;
    }

    /** Every key frame as a sample (its time from the scores file) and a keyframe candidate; scores between them. */
    private ChunkResult decodeKeyframes(Path input, Geometry g, Path dir, BooleanSupplier cancel) throws IOException {
        Files.createDirectories(dir);
        FfmpegArgs args = FfmpegArgs.ffmpeg().add("-threads", "1", "-skip_frame", "nokey", "-skip_loop_filter", "all",
                "-flags2", "fast").input(input).add("-map", "0:V:0", "-an", "-sn", "-dn",
                "-vf", "scale=" + g.width() + ":" + g.height() + ":flags=area,setsar=1,format=rgb24,"
                        + "scdet=threshold=100,metadata=mode=print:key=lavfi.scd.score:file=" + SCORES_FILE,
                "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1");
        List<Sample> untimed = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), timeout, (InputStream in) -> {
            byte[] frame = new byte[g.frameBytes()];
            while (in.readNBytes(frame, 0, frame.length) == frame.length) {
                Path file = dir.resolve("key-" + files.size() + ".jpg");
                Files.write(file, jpeg(frame, g.width(), g.height()));
                files.add(file);
                untimed.add(Pictures.sample(0, frame, g.width(), g.height()));
            }
        }, cancel, dir);
        if (!r.ok()) {
            throw FfmpegFailure.of("cannot find scenes", r, input);
        }
        Path scoresFile = dir.resolve(SCORES_FILE);
        List<CutFinder.Score> scores = Files.exists(scoresFile)
                ? parseScores(Files.readString(scoresFile, StandardCharsets.UTF_8), 0) : List.of();
        ChunkResult out = new ChunkResult();
        for (int i = 0; i < Math.min(untimed.size(), scores.size()); i++) {
            Sample u = untimed.get(i);
            Sample s = new Sample(Math.max(0, scores.get(i).t()), u.mean(), u.contrast(), u.sharpness(), u.thumb());
            out.samples.add(s);
            out.scores.add(scores.get(i));
            out.candidates.add(new Candidate(s, files.get(i)));
        }
        return out;
    }

    /**
     * Reads {@code metadata=mode=print} output: a {@code frame:N pts:P pts_time:T} line per frame, followed by
     * {@code lavfi.scd.score=V}. Times are shifted by the chunk's seek.
     */
    static List<CutFinder.Score> parseScores(String text, double offset) {
        List<CutFinder.Score> out = new ArrayList<>();
        Double t = null;
        for (String line : text.split("\n")) {
            int at = line.indexOf("pts_time:");
            if (line.startsWith("frame:") && at >= 0) {
                t = number(line.substring(at + "pts_time:".length()).trim());
            } else if (line.startsWith("lavfi.scd.score=") && t != null) {
                Double v = number(line.substring("lavfi.scd.score=".length()).trim());
                if (v != null) {
                    out.add(new CutFinder.Score(offset + t, v));
                }
                t = null;
            }
        }
        return out;
    }

    private static Double number(String s) {
        try {
            double v = Double.parseDouble(s.split("\\s+")[0]);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Keeps the best sample of each bucket (a second, cut short by a large change so that no bucket spans a cut)
     * and writes it as a JPEG candidate when the bucket closes.
     */
    private static final class Buckets {
        private final Geometry g;
        private final Path dir;
        private final List<Candidate> out;
        private Sample best;
        private byte[] bestPixels;
        private Sample last;
        private double bestRank;

        Buckets(Geometry g, Path dir, List<Candidate> out) {
            this.g = g;
            this.dir = dir;
            this.out = out;
        }

        void add(Sample s, byte[] rgb) throws IOException {
            if (last != null && ((int) Math.floor(s.t()) != (int) Math.floor(last.t())
                    || Pictures.distance(last.thumb(), s.thumb()) >= BUCKET_CHANGE)) {
                close();
            }
            last = s;
            double rank = rank(s, null);
            if (best == null || rank > bestRank) {
                best = s;
                bestRank = rank;
                if (bestPixels == null) {
                    bestPixels = new byte[rgb.length];
                }
                System.arraycopy(rgb, 0, bestPixels, 0, rgb.length);
            }
        }

        void close() throws IOException {
            if (best == null) {
                return;
            }
            Path file = dir.resolve("k" + out.size() + ".jpg");
            Files.write(file, jpeg(bestPixels, g.width(), g.height()));
            out.add(new Candidate(best, file));
            best = null;
        }
    }

    static byte[] jpeg(byte[] rgb, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < bgr.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Samples received by all chunks, reported as a fraction in steps of about 1 %. */
    private static final class Progress {
        final int total;
        final ProgressListener listener;
        final AtomicInteger received = new AtomicInteger();
        int lastPercent = -1;

        Progress(int total, ProgressListener listener) {
            this.total = total;
            this.listener = listener;
        }

        void one() {
            int percent = (int) Math.min(99, received.incrementAndGet() * 100L / total);
            synchronized (this) {
                if (percent <= lastPercent) {
                    return;
                }
                lastPercent = percent;
            }
            listener.progress(percent / 100.0);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(ToolSupport::deleteQuietly);
        } catch (IOException ignored) {
            // best effort: a leftover work folder starts with a dot and is removed with the scenes folder
        }
    }
}
