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
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.scenes.SceneAnalysis;
import org.thatdam.media.scenes.SceneDetector;
import org.thatdam.model.MediaInfo;

/**
 * Scene detection (cuts, beats, keyframe JPEGs) as a multiple of real time on a 1080p30 H.264 clip with a hard
 * cut every {@value #SHOT_SEC} s between four different sources with mild sensor noise (quick: 60 s, full: 3
 * minutes), against a bare ffmpeg {@code scdet} pass over the same clip (scores only: no beats, no keyframes).
 * Also says how many of the known cuts were found and how far off the worst one was, in frames.
 */
final class SceneBench {

    static final int SHOT_SEC = 6;
    static final int FPS = 30;
    private static final Duration TIMEOUT = Duration.ofHours(1);
    private static final String[] SOURCES = {"testsrc2", "smptebars", "testsrc", "rgbtestsrc"};

    private SceneBench() {}

    static Section run(FfmpegTools tools, Path work, boolean quick) throws Exception {
        int sec = quick ? 60 : 180;
        Path clip = clip(tools, work, sec);
        MediaInfo info = new MediaProber(tools, Duration.ofMinutes(1)).probe(clip);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("input", clip.getFileName().toString());
        json.put("inputNote", sec + " s 1920x1080 30 fps, a hard cut every " + SHOT_SEC + " s between "
                + String.join("/", SOURCES) + " + noise=alls=3:allf=t, libx264 veryfast ~10 Mbit/s, B-frames");
        json.put("bytes", Files.size(clip));

        Timed<Void> peer = Timed.run("ffmpeg scdet", () -> {
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), FfmpegArgs.ffmpeg().input(clip)
                    .add("-map", "0:v:0", "-vf", "scdet", "-f", "null", "-").list(), TIMEOUT);
            if (!r.ok()) throw new IOException("ffmpeg scdet failed on " + clip + ": " + r.errorSummary());
            return null;
        });
        Path keyframes = work.resolve("scene-keyframes");
        Timed<SceneAnalysis> ours = Timed.run("scene detection", () -> {
            deleteTree(keyframes);
            return new SceneDetector(tools, TIMEOUT).detect(clip, info, keyframes, f -> { }, () -> false);
        });
        double oursX = sec * 1000.0 / Math.max(1, ours.ms());
        double peerX = sec * 1000.0 / Math.max(1, peer.ms());

        SceneAnalysis a = ours.value();
        int expected = sec / SHOT_SEC - 1;
        int found = 0;
        double worstFrames = 0;
        for (int k = 1; k <= expected; k++) {
            double cut = k * SHOT_SEC;
            double best = a.scenes().stream().mapToDouble(s -> Math.abs(s.startSec() - cut)).min().orElse(1e9);
            if (best < 0.5) {
                found++;
                worstFrames = Math.max(worstFrames, best * FPS);
            }
        }
        int beats = a.scenes().stream().mapToInt(s -> s.beats().size()).sum();
        Map<String, Object> m = new LinkedHashMap<>();
        ours.into(m);
        m.put("xRealTime", Timed.round2(oursX));
        m.put("scenes", a.scenes().size());
        m.put("beats", beats);
        m.put("cutsFound", found + "/" + expected);
        m.put("worstCutErrorFrames", Timed.round2(worstFrames));
        json.put("ours", m);
        Map<String, Object> pj = new LinkedHashMap<>();
        peer.into(pj);
        pj.put("xRealTime", Timed.round2(peerX));
        json.put("ffmpegScdet", pj);
        deleteTree(keyframes);

        List<Row> rows = new ArrayList<>();
        rows.add(Row.compare("scenes.detect-1080p vs ffmpeg-scdet", oursX, peerX, "x real time", true,
                ScanBench.note(String.format(Locale.ROOT, "%d s 1080p30, 2 cores; ours: cuts + %d beats + keyframe"
                        + " JPEGs, %d/%d cuts found, worst %.1f frames off; peer: bare scdet pass, every frame",
                        sec, beats, found, expected, worstFrames), ours, peer)));
        return new Section(json, rows);
    }

    /** The clip, generated once and reused while it probes as expected. */
    private static Path clip(FfmpegTools tools, Path work, int sec) throws IOException {
        Path f = work.resolve(String.format(Locale.ROOT, "scenes-%ds-1920x1080-30fps-cuts.mp4", sec));
        if (Files.isRegularFile(f)) {
            try {
                MediaInfo i = new MediaProber(tools, Duration.ofMinutes(1)).probe(f);
                if (i.durationSec() != null && Math.abs(i.durationSec() - sec) < 0.5) return f;
            } catch (RuntimeException e) {
                // unreadable: made again below
            }
        }
        System.err.printf(Locale.ROOT, "scene clip: generating %d s of 1080p30 with cuts into %s%n", sec, f);
        StringBuilder graph = new StringBuilder();
        int shots = sec / SHOT_SEC;
        for (int i = 0; i < shots; i++) {
            graph.append(SOURCES[i % SOURCES.length]).append("=size=1920x1080:rate=").append(FPS).append(":duration=")
                    .append(SHOT_SEC).append("[s").append(i).append("];");
        }
        for (int i = 0; i < shots; i++) graph.append("[s").append(i).append(']');
        graph.append("concat=n=").append(shots).append(":v=1:a=0,noise=alls=3:allf=t,format=yuv420p[v]");
        Files.createDirectories(work);
        Path tmp = f.resolveSibling(".partial-" + f.getFileName());
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), FfmpegArgs.ffmpeg().add("-filter_complex", graph.toString(),
                "-map", "[v]", "-c:v", "libx264", "-preset", "veryfast", "-b:v", "10M", "-maxrate", "12M",
                "-bufsize", "20M", "-bf", "3", "-g", "60", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4")
                .output(tmp).list(), TIMEOUT);
        if (!r.ok()) throw new IOException("cannot generate the scene clip: " + r.errorSummary());
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return f;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Runs this section alone: {@code SceneBench WORK_DIR [full]}; prints its rows. */
    public static void main(String[] args) throws Exception {
        Section s = run(FfmpegTools.bundled(), Path.of(args[0]).toAbsolutePath(), !(args.length > 1 && args[1].equals("full")));
        System.out.println(org.thatdam.core.json.Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(s.json()));
        System.out.print(Table.render(s.rows()));
    }
}
