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
 * by parallel ffmpeg processes (one per core); every chunk after the first starts one sample early
 * and uses that frame only as the reference for its first sample, so chunk borders are seamless.
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

    public MotionAnalyzer(FfmpegTools tools, Duration timeout) {
        this(tools, timeout, Runtime.getRuntime().availableProcessors());
    }

    /** With at most {@code parallelism} ffmpeg processes at once (1: never split). */
    public MotionAnalyzer(FfmpegTools tools, Duration timeout, int parallelism) {
        if (parallelism < 1) {
            throw DamException.invalid("parallelism must be at least 1, not " + parallelism);
        }
        this.tools = tools;
        this.timeout = timeout;
        this.parallelism = parallelism;
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
        FfmpegArgs args = FfmpegArgs.ffmpeg().add("-ss", FfmpegArgs.num(Math.max(0, fromSec))).input(input)
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
        if (read[0] < 2) {
            throw new MediaException("cannot compare pictures: fewer than two frames decoded between "
                    + FfmpegArgs.num(fromSec) + " s and " + FfmpegArgs.num(toSec) + " s of " + input.getFileName());
        }
        FrameScorer scorer = new FrameScorer(g.width(), g.height(), g.pixelThreshold());
        scorer.next(first);
        return scorer.next(last).diff();
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
                (c, stop) -> decode(input, c, g, progress, stop));
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
                if (s != null) {
                    out.scores[out.count] = s.score();
                    out.diffs[out.count] = s.diff();
                    out.repeat[out.count] = s.duplicate();
                }
                out.count++;
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
