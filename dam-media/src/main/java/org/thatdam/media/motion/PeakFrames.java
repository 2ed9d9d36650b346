package org.thatdam.media.motion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegFailure;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.model.DamException;
import org.thatdam.storage.AtomicFiles;

/**
 * Stills of the strongest moments: a JPEG at the peak of each of the {@code max} segments with the
 * highest peak scores, long side at most {@value #MAX_LONG_SIDE} (never upscaled, even sides),
 * upright (ffmpeg applies the rotation flag). Files are numbered in time order ({@code peak-01.jpg}
 * is the earliest of the chosen peaks) and each is written to a temporary sibling and committed.
 */
public final class PeakFrames {

    static final int MAX_LONG_SIDE = 640;
    private static final String JPEG_QUALITY = "3"; // mjpeg -q:v, 2 (best) .. 31

    private final FfmpegTools tools;
    private final Duration timeout;

    public PeakFrames(FfmpegTools tools, Duration timeout) {
        this.tools = tools;
        this.timeout = timeout;
    }

    /** The names of the files written, in the order of their numbers; empty when {@code max} is 0 or there are no segments. */
    public List<Path> save(Path input, List<MotionSegment> segments, int max, Path dir, BooleanSupplier cancelled) {
        if (max < 0) {
            throw DamException.invalid("the number of peak frames cannot be negative: " + max);
        }
        MediaInput.checkReadable(input);
        List<MotionSegment> chosen = chosen(segments, max);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            ToolRunner.checkCancelled(cancelled);
            Path target = dir.resolve(String.format(Locale.ROOT, "peak-%02d.jpg", i + 1));
            write(input, chosen.get(i).peakSec(), target, cancelled);
            out.add(target);
        }
        return out;
    }

    /** The segments whose peaks get a still: the {@code max} strongest, in time order (still n is the n-th of them). */
    public static List<MotionSegment> chosen(List<MotionSegment> segments, int max) {
        return segments.stream()
                .sorted(Comparator.comparingDouble(MotionSegment::peakScore).reversed()
                        .thenComparingDouble(MotionSegment::peakSec))
                .limit(Math.max(0, max))
                .sorted(Comparator.comparingDouble(MotionSegment::peakSec))
                .toList();
    }

    private void write(Path input, double atSec, Path target, BooleanSupplier cancelled) {
        Path tmp = null;
        try {
            tmp = AtomicFiles.tempSibling(target);
            FfmpegArgs args = FfmpegArgs.ffmpeg().add("-threads", "1"); // one frame: frame threading only adds latency
            if (atSec > 0) {
                args.add("-ss", FfmpegArgs.num(atSec));
            }
            args.input(input).add("-map", "0:V:0", "-an", "-sn", "-dn",
                    "-vf", "scale=w='min(" + MAX_LONG_SIDE + ",iw)':h='min(" + MAX_LONG_SIDE + ",ih)'"
                            + ":force_original_aspect_ratio=decrease:force_divisible_by=2:flags=lanczos,setsar=1",
                    "-frames:v", "1", "-c:v", "mjpeg", "-q:v", JPEG_QUALITY, "-f", "image2", "-update", "1")
                    .output(tmp);
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), timeout, null, cancelled);
            if (!r.ok()) {
                throw FfmpegFailure.of("cannot save a peak frame", r, input);
            }
            if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                throw new MediaException(String.format(Locale.ROOT,
                        "cannot save a peak frame: no picture could be decoded at %.2f s", atSec));
            }
            ToolRunner.checkCancelled(cancelled);
            AtomicFiles.commit(tmp, target);
        } catch (IOException e) {
            throw new MediaException("cannot write " + target.getFileName() + ": " + e.getMessage(), e);
        } finally {
            ToolSupport.deleteQuietly(tmp);
        }
    }
}
