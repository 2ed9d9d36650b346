package org.thatdam.media.cut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.derive.Size;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.idle.IdleDetector;
import org.thatdam.media.idle.IdleOptions;
import org.thatdam.media.idle.IdlePlan;
import org.thatdam.media.motion.MotionMedia;
import org.thatdam.media.probe.MediaProber;

class RangeCutterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final FfmpegTools tools = FfmpegTools.bundled();
    private final MediaProber prober = new MediaProber(tools, TIMEOUT);
    private final RangeCutter cutter = new RangeCutter(tools, TIMEOUT);
    @TempDir
    Path dir;

    /** Duration per stream type ("video", "audio") as ffprobe reads it from the container. */
    private Map<String, Double> streamDurations(Path file) {
        ProcessResult r = ToolRunner.run(tools.ffprobe(), List.of("-v", "error", "-show_entries",
                "stream=codec_type,duration", "-of", "csv=p=0", "file:" + file), TIMEOUT);
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        Map<String, Double> out = new HashMap<>();
        for (String line : r.stdoutText().strip().split("\\R")) {
            String[] f = line.split(",");
            out.put(f[0], Double.parseDouble(f[1]));
        }
        return out;
    }

    /** Start of the first 3 kHz beep in the file's sound: where the high-passed audio stops being silent. */
    private double beepAt(Path file) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), List.of("-nostdin", "-v", "error", "-i", "file:" + file,
                "-vn", "-af", "highpass=f=2000,highpass=f=2000,silencedetect=n=-35dB:d=0.05,ametadata=mode=print:file='pipe\\:1'",
                "-f", "null", "-"), TIMEOUT, in -> {
                    BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                    String l;
                    while ((l = br.readLine()) != null) lines.add(l);
                }, null, null);
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        return lines.stream().filter(l -> l.startsWith("lavfi.silence_end=")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.indexOf('=') + 1))).orElseThrow();
    }

    @Test
    void cutsTheIdlePartsWithSoundInSync() {
        Path input = MotionMedia.idleClip();
        MediaInfo info = prober.probe(input);
        IdlePlan plan = new IdleDetector(tools, TIMEOUT).detect(input, info, IdleOptions.defaults(), null, () -> false);
        assertThat(plan.kept()).hasSize(2);
        assertThat(beepAt(input)).isCloseTo(9.5, within(0.03));

        List<Double> progress = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        CutResult r = cutter.cut(input, info, plan.kept(), dir.resolve("cut.mp4"), progress::add, () -> false);
        System.out.printf(Locale.ROOT, "cut %s %s: %d ms -> %s%n", input.getFileName(), plan.kept(),
                (System.nanoTime() - t0) / 1_000_000, r);
        assertThat(r.outputSec()).isCloseTo(plan.outputSec(), within(0.1));
        assertThat(r.size()).isEqualTo(new Size(320, 240));
        Map<String, Double> d = streamDurations(dir.resolve("cut.mp4"));
        assertThat(d.get("video")).isCloseTo(plan.outputSec(), within(0.1));
        assertThat(d.get("audio")).isCloseTo(d.get("video"), within(0.1));
        double expectedBeep = plan.kept().get(0).length() + (9.5 - plan.kept().get(1).startSec());
        assertThat(beepAt(dir.resolve("cut.mp4"))).isCloseTo(expectedBeep, within(0.05));
        assertThat(progress).isNotEmpty().isSorted();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(1.0);

        MediaInfo out = prober.probe(dir.resolve("cut.mp4"));
        assertThat(out.videoCodec()).isEqualTo("h264");
        assertThat(out.audioCodec()).isEqualTo("aac");
        assertThat(names()).containsExactly("cut.mp4");
    }

    @Test
    void videoWithoutSoundGivesVideoOnly() {
        Path input = MotionMedia.idleClipSilent();
        CutResult r = cutter.cut(input, prober.probe(input), List.of(new TimeRange(1, 2), new TimeRange(9, 10.5)),
                dir.resolve("mute.mp4"), null, () -> false);
        assertThat(r.outputSec()).isCloseTo(2.5, within(0.1));
        MediaInfo out = prober.probe(dir.resolve("mute.mp4"));
        assertThat(out.audioCodec()).isNull();
        assertThat(out.videoCodec()).isEqualTo("h264");
    }

    @Test
    void audioOnlyGivesAac() {
        Path input = MotionMedia.toneWithPause();
        CutResult r = cutter.cut(input, prober.probe(input), List.of(new TimeRange(0, 3.25), new TimeRange(6.75, 10)),
                dir.resolve("talk.m4a"), null, () -> false);
        assertThat(r.size()).isNull();
        assertThat(r.outputSec()).isCloseTo(6.5, within(0.1));
        MediaInfo out = prober.probe(dir.resolve("talk.m4a"));
        assertThat(out.audioCodec()).isEqualTo("aac");
        assertThat(out.videoCodec()).isNull();
    }

    @Test
    void badRangesAreRejected() {
        Path input = MotionMedia.idleClipSilent();
        MediaInfo info = prober.probe(input);
        Path out = dir.resolve("x.mp4");
        assertThatThrownBy(() -> cutter.cut(input, info, List.of(), out, null, () -> false))
                .isInstanceOf(DamException.class).hasMessageContaining("empty")
                .extracting(e -> ((DamException) e).code()).isEqualTo(ErrorCode.INVALID);
        assertThatThrownBy(() -> cutter.cut(input, info, List.of(new TimeRange(1, 5), new TimeRange(4, 6)), out, null, () -> false))
                .isInstanceOf(DamException.class).hasMessageContaining("overlap");
        assertThatThrownBy(() -> cutter.cut(input, info, List.of(new TimeRange(5, 6), new TimeRange(1, 2)), out, null, () -> false))
                .isInstanceOf(DamException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> cutter.cut(input, info, List.of(new TimeRange(20, 30)), out, null, () -> false))
                .isInstanceOf(DamException.class).hasMessageContaining("after the end");
        assertThatThrownBy(() -> new TimeRange(3, 3)).isInstanceOf(DamException.class)
                .hasMessageContaining("must end after it starts");
        assertThatThrownBy(() -> new TimeRange(-1, 3)).isInstanceOf(DamException.class)
                .hasMessageContaining("before 0");
        assertThat(new TimeRange(1, 3.5).length()).isEqualTo(2.5);
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void cancelLeavesNoTemporaryFileAndTheOldOutput() throws Exception {
        Path input = MotionMedia.idleClip();
        Path out = dir.resolve("cut.mp4");
        Files.writeString(out, "previous");
        AtomicBoolean cancel = new AtomicBoolean();
        assertThatThrownBy(() -> cutter.cut(input, prober.probe(input), List.of(new TimeRange(0, 16)), out,
                f -> cancel.set(true), cancel::get)).isInstanceOf(ToolRunner.CancelledException.class);
        assertThat(names()).containsExactly("cut.mp4");
        assertThat(Files.readString(out)).isEqualTo("previous");
    }

    private List<String> names() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
