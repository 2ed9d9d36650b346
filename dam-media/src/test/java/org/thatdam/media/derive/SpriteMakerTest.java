package org.thatdam.media.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.thatdam.media.derive.DeriveTesting.names;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.media.worker.MediaWorkers;
import org.thatdam.media.worker.WorkerOptions;

class SpriteMakerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final MediaProber prober = new MediaProber(FfmpegTools.bundled(), TIMEOUT);
    private final SpriteMaker maker = new SpriteMaker(FfmpegTools.bundled(), TIMEOUT);
    @TempDir
    Path dir;

    record Cue(double from, double to, String sheet, int x, int y, int w, int h) {}

    private static final Pattern TIMING = Pattern.compile(
            "(\\d{2,}):(\\d{2}):(\\d{2})\\.(\\d{3}) --> (\\d{2,}):(\\d{2}):(\\d{2})\\.(\\d{3})");
    private static final Pattern TARGET = Pattern.compile("([^#\\s]+)#xywh=(\\d+),(\\d+),(\\d+),(\\d+)");

    /** A strict little WebVTT reader for what SpriteMaker writes. */
    static List<Cue> parseVtt(String text) {
        String[] blocks = text.replace("\r\n", "\n").split("\n\n+");
        assertThat(blocks[0]).isEqualTo("WEBVTT");
        List<Cue> cues = new ArrayList<>();
        for (int i = 1; i < blocks.length; i++) {
            String block = blocks[i].strip();
            if (block.isEmpty()) continue;
            String[] lines = block.split("\n");
            assertThat(lines).as("cue %d", i).hasSize(2);
            Matcher t = TIMING.matcher(lines[0]);
            assertThat(t.matches()).as("timing line '%s'", lines[0]).isTrue();
            Matcher u = TARGET.matcher(lines[1]);
            assertThat(u.matches()).as("target line '%s'", lines[1]).isTrue();
            cues.add(new Cue(sec(t, 1), sec(t, 5), u.group(1), Integer.parseInt(u.group(2)),
                    Integer.parseInt(u.group(3)), Integer.parseInt(u.group(4)), Integer.parseInt(u.group(5))));
        }
        return cues;
    }

    private static double sec(Matcher m, int g) {
        return Integer.parseInt(m.group(g)) * 3600 + Integer.parseInt(m.group(g + 1)) * 60
                + Integer.parseInt(m.group(g + 2)) + Integer.parseInt(m.group(g + 3)) / 1000.0;
    }

    /** Everything a sprite must satisfy, checked against the files on disk. */
    private List<Cue> assertConsistent(SpriteResult r, Path outDir, double duration) throws Exception {
        assertThat(r.vtt()).isEqualTo(outDir.resolve("sprite.vtt"));
        List<Cue> cues = parseVtt(Files.readString(r.vtt()));
        assertThat(cues).hasSize(r.tiles());
        assertThat(r.tiles()).isPositive();
        assertThat(cues.get(0).from()).isZero();
        assertThat(cues.get(cues.size() - 1).to()).isCloseTo(duration, within(0.1));
        Map<String, BufferedImage> sheets = new HashMap<>();
        for (Path p : r.sheets()) {
            assertThat(p).exists();
            sheets.put(p.getFileName().toString(), DeriveTesting.read(p));
        }
        for (int i = 0; i < cues.size(); i++) {
            Cue c = cues.get(i);
            assertThat(c.to()).as("cue %d", i).isGreaterThan(c.from());
            if (i > 0) {
                assertThat(c.from()).as("cue %d starts where %d ends", i, i - 1).isEqualTo(cues.get(i - 1).to());
            }
            BufferedImage sheet = sheets.get(c.sheet());
            assertThat(sheet).as("sheet %s of cue %d", c.sheet(), i).isNotNull();
            assertThat(c.w()).isEqualTo(r.tile().width());
            assertThat(c.h()).isEqualTo(r.tile().height());
            assertThat(c.x() + c.w()).as("cue %d x", i).isLessThanOrEqualTo(sheet.getWidth());
            assertThat(c.y() + c.h()).as("cue %d y", i).isLessThanOrEqualTo(sheet.getHeight());
        }
        // Every sheet is used; nothing else but sheets and the index is left in the folder.
        assertThat(cues.stream().map(Cue::sheet).distinct().sorted().toList())
                .isEqualTo(r.sheets().stream().map(p -> p.getFileName().toString()).sorted().toList());
        List<String> expected = new ArrayList<>(sheets.keySet());
        expected.add("sprite.vtt");
        assertThat(names(outDir)).containsExactlyInAnyOrderElementsOf(expected);
        return cues;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void twentySecondClip(boolean keyframesOnly) throws Exception {
        Path input = TestMedia.spriteClip();
        MediaInfo info = prober.probe(input);
        DeriveTesting.Recorder progress = new DeriveTesting.Recorder();
        long t0 = System.nanoTime();
        SpriteResult r = maker.make(input, info, dir, keyframesOnly, progress, () -> false);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("sprite keyframesOnly=%s: %d ms for %.1f s (%.0fx real time) -> %s%n", keyframesOnly, ms,
                info.durationSec(), info.durationSec() * 1000 / ms, r);
        assertThat(r.keyframesOnly()).isEqualTo(keyframesOnly);
        assertThat(r.intervalSec()).isEqualTo(1.0);
        assertThat(r.tile()).isEqualTo(new Size(160, 90));
        assertThat(r.columns()).isEqualTo(10);
        assertThat(r.sheets()).containsExactly(dir.resolve("sprite-0.jpg"));
        assertThat(r.tiles()).isBetween(18, 20);
        if (!keyframesOnly) {
            assertThat(r.tiles()).isEqualTo(20);
        }
        List<Cue> cues = assertConsistent(r, dir, info.durationSec());
        assertThat(cues.get(1).from()).isEqualTo(1.0);
        assertThat(cues.get(12)).isEqualTo(new Cue(12, 13, "sprite-0.jpg", 320, 90, 160, 90));
        BufferedImage sheet = DeriveTesting.read(dir.resolve("sprite-0.jpg"));
        assertThat(sheet.getWidth()).isEqualTo(1600);
        assertThat(sheet.getHeight()).isEqualTo(180);
        assertThat(DeriveTesting.meanLuma(sheet, 0, 0, 160, 90)).isGreaterThan(40); // a real picture, not padding

        List<Double> p = progress.snapshot();
        assertThat(p).isNotEmpty().allSatisfy(f -> assertThat(f).isBetween(0.0, 1.0));
        assertThat(p.get(p.size() - 1)).isEqualTo(1.0);
        for (int i = 1; i < p.size(); i++) {
            assertThat(p.get(i)).isGreaterThanOrEqualTo(p.get(i - 1));
        }
    }

    @Test
    void portraitAndVeryShortClips() throws Exception {
        Path rotated = TestMedia.rotatedMov();
        MediaInfo info = prober.probe(rotated);
        SpriteResult r = maker.make(rotated, info, dir.resolve("rot"), false, null, () -> false);
        assertThat(r.tile()).isEqualTo(new Size(160, 284)); // 360x640 shown upright
        assertConsistent(r, dir.resolve("rot"), info.durationSec());
        Path corner = TestMedia.rotatedCornerMov();
        SpriteResult rc = maker.make(corner, prober.probe(corner), dir.resolve("corner"), false, null, () -> false);
        assertThat(rc.tile()).isEqualTo(new Size(160, 284));
        DeriveTesting.assertCornerTopRight(DeriveTesting.read(rc.sheets().get(0)), 0, 0, 160, 284);

        Path shortClip = TestMedia.shortClip();
        MediaInfo s = prober.probe(shortClip);
        SpriteResult rs = maker.make(shortClip, s, dir.resolve("short"), false, null, () -> false);
        assertThat(rs.tiles()).isEqualTo(1);
        assertThat(rs.columns()).isEqualTo(1);
        List<Cue> cues = assertConsistent(rs, dir.resolve("short"), s.durationSec());
        assertThat(cues.get(0).to()).isCloseTo(0.3, within(0.05));
        assertThat(DeriveTesting.read(dir.resolve("short/sprite-0.jpg")).getWidth()).isEqualTo(160);
    }

    @Test
    void keyFrameTilesFromAWorkerAreFfmpegs() throws Exception {
        Path input = TestMedia.spriteClip();
        MediaInfo info = prober.probe(input);
        try (MediaWorkers workers = new MediaWorkers(WorkerOptions.of(1))) {
            SpriteResult w = new SpriteMaker(FfmpegTools.bundled(), TIMEOUT, workers).make(input, info, dir.resolve("w"),
                    true, null, () -> false);
            SpriteResult f = new SpriteMaker(FfmpegTools.bundled(), TIMEOUT, null).make(input, info, dir.resolve("f"),
                    true, null, () -> false);
            assertConsistent(w, dir.resolve("w"), info.durationSec());
            assertThat(w.tiles()).isEqualTo(20); // the last cue too
            assertThat(f.tiles()).isBetween(18, 20);
            assertThat(w.tile()).isEqualTo(f.tile());
            BufferedImage ws = DeriveTesting.read(w.sheets().get(0)), fs = DeriveTesting.read(f.sheets().get(0));
            for (int i = 0; i < f.tiles(); i++) {
                int x = (i % 10) * 160, y = (i / 10) * 90;
                assertThat(DeriveTesting.meanLuma(ws, x, y, 160, 90)).as("tile %d", i)
                        .isCloseTo(DeriveTesting.meanLuma(fs, x, y, 160, 90), within(2.0));
            }
            // upright, and a picture the decoder rounds to another size is drawn to the tile's
            Path corner = TestMedia.rotatedCornerMov();
            SpriteResult rc = new SpriteMaker(FfmpegTools.bundled(), TIMEOUT, workers).make(corner, prober.probe(corner),
                    dir.resolve("corner"), true, null, () -> false);
            assertThat(rc.tile()).isEqualTo(new Size(160, 284));
            DeriveTesting.assertCornerTopRight(DeriveTesting.read(rc.sheets().get(0)), 0, 0, 160, 284);
        }
    }

    @Test
    void staleSheetsOfAnEarlierLongerSpriteAreRemoved() throws Exception {
        Path out = dir.resolve("s");
        Files.createDirectories(out);
        for (String n : List.of("sprite-0.jpg", "sprite-1.jpg", "sprite-2.jpg", "sprite.vtt")) {
            Files.writeString(out.resolve(n), "stale");
        }
        Files.writeString(out.resolve("notes.txt"), "not ours");
        Path input = TestMedia.h264Mp4();
        SpriteResult r = maker.make(input, prober.probe(input), out, true, null, () -> false);
        assertThat(names(out)).containsExactly("notes.txt", "sprite-0.jpg", "sprite.vtt");
        assertThat(Files.readString(r.vtt())).startsWith("WEBVTT");
        assertThat(DeriveTesting.read(out.resolve("sprite-0.jpg")).getWidth()).isEqualTo(r.columns() * 160);
    }

    @Test
    void intervalsAndIndexLayout() {
        assertThat(SpriteMaker.intervalFor(0.3)).isEqualTo(1);
        assertThat(SpriteMaker.intervalFor(20)).isEqualTo(1);
        assertThat(SpriteMaker.intervalFor(100)).isEqualTo(1);
        assertThat(SpriteMaker.intervalFor(150)).isEqualTo(2);
        assertThat(SpriteMaker.intervalFor(3600)).isEqualTo(36);
        assertThat(Math.ceil(7321 / SpriteMaker.intervalFor(7321))).isLessThanOrEqualTo(100);
        // More tiles than one sheet holds (not produced by the current interval policy, but laid out right).
        List<Cue> cues = parseVtt(SpriteMaker.vtt(150, 2, 299.5, new Size(160, 90), 10));
        assertThat(cues).hasSize(150);
        assertThat(cues.get(99)).isEqualTo(new Cue(198, 200, "sprite-0.jpg", 1440, 810, 160, 90));
        assertThat(cues.get(100)).isEqualTo(new Cue(200, 202, "sprite-1.jpg", 0, 0, 160, 90));
        assertThat(cues.get(149).to()).isEqualTo(299.5);
        assertThat(SpriteMaker.clock(3_723_004)).isEqualTo("01:02:03.004");
    }

    @Test
    void cancelLeavesNoFiles() throws Exception {
        Path input = TestMedia.spriteClip();
        MediaInfo info = prober.probe(input);
        AtomicBoolean cancel = new AtomicBoolean();
        assertThatThrownBy(() -> maker.make(input, info, dir, false, f -> cancel.set(true), cancel::get))
                .isInstanceOf(ToolRunner.CancelledException.class);
        assertThat(cancel).isTrue();
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void damagedInputFailsAndWritesNothing() throws Exception {
        MediaInfo unknown = MediaInfo.unknown(AssetKind.VIDEO);
        assertThatThrownBy(() -> maker.make(TestMedia.randomBytesMp4(), unknown, dir, false, null, () -> false))
                .isInstanceOf(MediaException.class).hasMessageContaining("Invalid data found");
        assertThatThrownBy(() -> maker.make(TestMedia.truncatedMp4(), unknown, dir, true, null, () -> false))
                .isInstanceOf(MediaException.class).hasMessageContaining("moov atom not found");
        MediaInfo healthy = prober.probe(TestMedia.h264Mp4());
        assertThatThrownBy(() -> maker.make(TestMedia.truncatedMp4(), healthy, dir, false, null, () -> false))
                .isInstanceOf(MediaException.class).hasMessageStartingWith("cannot make a sprite: ")
                .hasMessageContaining("moov atom not found");
        assertThat(names(dir)).isEmpty();
        assertThatThrownBy(() -> maker.make(TestMedia.mp3(), prober.probe(TestMedia.mp3()), dir, false, null,
                () -> false)).isInstanceOf(MediaException.class).hasMessage("no sprite for a file of kind audio");
    }
}
