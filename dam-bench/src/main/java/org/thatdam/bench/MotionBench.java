package org.thatdam.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.idle.IdleDetector;
import org.thatdam.media.idle.IdleOptions;
import org.thatdam.media.idle.IdlePlan;
import org.thatdam.media.motion.MotionAnalysis;
import org.thatdam.media.motion.MotionAnalyzer;
import org.thatdam.media.probe.MediaProber;

/**
 * Motion analysis and idle detection speed as multiples of real time on a 1080p30 H.264 clip with
 * mild sensor noise (quick: 30 s, full: 3 minutes), against the floor any analysis pays: ffmpeg
 * decoding every frame of the same clip to nothing (what an analysis that decodes it all pays).
 * The note gives the floor of our own way of reading the clip: only its I- and P-frames decoded
 * (B-frames skipped, no loop filter) and nothing else done, in one ffmpeg per core over equal parts
 * of it, so the analysis' figure reads as that floor minus what the analysis adds.
 */
final class MotionBench {

    /** One analysis run over a whole clip, as the server runs it; returns a one-line summary of what it found. */
    interface Analysis {
        String run() throws Exception;
    }

    private static final Duration TIMEOUT = Duration.ofHours(1);

    private MotionBench() {}

    static Section run(FfmpegTools tools, Path work, boolean quick) throws Exception {
        int sec = quick ? 30 : 180;
        Path clip = clip(tools, work, sec);
        MediaInfo info = new MediaProber(tools, Duration.ofMinutes(1)).probe(clip);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("input", clip.getFileName().toString());
        json.put("inputNote", sec + " s 1920x1080 30 fps, testsrc2 + noise=alls=3:allf=t, libx264 veryfast ~10 Mbit/s, B-frames");
        json.put("bytes", Files.size(clip));

        Timed<Void> floor = Timed.run("decode floor", () -> {
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), FfmpegArgs.ffmpeg().input(clip)
                    .add("-map", "0:v:0", "-f", "null", "-").list(), TIMEOUT);
            if (!r.ok()) throw new IOException("ffmpeg could not decode " + clip + ": " + r.errorSummary());
            return null;
        });
        double floorX = sec * 1000.0 / Math.max(1, floor.ms());
        Map<String, Object> fj = new LinkedHashMap<>();
        floor.into(fj);
        fj.put("xRealTime", Timed.round2(floorX));
        json.put("decodeFloor", fj);

        int processes = Runtime.getRuntime().availableProcessors();
        Timed<Void> refFloor = Timed.run("reference-frame decode floor", () -> referenceFrames(tools, clip, sec, processes));
        double refFloorX = sec * 1000.0 / Math.max(1, refFloor.ms());
        Map<String, Object> rj = new LinkedHashMap<>();
        refFloor.into(rj);
        rj.put("xRealTime", Timed.round2(refFloorX));
        rj.put("processes", processes);
        rj.put("how", "-threads 1 -skip_frame bidir -skip_loop_filter all, -f null, one ffmpeg per core over equal parts");
        json.put("referenceFrameFloor", rj);
        String note = String.format(Locale.ROOT, "baseline: ffmpeg decoding every frame to -f null; our decode floor:"
                + " I/P frames only (no B-frames, no loop filter), decode only, %d ffmpeg processes over parts of the"
                + " clip: %.1fx real time", processes, refFloorX);

        List<Row> rows = new ArrayList<>();
        String label = sec + " s 1080p30";
        Map<String, Analysis> analyses = new LinkedHashMap<>();
        analyses.put("motion analysis", () -> {
            MotionAnalysis a = new MotionAnalyzer(tools, TIMEOUT).analyze(clip, info, f -> { }, () -> false);
            return a.scores().length + " samples at " + a.sampleFps() + "/s";
        });
        analyses.put("idle detection", () -> {
            IdlePlan p = new IdleDetector(tools, TIMEOUT).detect(clip, info, IdleOptions.defaults(), f -> { }, () -> false);
            return p.kept().size() + " kept, " + p.removed().size() + " removed";
        });
        for (var e : analyses.entrySet()) {
            Timed<String> t = Timed.run(e.getKey(), () -> e.getValue().run());
            Map<String, Object> m = new LinkedHashMap<>();
            t.into(m);
            m.put("xRealTime", Timed.round2(sec * 1000.0 / Math.max(1, t.ms())));
            m.put("found", t.value());
            json.put(e.getKey().replace(' ', '-'), m);
            rows.add(Row.compare(e.getKey() + " vs decode only, " + label, sec * 1000.0 / Math.max(1, t.ms()), floorX,
                    "x real time", true, ScanBench.note(refFloor.disturbed() ? note + " (disturbed)" : note, t, floor)));
        }
        return new Section(json, rows);
    }

    /**
     * Decodes only the clip's I- and P-frames, as the analysis reads it, and does nothing with them:
     * {@code processes} ffmpeg at once, each over an equal part of the clip.
     */
    private static Void referenceFrames(FfmpegTools tools, Path clip, int sec, int processes) throws Exception {
        double part = (double) sec / processes;
        try (ExecutorService pool = Executors.newFixedThreadPool(processes)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                FfmpegArgs args = FfmpegArgs.ffmpeg().add("-threads", "1", "-skip_frame", "bidir", "-skip_loop_filter", "all");
                if (i > 0) args.add("-ss", FfmpegArgs.num(i * part));
                if (i < processes - 1) args.add("-t", FfmpegArgs.num(part));
                List<String> cmd = args.input(clip).add("-map", "0:v:0", "-an", "-f", "null", "-").list();
                fs.add(pool.submit(() -> {
                    ProcessResult r = ToolRunner.run(tools.ffmpeg(), cmd, TIMEOUT);
                    if (!r.ok()) throw new IOException("ffmpeg could not decode " + clip + ": " + r.errorSummary());
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        }
        return null;
    }

    /** The clip, generated once and reused while it probes as expected. */
    static Path clip(FfmpegTools tools, Path work, int sec) throws IOException {
        Path f = work.resolve(String.format(Locale.ROOT, "motion-%ds-1920x1080-30fps-noise.mp4", sec));
        if (Files.isRegularFile(f)) {
            try {
                MediaInfo i = new MediaProber(tools, Duration.ofMinutes(1)).probe(f);
                if (i.durationSec() != null && Math.abs(i.durationSec() - sec) < 0.5) return f;
            } catch (RuntimeException e) {
                // unreadable: made again below
            }
        }
        System.err.printf(Locale.ROOT, "motion clip: generating %d s of 1080p30 with noise into %s%n", sec, f);
        Path tmp = f.resolveSibling(".partial-" + f.getFileName());
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), FfmpegArgs.ffmpeg().add("-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=" + sec + ",noise=alls=3:allf=t",
                "-c:v", "libx264", "-preset", "veryfast", "-b:v", "10M", "-maxrate", "12M", "-bufsize", "20M",
                "-bf", "3", "-g", "60", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4")
                .output(tmp).list(), TIMEOUT);
        if (!r.ok()) throw new IOException("cannot generate the motion clip: " + r.errorSummary());
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return f;
    }
}
