package org.thatdam.media.libav;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_ROUND_NEAR_INF;
import static org.bytedeco.ffmpeg.global.avutil.AV_ROUND_PASS_MINMAX;
import static org.bytedeco.ffmpeg.global.avutil.av_d2q;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_inv_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q_rnd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.model.DamException;

/**
 * Frames of a video decoded in-process by libavcodec and scaled by swscale, one open of the file,
 * one frame in memory at a time.
 *
 * <p>Times: frame k is the first frame whose time reaches times[k] (ffmpeg's {@code select} with
 * {@code gte(t,…)}); the decoder seeks only when the key frame before the next time lies beyond
 * what it has read, else it decodes on. With {@code keyframesOnly} frame k is the key frame at or
 * before times[k], found by a backward seek (a key frame answering two times is handed over
 * twice). Sampling picks exactly the frames ffmpeg's {@code fps=R:start_time=S} keeps, repeating
 * one where the stream has a gap (or where {@code fast} skipped a frame).
 */
public final class LibavFrames {

    /** Largest picture side handed over. */
    public static final int MAX_SIDE = 16384;
    /** Without an index, a jump of more than this is seeked rather than decoded through. */
    private static final double SEEK_WITHOUT_INDEX_SEC = 5;
    /** Frames sought before a time: a B-frame shown before the key frame it follows in the file is not missed. */
    private static final int SEEK_MARGIN_FRAMES = 3;

    private LibavFrames() {}

    /** Hands {@code sink} the requested frames in order; returns how many were handed over. */
    public static int decode(Path file, FrameRequest request, FrameSink sink, BooleanSupplier cancel) {
        check(request);
        ToolRunner.checkCancelled(cancel);
        boolean few = request.keyframesOnly() || (request.timesSec() != null && request.timesSec().size() <= 2);
        int threads = few ? 1 : Math.min(4, Runtime.getRuntime().availableProcessors());
        try (LibavInput in = LibavInput.open(file)) {
            in.findStreamInfo();
            try (VideoDecoder dec = new VideoDecoder(in, threads,
                    VideoDecoder.skipMode(request.keyframesOnly(), request.fast()), request.fast());
                 FrameScaler scaler = scaler(dec, request)) {
                dec.open(scaler.scaledWidth(), scaler.scaledHeight());
                Run run = new Run(dec, scaler, request, sink, cancel);
                int handed = request.timesSec() != null ? run.times(request.timesSec()) : run.sampling(request.sampling());
                if (handed == 0 && dec.lastError() < 0) {
                    throw LibavInput.failure("cannot decode frames", dec.lastError(), file);
                }
                return handed;
            }
        } catch (UncheckedIOException e) {
            throw new MediaException("cannot take frames: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void check(FrameRequest r) {
        if ((r.timesSec() == null) == (r.sampling() == null)) {
            throw DamException.invalid("a frame request gives either times or a sampling, not both or neither");
        }
        if (r.maxWidth() < 2 || r.maxHeight() < 2 || r.maxWidth() > MAX_SIDE || r.maxHeight() > MAX_SIDE) {
            throw DamException.invalid("frames must fit from 2x2 to " + MAX_SIDE + "x" + MAX_SIDE + " px, not "
                    + r.maxWidth() + "x" + r.maxHeight());
        }
        if (r.format() == null || r.scaler() == null) {
            throw DamException.invalid("a frame request names its pixel format and scaler");
        }
        if (r.timesSec() != null) {
            double previous = -1;
            for (Double t : r.timesSec()) {
                if (t == null || !Double.isFinite(t) || t < 0 || t <= previous) {
                    throw DamException.invalid("frame times must be seconds from 0, strictly increasing");
                }
                previous = t;
            }
        } else {
            FrameRequest.Sampling s = r.sampling();
            if (!(s.fps() > 0 && s.fps() <= 1000) || !Double.isFinite(s.startSec()) || s.startSec() < 0
                    || !Double.isFinite(s.durationSec())) {
                throw DamException.invalid("a sampling needs a start from 0 s, a finite duration and 0 < fps <= 1000");
            }
        }
    }

    /** The picture as shown (non-square pixels applied, turned when asked), fitted, never upscaled, even sides. */
    private static FrameScaler scaler(VideoDecoder dec, FrameRequest r) {
        int w = dec.codedWidth(), h = dec.codedHeight();
        if (w <= 0 || h <= 0) {
            throw new MediaException("cannot decode frames: the picture size of the video is unknown");
        }
        Turn turn = r.upright() ? Turn.of(dec.displayMatrix()) : Turn.NONE;
        DisplaySize shown = DisplaySize.of(w, h, dec.sampleAspect(), turn.sideways() ? 90 : 0);
        double scale = Math.min(1.0, Math.min(r.maxWidth() / (double) shown.width(),
                r.maxHeight() / (double) shown.height()));
        return new FrameScaler(even(shown.width() * scale), even(shown.height() * scale), r.format(), r.scaler(), turn);
    }

    private static int even(double v) {
        return Math.max(2, (int) Math.floor(v / 2 + 1e-9) * 2);
    }

    /** One request's progress. */
    private static final class Run {
        private final VideoDecoder dec;
        private final FrameScaler scaler;
        private final FrameRequest request;
        private final FrameSink sink;
        private final BooleanSupplier cancel;
        private int handed;
        private boolean stopped;

        Run(VideoDecoder dec, FrameScaler scaler, FrameRequest request, FrameSink sink, BooleanSupplier cancel) {
            this.dec = dec;
            this.scaler = scaler;
            this.request = request;
            this.sink = sink;
            this.cancel = cancel;
        }

        /** Hands one picture over; false when the sink wants no more. */
        private boolean hand(int index, double timeSec, double ptsSec, boolean key, byte[] pixels) {
            ToolRunner.checkCancelled(cancel);
            try {
                handed++;
                if (!sink.accept(new DecodedFrame(index, timeSec, ptsSec, key, scaler.width(), scaler.height(),
                        request.format(), pixels))) {
                    stopped = true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ToolRunner.checkCancelled(cancel);
            return !stopped;
        }

        int times(List<Double> times) {
            double frameSec = dec.frameDuration();
            byte[] current = null; // the last frame handed over, for a time it also answers
            double currentPts = -1;
            boolean currentKey = false;
            long currentKeyTs = AV_NOPTS_VALUE;
            for (int k = 0; k < times.size() && !stopped; k++) {
                double t = times.get(k);
                ToolRunner.checkCancelled(cancel);
                if (request.keyframesOnly()) {
                    long keyTs = dec.keyFrameBefore(t);
                    if (current != null && keyTs != AV_NOPTS_VALUE && keyTs == currentKeyTs) {
                        hand(k, t, currentPts, currentKey, current.clone());
                        continue;
                    }
                    dec.seek(t);
                    AVFrame f = dec.next();
                    if (f == null) break;
                    current = scaler.convert(f);
                    currentPts = dec.seconds(f.best_effort_timestamp());
                    currentKey = VideoDecoder.isKey(f);
                    currentKeyTs = keyTs;
                    hand(k, t, currentPts, currentKey, current);
                    current = current.clone(); // the sink may keep what it was given
                    continue;
                }
                if (current != null && currentPts >= t - 1e-9) {
                    hand(k, t, currentPts, currentKey, current.clone());
                    continue;
                }
                if (shouldSeek(t, current == null ? 0 : currentPts)) {
                    dec.seek(t - SEEK_MARGIN_FRAMES * frameSec);
                }
                AVFrame f;
                while ((f = dec.next()) != null) {
                    double pts = dec.seconds(f.best_effort_timestamp());
                    if (pts >= t - 1e-9) break;
                    ToolRunner.checkCancelled(cancel);
                }
                if (f == null) break; // past the end: no more frames
                currentPts = dec.seconds(f.best_effort_timestamp());
                currentKey = VideoDecoder.isKey(f);
                current = scaler.convert(f);
                hand(k, t, currentPts, currentKey, current);
                current = current.clone();
            }
            return handed;
        }

        /** Whether reaching {@code t} from {@code at} is faster by a seek than by decoding on. */
        private boolean shouldSeek(double t, double at) {
            long keyTs = dec.keyFrameBefore(t);
            if (keyTs != AV_NOPTS_VALUE) {
                long read = dec.readPosition();
                return read == AV_NOPTS_VALUE ? t > 0 : keyTs > read;
            }
            return t - at > SEEK_WITHOUT_INDEX_SEC;
        }

        /**
         * ffmpeg's fps filter (rounding to the nearest, eof_action round) over the decoded frames:
         * output slot n gets the last frame whose time, in slots, does not pass n.
         */
        int sampling(FrameRequest.Sampling s) {
            AVRational tb = dec.timeBase();
            AVRational outTb = av_inv_q(av_d2q(s.fps(), Integer.MAX_VALUE));
            AVRational micro = new AVRational().num(1).den(1_000_000);
            int rnd = AV_ROUND_NEAR_INF | AV_ROUND_PASS_MINMAX;
            long first = Math.round(s.startSec() * 1_000_000);
            long inOff = av_rescale_q_rnd(first, micro, tb, rnd);
            long outOff = av_rescale_q_rnd(first, micro, outTb, rnd);
            double slotSec = outTb.num() / (double) outTb.den();
            double endSec = s.durationSec() > 0 ? s.startSec() + s.durationSec() : Double.POSITIVE_INFINITY;
            long next = outOff;
            int index = 0;
            if (s.startSec() > 0) {
                dec.seek(s.startSec() - SEEK_MARGIN_FRAMES * dec.frameDuration());
            }
            AVFrame held = av_frame_alloc();
            try {
                boolean holding = false;
                long heldPts = 0, lastEnd = 0;
                byte[] heldPixels = null;
                AVFrame f;
                while (!stopped && (f = dec.next()) != null) {
                    long pts = dec.relativeTs(f.best_effort_timestamp());
                    long slot = outOff + av_rescale_q_rnd(pts - inOff, tb, outTb, rnd);
                    long duration = f.duration() > 0 ? f.duration()
                            : Math.max(1, Math.round(dec.frameDuration() / (tb.num() / (double) tb.den())));
                    lastEnd = Math.max(lastEnd, pts + duration);
                    while (holding && slot > next && !stopped) {
                        if (next * slotSec >= endSec - 1e-9) return handed;
                        if (heldPixels == null) heldPixels = scaler.convert(held);
                        hand(index++, next * slotSec, dec.seconds(heldPts), VideoDecoder.isKey(held), heldPixels.clone());
                        next++;
                    }
                    av_frame_unref(held);
                    av_frame_move_ref(held, f);
                    holding = true;
                    heldPts = held.best_effort_timestamp();
                    heldPixels = null;
                    ToolRunner.checkCancelled(cancel);
                }
                long eofSlot = av_rescale_q_rnd(lastEnd, tb, outTb, rnd);
                while (holding && !stopped && next < eofSlot) {
                    if (next * slotSec >= endSec - 1e-9) break;
                    if (heldPixels == null) heldPixels = scaler.convert(held);
                    hand(index++, next * slotSec, dec.seconds(heldPts), VideoDecoder.isKey(held), heldPixels.clone());
                    next++;
                }
                return handed;
            } finally {
                av_frame_free(held);
            }
        }
    }
}
