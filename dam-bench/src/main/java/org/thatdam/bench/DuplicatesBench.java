package org.thatdam.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.fingerprint.VideoFingerprint;
import org.thatdam.media.fingerprint.VideoFingerprinter;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.model.MediaInfo;

/**
 * Near-duplicate fingerprints as multiples of real time on the motion bench's 1080p30 H.264 clip,
 * against ffmpeg's MPEG-7 video signature filter (the standard's fingerprint, computed on every
 * frame) over the same clip.
 */
final class DuplicatesBench {

    private static final Duration TIMEOUT = Duration.ofHours(1);

    private DuplicatesBench() {}

    static Section run(FfmpegTools tools, Path work, boolean quick) throws Exception {
        int sec = quick ? 30 : 180;
        Path clip = MotionBench.clip(tools, work, sec);
        MediaInfo info = new MediaProber(tools, Duration.ofMinutes(1)).probe(clip);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("input", clip.getFileName().toString());
        json.put("bytes", Files.size(clip));

        Timed<VideoFingerprint> ours = Timed.run("fingerprint", () ->
                new VideoFingerprinter(tools, TIMEOUT).fingerprint(clip, info, f -> { }, () -> false));
        Path signature = work.resolve("signature.bin");
        Timed<Void> peer = Timed.run("ffmpeg signature", () -> {
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), FfmpegArgs.ffmpeg().input(clip).add("-map", "0:v:0",
                    "-vf", "signature=format=binary:filename=" + signature.toAbsolutePath().toString().replace(":", "\\:"),
                    "-f", "null", "-").list(), TIMEOUT);
            if (!r.ok()) throw new IOException("ffmpeg could not compute the signature of " + clip + ": " + r.errorSummary());
            return null;
        });
        double oursX = sec * 1000.0 / Math.max(1, ours.ms());
        double peerX = sec * 1000.0 / Math.max(1, peer.ms());
        Map<String, Object> o = new LinkedHashMap<>();
        ours.into(o);
        o.put("xRealTime", Timed.round2(oursX));
        o.put("samples", ours.value().frames().length);
        o.put("bytes", ours.value().frames().length * 8L);
        json.put("fingerprint", o);
        Map<String, Object> p = new LinkedHashMap<>();
        peer.into(p);
        p.put("xRealTime", Timed.round2(peerX));
        p.put("bytes", Files.exists(signature) ? Files.size(signature) : null);
        json.put("ffmpegSignature", p);

        List<Row> rows = new ArrayList<>();
        rows.add(Row.compare("duplicates.fingerprint vs ffmpeg-signature, " + sec + " s 1080p30", oursX, peerX,
                "x real time", true, ScanBench.note("peer: ffmpeg -vf signature (MPEG-7) on every frame", ours, peer)));
        return new Section(json, rows);
    }
}
