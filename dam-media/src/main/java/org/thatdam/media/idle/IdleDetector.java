package org.thatdam.media.idle;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.model.AssetKind;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.cut.TimeRange;
import org.thatdam.media.derive.ProgressListener;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegFailure;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.motion.MotionAnalysis;
import org.thatdam.media.motion.MotionAnalyzer;
import org.thatdam.media.motion.ToolSupport;

/**
 * Finds the idle stretches of a recording (a screen recording left running, a camera on a tripod
 * before anyone appears, dead air in a podcast) and plans what to keep.
 *
 * <ul>
 *   <li><b>Frozen picture</b>: from {@link MotionAnalyzer}'s frame differences; a sample is frozen
 *       when its mean absolute difference to the previous one is at most
 *       {@link IdleOptions#noiseLevel()}; a run of frozen samples at least
 *       {@link IdleOptions#minIdleSec()} long is idle.</li>
 *   <li><b>Silence</b>: ffmpeg's {@code silencedetect} on the audio alone ({@code -vn}), its
 *       findings printed by {@code ametadata} to stdout (read as it comes, so a long file with many
 *       pauses loses none of them, unlike a tail of stderr). Used for audio-only files, and for video
 *       when {@link IdleOptions#requireSilence()} asks that an idle stretch also be silent.</li>
 * </ul>
 */
public final class IdleDetector {

    /** A kept or removed piece shorter than this is not worth a cut (a jump for nothing). */
    static final double MIN_CUT_SEC = 0.2;
    /** An idle range this close to the start or the end of the file counts as touching it. */
    static final double EDGE_SEC = 0.05;
    /**
     * Samples on each side of a one-sample change that must be still for it to be checked, and how
     * far from it the real pictures are compared (the fast decode can show a change a sample late).
     */
    static final int BLIP_CONTEXT = 2;

    private final FfmpegTools tools;
    private final Duration timeout;
    private final MotionAnalyzer analyzer;

    public IdleDetector(FfmpegTools tools, Duration timeout) {
        this.tools = tools;
        this.timeout = timeout;
        this.analyzer = new MotionAnalyzer(tools, timeout);
    }

    public IdlePlan detect(Path input, MediaInfo media, IdleOptions o, ProgressListener p, BooleanSupplier cancelled) {
        MediaInput.checkReadable(input);
        MediaInfo m = ToolSupport.complete(media, tools, timeout, input);
        ProgressListener progress = p == null ? ProgressListener.NONE : p;
        boolean video = ToolSupport.hasVideo(m);
        boolean audio = ToolSupport.hasAudio(m);
        if (m.kind() == AssetKind.IMAGE || (!video && !audio)) {
            throw new MediaException("cannot look for idle parts in " + input.getFileName()
                    + ": it has neither video nor audio");
        }
        double inputSec = m.durationSec() != null && m.durationSec() > 0 ? m.durationSec() : 0;
        List<TimeRange> idle;
        if (video) {
            boolean withSilence = o.requireSilence() && audio;
            double share = withSilence ? 0.9 : 1.0; // audio decodes far faster than video
            MotionAnalysis a = analyzer.analyze(input, m, f -> progress.progress(Math.min(f, 0.99) * share), cancelled);
            if (inputSec == 0) {
                inputSec = a.durationSec();
            }
            idle = frozen(withoutKeyFrameBlips(a, input, m, o, cancelled), o, inputSec);
            if (withSilence && !idle.isEmpty()) {
                idle = longEnough(intersect(idle, silences(input, o, inputSec, cancelled)), o.minIdleSec());
            }
        } else {
            if (inputSec == 0) {
                throw new MediaException("cannot look for idle parts in " + input.getFileName() + ": its duration is unknown");
            }
            idle = silences(input, o, inputSec, cancelled);
        }
        ToolRunner.checkCancelled(cancelled);
        IdlePlan plan = plan(inputSec, idle, o);
        progress.progress(1.0);
        return plan;
    }

    /**
     * The analysis with one-sample changes inside a still picture that a full decode does not see
     * set to frozen. The fast analysis drifts on a still picture and snaps back at each key frame
     * (x264 puts one every few seconds), which would cut a long freeze in two and keep a sliver of
     * it. A change of one sample, with the picture still before and after it, is checked on the
     * real pictures around it: a slide that changed once and stays is still a change.
     */
    MotionAnalysis withoutKeyFrameBlips(MotionAnalysis a, Path input, MediaInfo m, IdleOptions o, BooleanSupplier cancelled) {
        float[] d = a.frameDiffs();
        double level = o.noiseLevel();
        float[] fixed = null;
        for (int i = 1; i + BLIP_CONTEXT < d.length; i++) {
            if (!isolated(d, i, level)) continue;
            ToolRunner.checkCancelled(cancelled);
            double from = a.timeOf(Math.max(0, i - BLIP_CONTEXT)), to = a.timeOf(i + BLIP_CONTEXT);
            if (analyzer.exactDifference(input, m, from, to, cancelled) <= level) {
                if (fixed == null) fixed = d.clone();
                fixed[i] = 0;
            }
        }
        return fixed == null ? a : new MotionAnalysis(a.durationSec(), a.sampleFps(), a.scores(), fixed);
    }

    /** Sample {@code i} changed, and the picture is still for {@value #BLIP_CONTEXT} samples around it. */
    static boolean isolated(float[] d, int i, double level) {
        if (d[i] <= level) return false;
        for (int k = Math.max(1, i - BLIP_CONTEXT + 1); k <= i + BLIP_CONTEXT; k++) {
            if (k != i && d[k] > level) return false;
        }
        return true;
    }

    /**
     * Runs of frozen samples at least {@code minIdleSec} long. Sample {@code i} measures the change
     * from sample {@code i-1}, so a run of frozen samples {@code a..b} is a still picture from
     * {@code a-1} to {@code b}; a run that reaches the last sample lasts to the end of the file.
     */
    static List<TimeRange> frozen(MotionAnalysis a, IdleOptions o, double inputSec) {
        float[] d = a.frameDiffs();
        double level = o.noiseLevel();
        List<TimeRange> out = new ArrayList<>();
        int i = 0;
        while (i < d.length) {
            if (d[i] > level) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < d.length && d[j + 1] <= level) {
                j++;
            }
            double start = i == 0 ? 0 : a.timeOf(i - 1);
            double end = j == d.length - 1 ? Math.max(inputSec, a.timeOf(j)) : a.timeOf(j);
            if (end - start >= o.minIdleSec() && end > start) {
                out.add(new TimeRange(start, end));
            }
            i = j + 1;
        }
        return out;
    }

    /** Silent stretches of the first audio stream (at least minIdleSec long, as silencedetect's d= says). */
    private List<TimeRange> silences(Path input, IdleOptions o, double inputSec, BooleanSupplier cancelled) {
        FfmpegArgs args = FfmpegArgs.ffmpeg().add("-vn", "-sn", "-dn").input(input).add("-map", "0:a:0",
                "-af", "silencedetect=n=" + FfmpegArgs.num(o.noiseDb()) + "dB:d=" + FfmpegArgs.num(o.minIdleSec())
                        + ",ametadata=mode=print:file='pipe\\:1'",
                "-f", "null", "-");
        List<double[]> found = new ArrayList<>();
        double[] open = {Double.NaN};
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), timeout, in -> {
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("lavfi.silence_start=")) {
                    open[0] = Math.max(0, parse(line));
                } else if (line.startsWith("lavfi.silence_end=") && !Double.isNaN(open[0])) {
                    found.add(new double[] {open[0], parse(line)});
                    open[0] = Double.NaN;
                }
            }
        }, cancelled, null);
        if (!r.ok()) {
            throw FfmpegFailure.of("cannot detect silence", r, input);
        }
        if (!Double.isNaN(open[0])) {
            found.add(new double[] {open[0], inputSec}); // silent to the end: no end is ever reported
        }
        List<TimeRange> out = new ArrayList<>();
        for (double[] s : found) {
            double end = Math.min(s[1], Math.max(inputSec, s[0]));
            if (end > s[0]) {
                out.add(new TimeRange(s[0], end));
            }
        }
        return out;
    }

    static double parse(String line) {
        try {
            return Double.parseDouble(line.substring(line.indexOf('=') + 1).strip());
        } catch (NumberFormatException e) {
            // ffmpeg prints these numbers itself: a line we cannot read means our parsing is wrong
            throw new DamException(ErrorCode.INTERNAL, "cannot detect silence: unexpected ffmpeg output '" + line + "'", e);
        }
    }

    /** Where both lists of ordered, non-overlapping ranges agree. */
    static List<TimeRange> intersect(List<TimeRange> a, List<TimeRange> b) {
        List<TimeRange> out = new ArrayList<>();
        int i = 0, j = 0;
        while (i < a.size() && j < b.size()) {
            double s = Math.max(a.get(i).startSec(), b.get(j).startSec());
            double e = Math.min(a.get(i).endSec(), b.get(j).endSec());
            if (e > s) {
                out.add(new TimeRange(s, e));
            }
            if (a.get(i).endSec() < b.get(j).endSec()) i++;
            else j++;
        }
        return out;
    }

    private static List<TimeRange> longEnough(List<TimeRange> ranges, double min) {
        return ranges.stream().filter(r -> r.length() >= min - 1e-9).toList();
    }

    /**
     * The plan for idle ranges (in any order, may overlap). Pure.
     *
     * <ol>
     *   <li>Ranges are clipped to the file and merged where they overlap or touch.</li>
     *   <li>Each is shrunk by {@code padSec} at both ends, except an end at the start or the end of the
     *       file: there is no content on that side to lead into or out of.</li>
     *   <li>What is then shorter than {@value #MIN_CUT_SEC} s is dropped: removing it would save
     *       nothing and still put a visible jump into the result.</li>
     *   <li>Kept is the rest of {@code [0, inputSec]}, without slivers shorter than {@value #MIN_CUT_SEC} s
     *       between two removed ranges or at an edge (they are removed too).</li>
     * </ol>
     */
    public static IdlePlan plan(double inputSec, List<TimeRange> idle, IdleOptions o) {
        if (!(inputSec > 0) || Double.isInfinite(inputSec)) {
            throw new MediaException("the file's duration must be positive, not " + inputSec);
        }
        List<TimeRange> sorted = new ArrayList<>(idle);
        sorted.sort(Comparator.comparingDouble(TimeRange::startSec));
        List<double[]> merged = new ArrayList<>();
        for (TimeRange r : sorted) {
            double s = Math.max(0, r.startSec()), e = Math.min(inputSec, r.endSec());
            if (e <= s) continue;
            double[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && s <= last[1]) {
                last[1] = Math.max(last[1], e);
            } else {
                merged.add(new double[] {s, e});
            }
        }
        List<double[]> removed = new ArrayList<>();
        for (double[] r : merged) {
            boolean atStart = r[0] <= EDGE_SEC, atEnd = r[1] >= inputSec - EDGE_SEC;
            double s = atStart ? 0 : r[0] + o.padSec();
            double e = atEnd ? inputSec : r[1] - o.padSec();
            if (e - s >= MIN_CUT_SEC) {
                removed.add(new double[] {s, e});
            }
        }
        // a kept sliver between two cuts or at an edge is no content worth a jump: remove it too
        List<double[]> joined = new ArrayList<>();
        for (double[] r : removed) {
            double[] last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (last != null && r[0] - last[1] < MIN_CUT_SEC) {
                last[1] = r[1];
            } else {
                if (last == null && r[0] < MIN_CUT_SEC) r[0] = 0;
                joined.add(r);
            }
        }
        if (!joined.isEmpty() && inputSec - joined.get(joined.size() - 1)[1] < MIN_CUT_SEC) {
            joined.get(joined.size() - 1)[1] = inputSec;
        }
        List<TimeRange> removedRanges = new ArrayList<>();
        List<TimeRange> kept = new ArrayList<>();
        double pos = 0;
        for (double[] r : joined) {
            if (r[0] > pos) kept.add(new TimeRange(pos, r[0]));
            removedRanges.add(new TimeRange(r[0], r[1]));
            pos = r[1];
        }
        if (pos < inputSec) kept.add(new TimeRange(pos, inputSec));
        return new IdlePlan(inputSec, kept, removedRanges);
    }
}
