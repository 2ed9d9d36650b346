package org.thatdam.media.cut;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.model.AssetKind;
import org.thatdam.model.DamException;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.derive.FfmpegProgress;
import org.thatdam.media.derive.ProgressListener;
import org.thatdam.media.derive.Size;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegFailure;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.motion.ToolSupport;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.storage.AtomicFiles;

/**
 * Writes only the kept ranges of a file, in order, as one H.264 (yuv420p, libx264 veryfast CRF
 * {@value #CRF}) + AAC {@value #AUDIO_BIT_RATE} MP4 with the index in front; an audio-only input
 * gives AAC alone (an .m4a target is written as such), an input without audio gives video alone.
 *
 * <p>Frame-accurate: the whole input is decoded once and each range is cut with
 * {@code trim}/{@code atrim} (video frames whose time is in the range, audio to the sample), each
 * piece restarting at 0 and then joined by {@code concat}, which starts every piece's audio and
 * video together, so the sound stays in sync however many cuts there are. Chosen over
 * {@code select}/{@code aselect}: those need a rebuilt time line ({@code setpts=N/FRAME_RATE/TB}),
 * which is only right for constant frame rates.
 *
 * <p>Atomic: written to a temporary sibling of {@code out} and committed when ffmpeg succeeded and
 * the result probes as expected; on failure or cancel the temporary file is removed and {@code out}
 * is untouched.
 */
public final class RangeCutter {

    static final String CRF = "20";
    static final String AUDIO_BIT_RATE = "160k";

    private final FfmpegTools tools;
    private final Duration timeout;

    public RangeCutter(FfmpegTools tools, Duration timeout) {
        this.tools = tools;
        this.timeout = timeout;
    }

    public CutResult cut(Path input, MediaInfo media, List<TimeRange> keep, Path out, ProgressListener progress,
                         BooleanSupplier cancelled) {
        MediaInput.checkReadable(input);
        if (out.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
            throw DamException.invalid("the cut cannot replace its original: " + out.getFileName());
        }
        MediaInfo m = ToolSupport.complete(media, tools, timeout, input);
        boolean video = ToolSupport.hasVideo(m);
        boolean audio = ToolSupport.hasAudio(m);
        if (m.kind() == AssetKind.IMAGE || (!video && !audio)) {
            throw new MediaException("cannot cut " + input.getFileName() + ": it has neither video nor audio to cut");
        }
        List<TimeRange> ranges = checked(keep, m.durationSec());
        ToolRunner.checkCancelled(cancelled);

        FfmpegArgs args = FfmpegArgs.ffmpeg().progress().input(input)
                .add("-filter_complex", graph(ranges, video, audio));
        if (video) {
            args.add("-map", "[v]", "-c:v", "libx264", "-preset", "veryfast", "-crf", CRF, "-pix_fmt", "yuv420p");
        }
        if (audio) {
            args.add("-map", "[a]", "-c:a", "aac", "-b:a", AUDIO_BIT_RATE);
        }
        boolean m4a = out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".m4a");
        args.add("-sn", "-dn", "-map_metadata", "-1", "-movflags", "+faststart", "-f", !video && m4a ? "ipod" : "mp4");

        Path tmp = null;
        try {
            tmp = AtomicFiles.tempSibling(out);
            args.output(tmp);
            FfmpegProgress fp = new FfmpegProgress(TimeRange.total(ranges), progress);
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), timeout, fp::accept, cancelled);
            if (!r.ok()) {
                throw FfmpegFailure.of("cannot cut " + input.getFileName(), r, input);
            }
            ToolRunner.checkCancelled(cancelled);
            MediaInfo p;
            try {
                p = new MediaProber(tools, timeout).probe(tmp);
            } catch (MediaException e) {
                throw new MediaException("the cut ffmpeg wrote is not readable: " + e.getMessage(), e);
            }
            if (video && !"h264".equals(p.videoCodec()) || audio && !"aac".equals(p.audioCodec())) {
                throw new MediaException("cannot cut " + input.getFileName() + ": the result lacks a stream ("
                        + p.videoCodec() + "/" + p.audioCodec() + ")");
            }
            ToolRunner.checkCancelled(cancelled);
            AtomicFiles.commit(tmp, out);
            Size size = video && p.width() != null && p.height() != null ? new Size(p.width(), p.height()) : null;
            return new CutResult(p.durationSec() == null ? 0 : p.durationSec(), size);
        } catch (IOException e) {
            throw new MediaException("cannot write " + out.getFileName() + ": " + e.getMessage(), e);
        } finally {
            ToolSupport.deleteQuietly(tmp);
        }
    }

    /**
     * The ranges in order, without overlaps, none starting at or after the end of the file; an end
     * past the file's end is clipped to it (a probe's duration and a range from a user's rounding
     * rarely agree to the millisecond).
     */
    static List<TimeRange> checked(List<TimeRange> keep, Double durationSec) {
        if (keep == null || keep.isEmpty()) {
            throw DamException.invalid("nothing to keep: the list of ranges is empty");
        }
        List<TimeRange> out = new ArrayList<>();
        TimeRange prev = null;
        for (TimeRange r : keep) {
            if (r == null) {
                throw DamException.invalid("a range to keep is missing (null)");
            }
            if (prev != null && r.startSec() < prev.startSec()) {
                throw DamException.invalid("ranges to keep are out of order: " + r + " comes after " + prev);
            }
            if (prev != null && r.startSec() < prev.endSec()) {
                throw DamException.invalid("ranges to keep overlap: " + prev + " and " + r);
            }
            TimeRange use = r;
            if (durationSec != null && durationSec > 0) {
                if (r.startSec() >= durationSec) {
                    throw DamException.invalid(String.format(Locale.ROOT,
                            "range %s starts at or after the end of the file (%.3f s)", r, durationSec));
                }
                if (r.endSec() > durationSec) {
                    use = new TimeRange(r.startSec(), durationSec);
                }
            }
            out.add(use);
            prev = r;
        }
        return out;
    }

    /** One trim per range and stream, each piece restarting at 0, joined by concat into [v] and [a]. */
    static String graph(List<TimeRange> ranges, boolean video, boolean audio) {
        int n = ranges.size();
        StringBuilder g = new StringBuilder();
        if (video) {
            g.append("[0:V:0]split=").append(n);
            for (int i = 0; i < n; i++) g.append("[vs").append(i).append(']');
            g.append(';');
        }
        if (audio) {
            g.append("[0:a:0]asplit=").append(n);
            for (int i = 0; i < n; i++) g.append("[as").append(i).append(']');
            g.append(';');
        }
        StringBuilder pieces = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String a = FfmpegArgs.num(ranges.get(i).startSec()), b = FfmpegArgs.num(ranges.get(i).endSec());
            if (video) {
                g.append("[vs").append(i).append("]trim=start=").append(a).append(":end=").append(b)
                        .append(",setpts=PTS-STARTPTS[v").append(i).append("];");
                pieces.append("[v").append(i).append(']');
            }
            if (audio) {
                g.append("[as").append(i).append("]atrim=start=").append(a).append(":end=").append(b)
                        .append(",asetpts=PTS-STARTPTS[a").append(i).append("];");
                pieces.append("[a").append(i).append(']');
            }
        }
        g.append(pieces).append("concat=n=").append(n).append(":v=").append(video ? 1 : 0)
                .append(":a=").append(audio ? 1 : 0);
        if (video) {
            // libx264 in 4:2:0 needs even sides: an odd one loses its last pixel row or column
            g.append("[vc]").append(audio ? "[a]" : "").append(";[vc]crop=trunc(iw/2)*2:trunc(ih/2)*2[v]");
        } else {
            g.append("[a]");
        }
        return g.toString();
    }
}
