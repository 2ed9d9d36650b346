package org.thatdam.media.frames;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegFailure;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.libav.FrameRequest;
import org.thatdam.media.libav.LibavFrames;
import org.thatdam.media.worker.MediaWorkers;
import org.thatdam.model.DamException;

/**
 * Pictures of a video at given times, upright, at most {@code maxWidth} px wide (never upscaled), from ONE ffmpeg
 * run: a select filter keeps, for each time in turn, the first frame shown at or after it, and the frames come
 * back as PPM through a pipe, handed to the caller one by one, so memory holds one frame whatever their number.
 * With media workers, a worker picks the same frames in-process (seeking past long stretches without a time)
 * instead of the select filter, which evaluates every time's term on every frame.
 */
public final class FrameGrabber {

    /** Times asked of one ffmpeg run; more are split over several runs (the filter evaluates every term per frame). */
    static final int TIMES_PER_RUN = 500;
    public static final int MIN_WIDTH = 16;
    public static final int MAX_WIDTH = 7680;
    /** A frame's pixel count beyond this is not a frame we asked for. */
    private static final long MAX_PIXELS = 64L * 1024 * 1024;

    /** The picture shown at {@code timeSec}, the {@code index}-th of the times asked. */
    public record Frame(int index, double timeSec, BufferedImage image) {}

    /** Takes each frame as it is decoded; what it throws stops the run and reaches the caller. */
    @FunctionalInterface
    public interface FrameSink {
        void accept(Frame frame) throws IOException;
    }

    private final FfmpegTools tools;
    private final Duration timeout;
    /** Null: ffmpeg processes decode. */
    private final MediaWorkers workers;

    /** @param timeout of one ffmpeg run or worker request, including the time {@code sink} takes with the frames */
    public FrameGrabber(FfmpegTools tools, Duration timeout) {
        this(tools, timeout, MediaWorkers.configured());
    }

    /** Decoding in {@code workers} (null: ffmpeg processes). */
    public FrameGrabber(FfmpegTools tools, Duration timeout, MediaWorkers workers) {
        this.tools = tools;
        this.timeout = timeout;
        this.workers = workers;
    }

    /**
     * Hands {@code sink} the frame at each of {@code timesSec} (strictly increasing, from 0), in order; times past
     * the end of the video get no frame.
     *
     * @return how many frames were handed over
     */
    public int grab(Path input, List<Double> timesSec, int maxWidth, FrameSink sink, BooleanSupplier cancel) {
        check(timesSec, maxWidth);
        MediaInput.checkReadable(input);
        int handed = 0;
        for (int from = 0; from < timesSec.size(); from += TIMES_PER_RUN) {
            List<Double> part = timesSec.subList(from, Math.min(timesSec.size(), from + TIMES_PER_RUN));
            int got = run(input, part, from, maxWidth, sink, cancel);
            handed += got;
            if (got < part.size()) break; // the video ended
        }
        return handed;
    }

    /** {@link #grab} collected into a list: for a few frames (each is held in memory). */
    public List<Frame> grabAll(Path input, List<Double> timesSec, int maxWidth, BooleanSupplier cancel) {
        List<Frame> out = new ArrayList<>();
        grab(input, timesSec, maxWidth, out::add, cancel);
        return out;
    }

    private int run(Path input, List<Double> times, int offset, int maxWidth, FrameSink sink, BooleanSupplier cancel) {
        return MediaWorkers.orProcesses(workers, () -> runInWorkers(input, times, offset, maxWidth, sink, cancel),
                () -> runInFfmpeg(input, times, offset, maxWidth, sink, cancel));
    }

    private int runInFfmpeg(Path input, List<Double> times, int offset, int maxWidth, FrameSink sink, BooleanSupplier cancel) {
        // Frame k of the output is the first frame whose time reaches times[k]: selected_n counts the frames kept.
        StringBuilder select = new StringBuilder();
        for (int k = 0; k < times.size(); k++) {
            if (k > 0) select.append('+');
            select.append("eq(selected_n,").append(k).append(")*gte(t,").append(FfmpegArgs.num(times.get(k)))
                    .append(')');
        }
        FfmpegArgs args = FfmpegArgs.ffmpeg().input(input).add("-map", "0:V:0", "-an", "-sn", "-dn",
                "-vf", "select='" + select + "',scale=w='min(" + maxWidth + ",iw)':h=-2:flags=bicubic,setsar=1",
                "-fps_mode", "passthrough", "-frames:v", Integer.toString(times.size()),
                "-c:v", "ppm", "-f", "image2pipe", "pipe:1");
        int[] count = {0};
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), timeout, (InputStream in) -> {
            BufferedImage img;
            while (count[0] < times.size() && (img = readPpm(in)) != null) {
                sink.accept(new Frame(offset + count[0], times.get(count[0]), img));
                count[0]++;
            }
        }, cancel, null);
        if (!r.ok()) {
            throw FfmpegFailure.of("cannot take frames", r, input);
        }
        return count[0];
    }

    private int runInWorkers(Path input, List<Double> times, int offset, int maxWidth, FrameSink sink,
                             BooleanSupplier cancel) {
        FrameRequest request = new FrameRequest(List.copyOf(times), null, maxWidth, LibavFrames.MAX_SIDE,
                FrameRequest.PixelFormat.RGB, FrameRequest.Scaler.BICUBIC, false, false, true, false);
        int[] count = {0};
        workers.frames("cannot take frames", input, request, f -> {
            sink.accept(new Frame(offset + f.index(), times.get(f.index()), f.toImage()));
            count[0]++;
            return true;
        }, cancel, timeout);
        return count[0];
    }

    private static void check(List<Double> timesSec, int maxWidth) {
        if (maxWidth < MIN_WIDTH || maxWidth > MAX_WIDTH) {
            throw DamException.invalid("the width of frames must be from " + MIN_WIDTH + " to " + MAX_WIDTH
                    + " px, not " + maxWidth);
        }
        double previous = -1;
        for (Double t : timesSec) {
            if (t == null || !Double.isFinite(t) || t < 0 || t <= previous) {
                throw DamException.invalid("frame times must be seconds from 0, strictly increasing: " + timesSec);
            }
            previous = t;
        }
    }

    /** One binary PPM (P6, 8 bits) from the stream, or null at its end. */
    static BufferedImage readPpm(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) return null;
        if (first != 'P' || in.read() != '6') throw new MediaException("ffmpeg sent a frame that is not a PPM");
        int w = headerNumber(in), h = headerNumber(in), max = headerNumber(in);
        if (max != 255 || w <= 0 || h <= 0 || (long) w * h > MAX_PIXELS) {
            throw new MediaException("ffmpeg sent a frame of an unexpected form: " + w + "x" + h + ", max " + max);
        }
        byte[] rgb = new byte[w * 3];
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            if (in.readNBytes(rgb, 0, rgb.length) != rgb.length) throw new MediaException("a frame was cut short");
            for (int x = 0, p = 0; x < w; x++, p += 3) {
                px[y * w + x] = (rgb[p] & 0xff) << 16 | (rgb[p + 1] & 0xff) << 8 | (rgb[p + 2] & 0xff);
            }
        }
        return img;
    }

    /** The next decimal number of a PPM header, after whitespace; consumes the one whitespace byte after it. */
    private static int headerNumber(InputStream in) throws IOException {
        int c = in.read();
        while (c == ' ' || c == '\n' || c == '\r' || c == '\t') c = in.read();
        long v = 0;
        int digits = 0;
        while (c >= '0' && c <= '9' && digits < 9) {
            v = v * 10 + (c - '0');
            digits++;
            c = in.read();
        }
        if (digits == 0) throw new MediaException("ffmpeg sent a frame with a damaged header");
        return (int) v;
    }
}
