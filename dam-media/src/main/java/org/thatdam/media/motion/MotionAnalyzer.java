package org.thatdam.media.motion;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.model.AssetKind;
import org.thatdam.model.DamException;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.derive.ProgressListener;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegFailure;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ParallelRuns;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.libav.DecodedFrame;
import org.thatdam.media.libav.FrameRequest;
import org.thatdam.media.worker.MediaWorkers;

/**
 * Measures motion in a video as {@link MotionAnalysis}: at most {@value #MAX_SAMPLE_FPS} evenly
 * spaced samples per second, each a {@value #WIDTH}-pixel-wide grey picture, scored in Java by
 * {@link FrameScorer}.
 *
 * <p>Speed: full decoding of 1080p H.264 is far slower than motion needs. B-frames are not decoded
 * at all ({@code -skip_frame bidir}, with the loop filter off); {@code fps} then repeats the last
 * decoded frame for the samples that fell on a skipped frame. Such byte-identical repeats get the
 * score of the next real comparison (which spans the gap) instead of a false "no motion"; a longer
 * run of repeats is a real freeze and stays at zero. Since the decoder works on one core when it
 * skips frames, a long input is split into time chunks of at least {@value #MIN_CHUNK_SEC} s decoded
 * by parallel decoders (one per core); every chunk after the first starts one sample early
 * and uses that frame only as the reference for its first sample, so chunk borders are seamless.
 *
 * <p>The decoders are the media workers when there are any (libavcodec in-process, scaled to grey
 * by swscale's area filter: no process start, no filter graph, no pipe of raw video), else ffmpeg
 * processes with the same options. Both take the samples as ffmpeg's {@code fps} filter does.
 */
public final class MotionAnalyzer {

    static final int WIDTH = 160;
    static final double MAX_SAMPLE_FPS = 10;
    static final double MIN_CHUNK_SEC = 5;
    /** Repeats up to this many samples long are B-frame gaps, not freezes. */
    static final int MAX_GAP_SAMPLES = 4;

    private final FfmpegTools tools;
    private final Duration timeout;
    private final int parallelism;
    /** Null: ffmpeg processes decode. */
    private final MediaWorkers workers;

    public MotionAnalyzer(FfmpegTools tools, Duration timeout) {
        this(tools, timeout, Runtime.getRuntime().availableProcessors());
    }

    /** With at most {@code parallelism} decoders at once (1: never split), the configured media workers. */
    public MotionAnalyzer(FfmpegTools tools, Duration timeout, int parallelism) {
        this(tools, timeout, parallelism, MediaWorkers.configured());
    }

    /** As {@link #MotionAnalyzer(FfmpegTools, Duration, int)} decoding in {@code workers} (null: ffmpeg processes). */
    public MotionAnalyzer(FfmpegTools tools, Duration timeout, int parallelism, MediaWorkers workers) {
        if (parallelism < 1) {
            throw DamException.invalid("parallelism must be at least 1, not " + parallelism);
        }
        this.tools = tools;
        this.timeout = timeout;
        this.parallelism = parallelism;
        this.workers = workers;
    }

    public MotionAnalysis analyze(Path input, MediaInfo media, ProgressListener progress, BooleanSupplier cancelled) {
        return analyze(input, media, MotionOptions.defaults(), progress, cancelled);
    }

    /** As {@link #analyze(Path, MediaInfo, ProgressListener, BooleanSupplier)} with the pixel threshold of {@code options}. */
    public MotionAnalysis analyze(Path input, MediaInfo media, MotionOptions options, ProgressListener progress,
                                  BooleanSupplier cancelled) {
        MediaInput.checkReadable(input);
        MediaInfo m = ToolSupport.complete(media, tools, timeout, input);
        if (m.kind() == AssetKind.IMAGE) {
            throw new MediaException(input.getFileName() + " is a still image: there is no motion to analyze");
        }
        if (!ToolSupport.hasVideo(m)) {
            throw new MediaException(input.getFileName() + " has no video stream");
        }
        ToolRunner.checkCancelled(cancelled);
        double duration = m.durationSec() != null && m.durationSec() > 0 ? m.durationSec() : 0;
        Geometry g = Geometry.of(m, options.pixelThreshold());
        double fps = g.fps();
        int total = Math.max(1, (int) Math.ceil(duration * fps - 1e-6));
        int chunks = (int) Math.max(1, Math.min(parallelism, Math.floor(duration / MIN_CHUNK_SEC)));

        List<Chunk> plan = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            int first = (int) Math.round((long) total * i / (double) chunks);
            int end = (int) Math.round((long) total * (i + 1) / (double) chunks);
            plan.add(new Chunk(i, first, end, i == chunks - 1));
        }
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Progress shared = new Progress(total, listener);
        List<ChunkResult> results = run(input, plan, g, shared, cancelled);

        float[] scores = new float[total];
        float[] diffs = new float[total];
        boolean[] repeat = new boolean[total];
        int n = 0;
        for (ChunkResult r : results) {
            int take = Math.min(r.count, total - n);
            System.arraycopy(r.scores, 0, scores, n, take);
            System.arraycopy(r.diffs, 0, diffs, n, take);
            System.arraycopy(r.repeat, 0, repeat, n, take);
            n += take;
            if (!r.chunk.last && take < r.chunk.size()) {
                // A chunk that ended early (damage, a stream shorter than the file): its missing
                // samples repeat its last picture, like a freeze.
                for (int k = take; k < r.chunk.size(); k++) {
                    repeat[n++] = true;
                }
            }
        }
        if (n == 0) {
            throw new MediaException("cannot analyze motion: no video frame of " + input.getFileName() + " could be decoded");
        }
        fillGaps(scores, diffs, repeat, n);
        listener.progress(1.0);
        return new MotionAnalysis(duration > 0 ? duration : n / fps, fps,
                java.util.Arrays.copyOf(scores, n), java.util.Arrays.copyOf(diffs, n));
    }

    /**
     * The change between the pictures at two times, as {@link MotionAnalysis#frameDiffs()} measures
     * it, but from a full decode (every frame, with the loop filter). The fast analysis skips
     * B-frames and deblocking, so its pictures drift from the real ones until the next key frame:
     * on a still picture, a key frame then looks like a one-sample change. This tells such a
     * decoder artefact from a real change (a slide that changes once and stays).
     */
    public double exactDifference(Path input, MediaInfo media, double fromSec, double toSec, BooleanSupplier cancelled) {
        MediaInfo m = ToolSupport.complete(media, tools, timeout, input);
        Geometry g = Geometry.of(m, MotionOptions.defaults().pixelThreshold());
        int frames = (int) Math.round((toSec - fromSec) * g.fps()) + 1;
        if (frames < 2) {
            throw DamException.invalid("nothing to compare between " + fromSec + " s and " + toSec + " s");
        }
        byte[][] ends = MediaWorkers.orProcesses(workers, () -> endsInWorkers(input, g, Math.max(0, fromSec), frames, cancelled),
                () -> endsInFfmpeg(input, g, Math.max(0, fromSec), frames, cancelled));
        if (ends == null) {
            throw new MediaException("cannot compare pictures: fewer than two frames decoded between "
                    + FfmpegArgs.num(fromSec) + " s and " + FfmpegArgs.num(toSec) + " s of " + input.getFileName());
        }
        FrameScorer scorer = new FrameScorer(g.width(), g.height(), g.pixelThreshold());
        scorer.next(ends[0]);
        return scorer.next(ends[1]).diff();
    }

    /** The first and the last of {@code frames} samples from {@code fromSec}, fully decoded; null when fewer than two came. */
    private byte[][] endsInFfmpeg(Path input, Geometry g, double fromSec, int frames, BooleanSupplier cancelled) {
        FfmpegArgs args = FfmpegArgs.ffmpeg().add("-ss", FfmpegArgs.num(fromSec)).input(input)
                .add("-map", "0:V:0", "-an", "-sn", "-dn",
                "-vf", "fps=" + FfmpegArgs.num(g.fps()) + ":start_time=0,scale=" + g.width() + ":" + g.height()
                        + ":flags=area,format=gray",
                "-frames:v", Integer.toString(frames), "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1");
        byte[] first = new byte[g.frameBytes()];
        byte[] last = new byte[g.frameBytes()];
        int[] read = {0};
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), timeout, (InputStream in) -> {
            byte[] frame = new byte[g.frameBytes()];
            while (in.readNBytes(frame, 0, frame.length) == frame.length) {
                System.arraycopy(frame, 0, read[0] == 0 ? first : last, 0, frame.length);
                read[0]++;
            }
        }, cancelled, null);
        if (!r.ok()) {
            throw FfmpegFailure.of("cannot compare pictures", r, input);
        }
        return read[0] < 2 ? null : new byte[][] {first, last};
    }

    private byte[][] endsInWorkers(Path input, Geometry g, double fromSec, int frames, BooleanSupplier cancelled) {
        byte[][] ends = new byte[2][];
        workers.frames("cannot compare pictures", input, g.request(fromSec, frames / g.fps(), false), f -> {
            if (ends[0] != null && f.index() > frames - 1) {
                if (ends[1] == null) {
                    ends[1] = ends[0]; // no new picture up to the last sample: it shows the first again
                }
                return false;
            }
            byte[] picture = g.fit(f);
            if (ends[0] == null) {
                ends[0] = picture;
            } else {
                ends[1] = picture;
            }
            return f.index() < frames - 1;
        }, cancelled, timeout);
        return ends[1] == null ? null : ends;
    }

    /**
     * A short run of repeated pictures is a B-frame gap: the motion across it is the one measured by
     * the first real picture after it, spread back over the run (at the end of the stream: the one
     * before it). A longer run is a real freeze and keeps its zeros.
     */
    static void fillGaps(float[] scores, float[] diffs, boolean[] repeat, int n) {
        int i = 1;
        while (i < n) {
            if (!repeat[i]) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && repeat[j]) {
                j++;
            }
            if (j - i <= MAX_GAP_SAMPLES) {
                int from = j < n ? j : i - 1;
                for (int k = i; k < j; k++) {
                    scores[k] = scores[from];
                    diffs[k] = diffs[from];
                }
            }
            i = j;
        }
    }

    private record Geometry(int width, int height, double fps, double pixelThreshold) {
        static Geometry of(MediaInfo m, double pixelThreshold) {
            double fps = m.fps() != null && m.fps() > 0 && m.fps() < 1000 ? Math.min(MAX_SAMPLE_FPS, m.fps()) : MAX_SAMPLE_FPS;
            int width = Math.min(WIDTH, evenDown(m.width()));
            int height = Math.max(2, (int) Math.round(width * (double) m.height() / m.width() / 2) * 2);
            return new Geometry(width, height, fps, pixelThreshold);
        }

        int frameBytes() {
            return width * height;
        }

        /** Grey samples of this size from {@code startSec} ({@code durationSec} 0: to the end); {@code fast}: references only. */
        FrameRequest request(double startSec, double durationSec, boolean fast) {
            return new FrameRequest(null, new FrameRequest.Sampling(startSec, durationSec, fps), width, height,
                    FrameRequest.PixelFormat.GRAY, FrameRequest.Scaler.AREA, false, fast, true, false);
        }

        /**
         * The frame's pixels at exactly this size: the decoder rounds an odd scaled side its own way, so a
         * picture a row or column off is cropped or padded by repeating its edge (invisible to the scores).
         */
        byte[] fit(DecodedFrame f) {
            if (f.format() != FrameRequest.PixelFormat.GRAY || f.width() < 1 || f.height() < 1
                    || f.pixels().length != f.width() * f.height()) {
                throw new MediaException("the media decoder returned a frame of an unexpected form");
            }
            if (f.width() == width && f.height() == height) {
                return f.pixels();
            }
            byte[] out = new byte[frameBytes()];
            for (int y = 0; y < height; y++) {
                int sy = Math.min(y, f.height() - 1) * f.width();
                for (int x = 0; x < width; x++) {
                    out[y * width + x] = f.pixels()[sy + Math.min(x, f.width() - 1)];
                }
            }
            return out;
        }
    }

    /** Samples {@code [first, end)} of the whole; all but the first chunk decode one sample early as reference. */
    private record Chunk(int index, int first, int end, boolean last) {
        int size() {
            return end - first;
        }
    }

    private static final class ChunkResult {
        final Chunk chunk;
        final float[] scores;
        final float[] diffs;
        final boolean[] repeat;
        int count;

        ChunkResult(Chunk chunk) {
            this.chunk = chunk;
            scores = new float[chunk.size()];
            diffs = new float[chunk.size()];
            repeat = new boolean[chunk.size()];
        }

        /** The next sample's comparison with the one before (null: the first of the stream, nothing to compare). */
        void add(FrameScorer.Result s) {
            if (s != null) {
                scores[count] = s.score();
                diffs[count] = s.diff();
                repeat[count] = s.duplicate();
            }
            count++;
        }
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
            int r = received.incrementAndGet();
            int percent = (int) Math.min(99, r * 100L / total);
            synchronized (this) {
                if (percent <= lastPercent) {
                    return;
                }
                lastPercent = percent;
            }
            listener.progress(percent / 100.0);
        }
    }

    private List<ChunkResult> run(Path input, List<Chunk> plan, Geometry g, Progress progress, BooleanSupplier cancelled) {
        return ParallelRuns.allUnchecked(plan, plan.size(), cancelled, "motion analysis",
                (c, stop) -> MediaWorkers.orProcesses(workers, () -> decodeInWorkers(input, c, g, progress, stop),
                        () -> decode(input, c, g, progress, stop)));
    }

    /**
     * One chunk from a worker: sample k of the request is sample {@code first - lead + k} of the whole. Samples
     * the decoder sends no frame for (no new frame was decoded for them) show the previous picture, or before the
     * first one the first one, as the {@code fps} filter of the ffmpeg path fills them.
     */
    private ChunkResult decodeInWorkers(Path input, Chunk c, Geometry g, Progress progress, BooleanSupplier cancel) {
        int lead = c.index() == 0 ? 0 : 1;
        int wanted = c.size() + lead;
        ChunkResult out = new ChunkResult(c);
        FrameScorer scorer = new FrameScorer(g.width(), g.height(), g.pixelThreshold());
        int[] next = {0};
        byte[][] previous = {null};
        workers.frames("cannot analyze motion", input,
                g.request((c.first() - lead) / g.fps(), c.last() ? 0 : wanted / g.fps(), true), f -> {
            int k = Math.min(f.index(), wanted - 1);
            byte[] picture = g.fit(f);
            for (; next[0] <= k; next[0]++) {
                FrameScorer.Result s = scorer.next(next[0] < k && previous[0] != null ? previous[0] : picture);
                if (next[0] >= lead) { // sample 0 of a later chunk is the reference only
                    out.add(s);
                    progress.one();
                }
            }
            previous[0] = picture;
            return next[0] < wanted;
        }, cancel, timeout);
        return out;
    }

    private ChunkResult decode(Path input, Chunk c, Geometry g, Progress progress, BooleanSupplier cancel) {
        // One decoder thread per process: with frames skipped it would not use more anyway,
        // and the parallelism comes from the chunks.
        FfmpegArgs args = FfmpegArgs.ffmpeg().add("-threads", "1", "-skip_frame", "bidir", "-skip_loop_filter", "all");
        int lead = c.index() == 0 ? 0 : 1; // the reference sample before the chunk
        double start = (c.first() - lead) / g.fps();
        if (start > 0) {
            args.add("-ss", FfmpegArgs.num(start));
        }
        if (!c.last()) {
            args.add("-t", FfmpegArgs.num((c.size() + lead) / g.fps()));
        }
        args.input(input).add("-map", "0:V:0", "-an", "-sn", "-dn",
                // start_time=0: the first sample is at the chunk's start even when the first
                // decoded frame (a skipped B-frame) comes later, so sample k is at start + k/fps
                "-vf", "fps=" + FfmpegArgs.num(g.fps()) + ":start_time=0,scale=" + g.width() + ":" + g.height()
                        + ":flags=area,format=gray",
                "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1");
        ChunkResult out = new ChunkResult(c);
        FrameScorer scorer = new FrameScorer(g.width(), g.height(), g.pixelThreshold());
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), timeout, (InputStream in) -> {
            byte[] frame = new byte[g.frameBytes()];
            boolean first = true;
            while (out.count < c.size() && in.readNBytes(frame, 0, frame.length) == frame.length) {
                FrameScorer.Result s = scorer.next(frame);
                if (first) {
                    first = false;
                    if (lead == 1) {
                        continue; // the reference only
                    }
                }
                out.add(s);
                progress.one();
            }
        }, cancel, null);
        if (!r.ok()) {
            throw FfmpegFailure.of("cannot analyze motion", r, input);
        }
        return out;
    }

    private static int evenDown(int v) {
        return Math.max(2, v / 2 * 2);
    }
}
