package org.thatdam.media.derive;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegFailure;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.libav.DecodedFrame;
import org.thatdam.media.libav.FrameRequest;
import org.thatdam.media.libav.LibavJpeg;
import org.thatdam.media.worker.MediaWorkers;
import org.thatdam.storage.AtomicFiles;

/**
 * A representative still of an asset as two JPEGs, a small one (long side at most
 * {@value #SMALL}) and a large one (at most {@value #LARGE}): never upscaled, aspect kept, even
 * sides, upright.
 *
 * <ul>
 *   <li><b>Video</b>: a few candidate times (10, 30, 50, 70 and 90 % of the duration) are judged
 *       by their 64x64 grayscale thumbnails; the first that is neither near-black, near-white nor
 *       flat wins (so a fade-in, a black leader or a blank slate is skipped), else the one with the
 *       most contrast. With media workers, one open of the file in a worker decodes the key frames
 *       at those times one by one until one is good and both sizes come from it (see
 *       {@link #videoByWorker}); without, one ffmpeg run measures the candidates and a second
 *       decodes the winner once and writes both sizes.</li>
 *   <li><b>Image</b>: the picture itself, turned upright by its EXIF orientation (all eight,
 *       mirrored ones included) with ffmpeg's own rotation disabled, so the result does not
 *       depend on whether the ffmpeg in use applies EXIF orientation itself (7.1 does, older
 *       ones do not). With media workers the picture is decoded as stored in a worker and turned
 *       here by the same tag.</li>
 *   <li><b>Audio</b>: a waveform ({@code showwavespic}), {@value #WAVE_W}x{@value #WAVE_H} and a
 *       quarter of that, light blue on dark grey.</li>
 * </ul>
 * Both files are written to temporary siblings and committed atomically; a failure or a cancel
 * leaves neither temporary file behind and the previous posters (if any) untouched.
 */
public final class PosterMaker {

    static final int SMALL = 320;
    static final int LARGE = 1280;
    static final int WAVE_W = 1280;
    static final int WAVE_H = 320;
    /** Side of the grayscale thumbnails the candidates are judged by. */
    static final int PROBE_SIDE = 64;
    static final double[] CANDIDATE_FRACTIONS = {0.1, 0.3, 0.5, 0.7, 0.9};
    /** Mean luma (0..255, full range) below which a frame counts as black, above which as white. */
    static final double NEAR_BLACK = 28, NEAR_WHITE = 235;
    /** Standard deviation of luma below which a frame counts as flat (a blank slate, a fade). */
    static final double FLAT = 10;
    private static final String JPEG_QUALITY = "3"; // mjpeg -q:v, 2 (best) .. 31

    private final FfmpegTools tools;
    private final Duration timeout;
    /** Decodes video posters in-process in a worker; null: a child ffmpeg does. */
    private final MediaWorkers workers;

    /** Video posters through the shared media workers, unless {@code dam.media.workers} is 0. */
    public PosterMaker(FfmpegTools tools, Duration timeout) {
        this(tools, timeout, MediaWorkers.configured());
    }

    /** @param workers the pool that decodes video posters, or null to run ffmpeg for them */
    public PosterMaker(FfmpegTools tools, Duration timeout, MediaWorkers workers) {
        this.tools = tools;
        this.timeout = timeout;
        this.workers = workers;
    }

    /** The luma statistics of one candidate frame. */
    record Candidate(double atSec, double mean, double contrast) {
        boolean usable() {
            return mean >= NEAR_BLACK && mean <= NEAR_WHITE && contrast >= FLAT;
        }
    }

    public PosterResult make(Path input, MediaInfo info, Path smallOut, Path largeOut, BooleanSupplier cancel) {
        MediaInput.checkReadable(input);
        MediaInfo m = Support.complete(info, tools, timeout, input);
        ToolRunner.checkCancelled(cancel);
        Set<Path> taken = Support.newTaken();
        Path tmpSmall = null, tmpLarge = null;
        try {
            tmpSmall = Support.temp(smallOut, taken);
            tmpLarge = Support.temp(largeOut, taken);
            PosterResult result = switch (m.kind()) {
                case VIDEO -> video(input, m, tmpSmall, tmpLarge, cancel);
                case IMAGE -> image(input, m, tmpSmall, tmpLarge, cancel);
                case AUDIO -> waveform(input, m, tmpSmall, tmpLarge, cancel);
                default -> throw new MediaException("no poster for a file of kind " + m.kind().id());
            };
            ToolRunner.checkCancelled(cancel);
            AtomicFiles.commit(tmpSmall, smallOut);
            AtomicFiles.commit(tmpLarge, largeOut);
            return result;
        } catch (IOException e) {
            throw Support.io("cannot write the poster", e);
        } finally {
            Support.deleteQuietly(tmpSmall);
            Support.deleteQuietly(tmpLarge);
        }
    }

    // ---- video

    private PosterResult video(Path input, MediaInfo m, Path tmpSmall, Path tmpLarge, BooleanSupplier cancel)
            throws IOException {
        return MediaWorkers.orProcesses(workers, () -> videoByWorker(input, m, tmpSmall, tmpLarge, cancel),
                () -> videoByFfmpeg(input, m, tmpSmall, tmpLarge, cancel));
    }

    private PosterResult videoByFfmpeg(Path input, MediaInfo m, Path tmpSmall, Path tmpLarge, BooleanSupplier cancel) {
        Size display = Support.displaySize(m);
        Size large = Support.fit(display, LARGE);
        Size small = Support.fit(display, SMALL);
        List<Double> times = candidateTimes(m.durationSec(), m.fps());
        List<Candidate> candidates = times.size() == 1 ? List.of(new Candidate(times.get(0), 128, 255))
                : measure(input, times, cancel);
        Candidate chosen = choose(candidates);
        if (!extract(input, chosen.atSec(), large, small, tmpSmall, tmpLarge, cancel)) {
            // The chosen time had no frame after all (a duration longer than the stream): the
            // start of the stream always has one if anything does.
            if (chosen.atSec() == 0 || !extract(input, 0, large, small, tmpSmall, tmpLarge, cancel)) {
                throw new MediaException("cannot make a poster: no video frame could be decoded");
            }
            return new PosterResult(0, small, large);
        }
        return new PosterResult(chosen.atSec(), small, large);
    }

    /**
     * One open of the file in a worker: the key frames at the candidate times, upright, at the
     * large size (lanczos), handed over one by one and judged as they come; the first usable one
     * ends the decoding, and both JPEGs are encoded from it here by the same mjpeg encoder and
     * quality as the ffmpeg path (the small one shrunk with lanczos). A key frame costs a fraction
     * of a frame at an exact time (nothing decoded from the key frame on); only when no key frame
     * is usable (a clip whose only key frame is its black start) are the exact times decoded in a
     * second pass, as the ffmpeg path would pick them.
     */
    private PosterResult videoByWorker(Path input, MediaInfo m, Path tmpSmall, Path tmpLarge,
                                       BooleanSupplier cancel) throws IOException {
        List<Double> times = candidateTimes(m.durationSec(), m.fps());
        double duration = m.durationSec() == null ? 0 : m.durationSec();
        Judged best = judge(input, times, true, duration, cancel);
        // No key frame decoded (a decoder that marks none) or none usable: the exact times.
        if (best == null || (!best.candidate().usable() && times.size() > 1)) {
            Judged exact = judge(input, times, false, duration, cancel);
            if (exact != null && (best == null || exact.candidate().usable()
                    || exact.candidate().contrast() > best.candidate().contrast())) {
                best = exact;
            }
        }
        if (best == null) {
            throw new MediaException("cannot make a poster: no video frame could be decoded");
        }
        ToolRunner.checkCancelled(cancel);
        return writeBoth(best.frame(), Math.max(0, best.frame().ptsSec()), tmpSmall, tmpLarge);
    }

    /** A decoded candidate: its statistics and its picture at the large size. */
    private record Judged(Candidate candidate, DecodedFrame frame) {}

    /**
     * The first usable frame of those at {@code times}, else the one with the most contrast; null when none decoded.
     * A key frame far before its time (before half of it, or in the first 5 % of the clip: a clip shorter than one
     * group of pictures has only its first frame as key frame) is not "there" and is not judged: the opening of a
     * clip (a slate, a camera's first frame) is what the candidate times avoid.
     */
    private Judged judge(Path input, List<Double> times, boolean keyframesOnly, double durationSec,
                         BooleanSupplier cancel) {
        FrameRequest request = new FrameRequest(times, null, LARGE, LARGE, FrameRequest.PixelFormat.RGB,
                FrameRequest.Scaler.LANCZOS, keyframesOnly, false, true, true);
        Judged[] best = {null};
        Set<Double> seen = new java.util.HashSet<>();
        try {
            // A name the locale cannot spell reaches the worker as a link it can open.
            workers.frames(input, request, f -> {
                if (keyframesOnly && f.ptsSec() < Math.max(0.05 * durationSec, f.timeSec() / 2)) {
                    return true; // not near its time: the exact pass decides
                }
                if (!seen.add(f.ptsSec())) {
                    return true; // a key frame answering two times: judged already
                }
                Candidate c = stats(f.ptsSec(), lumaGrid(f.pixels(), f.width(), f.height()), 0,
                        PROBE_SIDE * PROBE_SIDE);
                if (best[0] == null || c.usable() || c.contrast() > best[0].candidate().contrast()) {
                    best[0] = new Judged(c, f);
                }
                return !c.usable();
            }, cancel, timeout);
        } catch (MediaException e) {
            if (e.getClass() != MediaException.class) throw e; // cancelled, refused: as they are
            throw new MediaException("cannot make a poster: " + e.getMessage(), e);
        }
        return best[0];
    }

    /**
     * The luma (full range, BT.601 weights) of packed RGB pixels averaged over a
     * {@value #PROBE_SIDE}-square grid: what the grayscale thumbnail of the ffmpeg path shows. Every
     * other pixel of every other row is enough for a mean over a cell of dozens of them.
     */
    static byte[] lumaGrid(byte[] rgb, int w, int h) {
        int[] cellOfColumn = new int[w];
        for (int x = 0; x < w; x++) cellOfColumn[x] = (int) ((long) x * PROBE_SIDE / w);
        long[] sum = new long[PROBE_SIDE * PROBE_SIDE];
        int[] count = new int[sum.length];
        int step = w >= 4 * PROBE_SIDE && h >= 4 * PROBE_SIDE ? 2 : 1;
        for (int y = 0; y < h; y += step) {
            int row = (int) ((long) y * PROBE_SIDE / h) * PROBE_SIDE;
            for (int x = 0, p = y * w * 3; x < w; x += step, p += 3 * step) {
                int g = row + cellOfColumn[x];
                sum[g] += (77 * (rgb[p] & 0xff) + 150 * (rgb[p + 1] & 0xff) + 29 * (rgb[p + 2] & 0xff) + 128) >> 8;
                count[g]++;
            }
        }
        byte[] out = new byte[sum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (count[i] == 0 ? 0 : Math.round(sum[i] / (double) count[i]));
        }
        return out;
    }

    /** Candidate times: a spread over the clip, kept two frames clear of its end, without repeats. */
    static List<Double> candidateTimes(Double durationSec, Double fps) {
        if (durationSec == null || !(durationSec > 0)) {
            return List.of(0.0);
        }
        double frame = fps != null && fps > 0 && fps < 1000 ? 1 / fps : 0.04;
        double last = Math.max(0, durationSec - 2 * frame);
        List<Double> out = new ArrayList<>();
        for (double f : CANDIDATE_FRACTIONS) {
            double t = Math.round(Math.min(durationSec * f, last) * 1000) / 1000.0;
            if (out.isEmpty() || t > out.get(out.size() - 1)) {
                out.add(t);
            }
        }
        return out;
    }

    static Candidate choose(List<Candidate> candidates) {
        Candidate best = null;
        for (Candidate c : candidates) {
            if (c.usable()) {
                return c;
            }
            if (best == null || c.contrast() > best.contrast()) {
                best = c;
            }
        }
        return best;
    }

    /**
     * One ffmpeg run, one input per candidate (each seeks on its own), each cut to its first frame,
     * shrunk to a 64x64 grayscale thumbnail and concatenated in order to stdout. A candidate
     * without a frame (a seek past the real end) is padded with a black frame by {@code tpad}, so
     * the n-th thumbnail always belongs to the n-th time; black is rejected anyway.
     */
    private List<Candidate> measure(Path input, List<Double> times, BooleanSupplier cancel) {
        FfmpegArgs args = FfmpegArgs.ffmpeg();
        StringBuilder graph = new StringBuilder();
        StringBuilder concat = new StringBuilder();
        for (int i = 0; i < times.size(); i++) {
            // One frame per input: a single decoder thread answers sooner than frame threading.
            args.add("-threads", "1", "-ss", FfmpegArgs.num(times.get(i))).input(input);
            graph.append('[').append(i).append(":V:0]trim=end_frame=1,scale=").append(PROBE_SIDE).append(':')
                    .append(PROBE_SIDE).append(":flags=area,format=gray,tpad=stop=1,trim=end_frame=1[g")
                    .append(i).append("];");
            concat.append("[g").append(i).append(']');
        }
        graph.append(concat).append("concat=n=").append(times.size()).append(":v=1:a=0[out]");
        // passthrough: the output must not drop or duplicate frames to fit a frame rate.
        args.add("-filter_complex", graph.toString(), "-map", "[out]", "-fps_mode", "passthrough",
                "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1");
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), timeout, null, cancel);
        if (!r.ok()) {
            throw FfmpegFailure.of("cannot make a poster", r, input);
        }
        ToolRunner.checkCancelled(cancel);
        byte[] gray = r.stdout();
        int frameBytes = PROBE_SIDE * PROBE_SIDE;
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            if ((i + 1) * frameBytes > gray.length) {
                out.add(new Candidate(times.get(i), 0, 0)); // no frame: as bad as black
                continue;
            }
            out.add(stats(times.get(i), gray, i * frameBytes, frameBytes));
        }
        return out;
    }

    static Candidate stats(double atSec, byte[] gray, int offset, int length) {
        double sum = 0, sumSq = 0;
        for (int i = offset; i < offset + length; i++) {
            int v = gray[i] & 0xff;
            sum += v;
            sumSq += (double) v * v;
        }
        double mean = sum / length;
        double var = Math.max(0, sumSq / length - mean * mean);
        return new Candidate(atSec, mean, Math.sqrt(var));
    }

    /** Decodes the frame at {@code atSec} once and writes both sizes; false when there was no frame. */
    private boolean extract(Path input, double atSec, Size large, Size small, Path tmpSmall, Path tmpLarge,
                            BooleanSupplier cancel) {
        Support.deleteQuietly(tmpSmall);
        Support.deleteQuietly(tmpLarge);
        FfmpegArgs args = FfmpegArgs.ffmpeg().add("-threads", "1"); // one frame: frame threading would only add latency
        if (atSec > 0) {
            args.add("-ss", FfmpegArgs.num(atSec));
        }
        args.input(input);
        String graph = "[0:V:0]" + twoSizes(large, small);
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), withJpegOutputs(args, graph, tmpSmall, tmpLarge),
                timeout, null, cancel);
        if (!r.ok()) {
            throw FfmpegFailure.of("cannot make a poster", r, input);
        }
        return Support.nonEmpty(tmpSmall) && Support.nonEmpty(tmpLarge);
    }

    /** Filter chain (after an input label) that scales once to the large size and from it to the small one. */
    private static String twoSizes(Size large, Size small) {
        return "scale=" + large.width() + ":" + large.height() + ":flags=lanczos,setsar=1,split=2[large][l2s];"
                + "[l2s]scale=" + small.width() + ":" + small.height() + ":flags=lanczos,setsar=1[small]";
    }

    private static List<String> withJpegOutputs(FfmpegArgs args, String graph, Path tmpSmall, Path tmpLarge) {
        args.add("-filter_complex", graph);
        args.add("-map", "[large]", "-frames:v", "1", "-c:v", "mjpeg", "-q:v", JPEG_QUALITY,
                "-f", "image2", "-update", "1").output(tmpLarge);
        args.add("-map", "[small]", "-frames:v", "1", "-c:v", "mjpeg", "-q:v", JPEG_QUALITY,
                "-f", "image2", "-update", "1").output(tmpSmall);
        return args.list();
    }

    // ---- image

    private PosterResult image(Path input, MediaInfo m, Path tmpSmall, Path tmpLarge, BooleanSupplier cancel)
            throws IOException {
        int orientation = exifOrientation(input);
        return MediaWorkers.orProcesses(workers, () -> imageByWorker(input, orientation, tmpSmall, tmpLarge, cancel),
                () -> imageByFfmpeg(input, m, orientation, tmpSmall, tmpLarge, cancel));
    }

    private PosterResult imageByFfmpeg(Path input, MediaInfo m, int orientation, Path tmpSmall, Path tmpLarge,
                                       BooleanSupplier cancel) {
        Size display = Support.displaySize(m);
        boolean infoSideways = m.rotation() != null && (m.rotation() == 90 || m.rotation() == 270);
        boolean exifSideways = orientation >= 5 && orientation <= 8;
        if (infoSideways != exifSideways) {
            display = new Size(display.height(), display.width());
        }
        Size large = Support.fit(display, LARGE);
        Size small = Support.fit(display, SMALL);
        // Orientation is applied below from the EXIF tag; ffmpeg must not apply it a second time.
        FfmpegArgs args = FfmpegArgs.ffmpeg().add("-noautorotate").input(input);
        String turn = orientationFilter(orientation);
        String graph = "[0:V:0]" + (turn.isEmpty() ? "" : turn + ",") + twoSizes(large, small);
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), withJpegOutputs(args, graph, tmpSmall, tmpLarge),
                timeout, null, cancel);
        if (!r.ok()) {
            throw FfmpegFailure.of("cannot make a poster", r, input);
        }
        if (!Support.nonEmpty(tmpSmall) || !Support.nonEmpty(tmpLarge)) {
            throw new MediaException("cannot make a poster: the picture could not be decoded");
        }
        return new PosterResult(0, small, large);
    }

    /**
     * The picture decoded in a worker as stored (its own rotation ignored, as {@code -noautorotate}
     * does), fitted to the large size with lanczos, then turned here by its EXIF orientation.
     */
    private PosterResult imageByWorker(Path input, int orientation, Path tmpSmall, Path tmpLarge,
                                       BooleanSupplier cancel) throws IOException {
        FrameRequest request = new FrameRequest(List.of(0.0), null, LARGE, LARGE, FrameRequest.PixelFormat.RGB,
                FrameRequest.Scaler.LANCZOS, false, false, false, false);
        DecodedFrame[] got = {null};
        try {
            workers.frames(input, request, f -> {
                got[0] = f;
                return false;
            }, cancel, timeout);
        } catch (MediaException e) {
            if (e.getClass() != MediaException.class) throw e;
            throw new MediaException("cannot make a poster: " + e.getMessage(), e);
        }
        if (got[0] == null) {
            throw new MediaException("cannot make a poster: the picture could not be decoded");
        }
        ToolRunner.checkCancelled(cancel);
        return writeBoth(got[0].turnedByExif(orientation), 0, tmpSmall, tmpLarge);
    }

    /** Both JPEGs from one picture at the large size: the small one shrunk from it with lanczos. */
    private static PosterResult writeBoth(DecodedFrame f, double atSec, Path tmpSmall, Path tmpLarge)
            throws IOException {
        Size largeSize = new Size(f.width(), f.height());
        Size smallSize = Support.fit(largeSize, SMALL);
        int q = Integer.parseInt(JPEG_QUALITY);
        LibavJpeg.write(f.pixels(), f.width(), f.height(), f.width(), f.height(), q, tmpLarge);
        LibavJpeg.write(f.pixels(), f.width(), f.height(), smallSize.width(), smallSize.height(), q, tmpSmall);
        return new PosterResult(atSec, smallSize, largeSize);
    }

    /** The EXIF orientation tag (1..8), 1 when there is none or it cannot be read. */
    static int exifOrientation(Path file) {
        // a stream, not Path.toFile(): a String loses names the locale cannot spell
        try (var in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file))) {
            Metadata md = ImageMetadataReader.readMetadata(in);
            ExifIFD0Directory ifd0 = md.getFirstDirectoryOfType(ExifIFD0Directory.class);
            Integer o = ifd0 == null ? null : ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
            return o != null && o >= 1 && o <= 8 ? o : 1;
        } catch (Exception e) {
            return 1; // no readable EXIF: the picture is shown as stored
        }
    }

    /** ffmpeg filters that turn a picture stored with EXIF orientation {@code o} upright. */
    static String orientationFilter(int o) {
        return switch (o) {
            case 2 -> "hflip";
            case 3 -> "hflip,vflip";
            case 4 -> "vflip";
            case 5 -> "transpose=cclock_flip"; // transpose across the main diagonal
            case 6 -> "transpose=clock";
            case 7 -> "transpose=clock_flip"; // transverse
            case 8 -> "transpose=cclock";
            default -> "";
        };
    }

    // ---- audio

    private PosterResult waveform(Path input, MediaInfo m, Path tmpSmall, Path tmpLarge, BooleanSupplier cancel) {
        Size large = new Size(WAVE_W, WAVE_H);
        Size small = new Size(WAVE_W * SMALL / LARGE, WAVE_H * SMALL / LARGE);
        // showwavespic keeps every sample in memory until the end. Drawing the mean absolute
        // amplitude per column needs only its envelope: take |x| first, then resample that slow
        // signal to a rate that keeps even hours of audio at a few megabytes.
        double d = m.durationSec() != null && m.durationSec() > 0 ? m.durationSec() : 600;
        long rate = Math.max(1000, Math.min(8000, Math.round(8_000_000 / d)));
        String graph = "[0:a:0]aformat=sample_fmts=flt:channel_layouts=mono,aeval=exprs=abs(val(0)):c=same,"
                + "aresample=" + rate + ",asplit=2[a1][a2];"
                + wave("a1", large, "large") + ";" + wave("a2", small, "small");
        FfmpegArgs args = FfmpegArgs.ffmpeg().add("-vn", "-sn", "-dn").input(input);
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), withJpegOutputs(args, graph, tmpSmall, tmpLarge),
                timeout, null, cancel);
        if (!r.ok()) {
            throw FfmpegFailure.of("cannot make a waveform", r, input);
        }
        if (!Support.nonEmpty(tmpSmall) || !Support.nonEmpty(tmpLarge)) {
            throw new MediaException("cannot make a waveform: no audio could be decoded");
        }
        return new PosterResult(0, small, large);
    }

    /** showwavespic draws on transparency; a copy of it filled with the background goes underneath. */
    private static String wave(String in, Size s, String out) {
        return "[" + in + "]showwavespic=s=" + s.width() + "x" + s.height() + ":colors=0x5aa9e6:scale=sqrt,split=2[" + out
                + "w][" + out + "b];[" + out + "b]drawbox=c=0x1c1f24:t=fill:replace=1[" + out + "bg];["
                + out + "bg][" + out + "w]overlay=format=auto[" + out + "]";
    }
}
