package org.thatdam.media.fingerprint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.thatdam.media.MediaException;
import org.thatdam.media.derive.ProgressListener;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegFailure;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.motion.ToolSupport;
import org.thatdam.model.MediaInfo;

/**
 * Fingerprints a video in one ffmpeg run: {@link #RATE} pictures a second, scaled to 32x32 grey
 * (area averaging, so the picture's size and compression hardly matter), piped raw to a
 * {@link PerceptualHash} each; in the same run the audio's loudness per half second goes to a
 * scratch file, so silence at the ends can be left out of the content (see {@link ContentRange}).
 * Every picture is decoded in full: skipping B-frames or the loop filter would be cheaper, but
 * B-frames can be references (x264's pyramid) and the loop filter is part of the reference
 * pictures, so either corrupts the following pictures up to the next keyframe, and two encodes
 * of one clip then drift apart (a moving test pattern re-encoded at 200 kbit/s measured 22 bits).
 */
public final class VideoFingerprinter {

    /** Samples per second. */
    public static final double RATE = 2.0;
    /** The name of this way of fingerprinting; fingerprints of another are never compared with these. */
    public static final String ALGO = "phash64@2fps";
    /** Half-second loudness below this is silence. */
    static final double SILENCE_DB = -50;
    static final double LEVEL_WINDOW_SEC = 0.5;
    private static final int LEVEL_RATE = 8000;

    private final FfmpegTools tools;
    private final Duration timeout;

    public VideoFingerprinter(FfmpegTools tools, Duration timeout) {
        this.tools = tools;
        this.timeout = timeout;
    }

    public VideoFingerprint fingerprint(Path input, MediaInfo media, ProgressListener progress, BooleanSupplier cancelled) {
        MediaInput.checkReadable(input);
        MediaInfo m = ToolSupport.complete(media, tools, timeout, input);
        if (!ToolSupport.hasVideo(m)) {
            throw new MediaException(input.getFileName() + " has no video stream to fingerprint");
        }
        ToolRunner.checkCancelled(cancelled);
        double duration = m.durationSec() != null && m.durationSec() > 0 ? m.durationSec() : 0;
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Path levels = null;
        try {
            levels = ToolSupport.hasAudio(m) ? Files.createTempFile("dam-fingerprint-", ".txt") : null;
            long[] hashes = pictures(input, levels, duration, listener, cancelled);
            ContentRange range = ContentRange.ofPictures(hashes, RATE);
            if (levels != null) {
                double[] audible = audible(Files.readAllLines(levels, StandardCharsets.UTF_8));
                if (audible != null) range = range.audible(audible[0], audible[1], RATE);
            }
            listener.progress(1.0);
            long[] content = range.isEmpty() ? new long[0] : Arrays.copyOfRange(hashes, range.first(), range.last() + 1);
            double start = range.isEmpty() ? 0 : range.first() / RATE;
            double end = range.isEmpty() ? 0 : (range.last() + 1) / RATE;
            if (duration > 0) end = Math.min(end, duration);
            return new VideoFingerprint(ALGO, RATE, content, start, Math.max(start, end), VideoFingerprint.coarse(content));
        } catch (IOException e) {
            throw new MediaException("cannot fingerprint " + input.getFileName() + ": " + e.getMessage(), e);
        } finally {
            ToolSupport.deleteQuietly(levels);
        }
    }

    /** The hash of every sample, in order; writes the loudness lines to {@code levels} when not null. */
    private long[] pictures(Path input, Path levels, double duration, ProgressListener listener, BooleanSupplier cancelled) {
        String video = "[0:V:0]fps=" + FfmpegArgs.num(RATE) + ",scale=" + PerceptualHash.SIZE + ":" + PerceptualHash.SIZE
                + ":flags=area,format=gray[v]";
        FfmpegArgs args = FfmpegArgs.ffmpeg().input(input);
        if (levels == null) {
            args.add("-filter_complex", video, "-map", "[v]");
        } else {
            String audio = "[0:a:0]aformat=channel_layouts=mono,aresample=" + LEVEL_RATE + ",asetnsamples=n="
                    + (int) (LEVEL_RATE * LEVEL_WINDOW_SEC) + ":p=0,astats=metadata=1:reset=1:measure_perchannel=none"
                    + ":measure_overall=RMS_level,ametadata=mode=print:key=lavfi.astats.Overall.RMS_level:file="
                    + filterPath(levels) + "[a]";
            args.add("-filter_complex", video + ";" + audio, "-map", "[v]");
        }
        args.add("-f", "rawvideo", "-pix_fmt", "gray", "pipe:1");
        if (levels != null) args.add("-map", "[a]", "-f", "null", "-");
        int expected = Math.max(1, (int) Math.ceil(duration * RATE));
        List<Long> hashes = new ArrayList<>(expected + 1);
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), timeout, (InputStream in) -> {
            byte[] frame = new byte[PerceptualHash.PIXELS];
            while (in.readNBytes(frame, 0, frame.length) == frame.length) {
                hashes.add(PerceptualHash.of(frame));
                if (hashes.size() % 64 == 0) listener.progress(Math.min(0.99, hashes.size() / (double) expected));
            }
        }, cancelled, null);
        if (!r.ok()) throw FfmpegFailure.of("cannot fingerprint", r, input);
        return hashes.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * [start, end) of the audible part from ametadata's lines ("frame:… pts_time:T" then
     * "lavfi.astats.Overall.RMS_level=-23.4"), or null when it is silent throughout.
     */
    static double[] audible(List<String> lines) {
        double at = Double.NaN, first = Double.NaN, last = Double.NaN;
        for (String line : lines) {
            int t = line.indexOf("pts_time:");
            if (t >= 0) {
                at = parse(line.substring(t + "pts_time:".length()).strip());
            } else if (line.startsWith("lavfi.astats.Overall.RMS_level=") && !Double.isNaN(at)) {
                double db = parse(line.substring(line.indexOf('=') + 1));
                if (db > SILENCE_DB) {
                    if (Double.isNaN(first)) first = at;
                    last = at + LEVEL_WINDOW_SEC;
                }
            }
        }
        return Double.isNaN(first) ? null : new double[] {first, last};
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return Double.NEGATIVE_INFINITY; // "-inf", "nan": digital silence
        }
    }

    /** A scratch file as a filter option: quoted, with the graph's own separators escaped. */
    private static String filterPath(Path p) {
        String s = p.toAbsolutePath().toString();
        if (s.indexOf('\'') >= 0 || s.indexOf('\\') >= 0) {
            throw new MediaException("the temporary folder's path cannot be named to ffmpeg: " + s);
        }
        return "'file\\:" + s.replace(":", "\\:") + "'";
    }
}
