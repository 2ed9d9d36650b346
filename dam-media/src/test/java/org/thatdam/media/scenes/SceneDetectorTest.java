package org.thatdam.media.scenes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.scenes.SceneAnalysis.DetectedBeat;
import org.thatdam.media.scenes.SceneAnalysis.DetectedScene;
import org.thatdam.media.testing.SceneMedia;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.MediaInfo;

/**
 * Scenes of a generated clip with hard cuts at known times, a flash and a slow dissolve: the cuts are found to the
 * frame, the flash and the dissolve are not cuts, beats stay short, keyframes are real pictures.
 */
class SceneDetectorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final double FRAME = 1 / SceneMedia.FPS;
    static Path clip;
    static MediaInfo info;

    @TempDir Path dir;

    @BeforeAll
    static void media() {
        clip = SceneMedia.cuts();
        info = new MediaProber(FfmpegTools.bundled(), TIMEOUT).probe(clip);
    }

    private SceneAnalysis detect(int parallelism, double minChunkSec, Path keyframes) {
        long t0 = System.nanoTime();
        List<Double> progress = new ArrayList<>();
        SceneAnalysis a = new SceneDetector(FfmpegTools.bundled(), TIMEOUT, parallelism, minChunkSec)
                .detect(clip, info, keyframes, progress::add, () -> false);
        System.out.printf(Locale.ROOT, "scenes (x%d): %d in %d ms: %s%n", parallelism, a.scenes().size(),
                (System.nanoTime() - t0) / 1_000_000, a.scenes());
        assertThat(progress).isSorted().last().isEqualTo(1.0);
        return a;
    }

    @Test
    void findsTheHardCutsToTheFrameButNotTheFlashOrTheDissolve() throws Exception {
        Path keyframes = dir.resolve("scenes").resolve("v1");
        SceneAnalysis a = detect(1, 20, keyframes);
        List<DetectedScene> scenes = a.scenes();
        assertThat(scenes).hasSize(3);
        assertThat(scenes.get(0).startSec()).isZero();
        for (int i = 0; i < SceneMedia.CUTS.length; i++) {
            assertThat(scenes.get(i + 1).startSec()).as("cut %d", i).isCloseTo(SceneMedia.CUTS[i], within(FRAME));
            assertThat(scenes.get(i).endSec()).isEqualTo(scenes.get(i + 1).startSec());
            assertThat(scenes.get(i + 1).score()).isGreaterThan(0.1);
        }
        assertThat(scenes.get(2).endSec()).isCloseTo(SceneMedia.DURATION, within(0.1));

        List<DetectedBeat> beats = scenes.stream().flatMap(s -> s.beats().stream()).toList();
        assertThat(scenes.get(2).beats()).as("6 s: two beats").hasSize(2);
        for (DetectedScene s : scenes) {
            assertThat(s.beats().get(0).startSec()).isEqualTo(s.startSec());
            assertThat(s.beats().get(s.beats().size() - 1).endSec()).isEqualTo(s.endSec());
            assertThat(s.beats()).extracting(DetectedBeat::keyframe).contains(s.keyframe());
        }
        for (DetectedBeat b : beats) {
            assertThat(b.endSec() - b.startSec()).isPositive().isLessThanOrEqualTo(BeatPlanner.MAX_SEC);
            assertThat(b.keyframeSec()).isBetween(b.startSec(), b.endSec());
            Path jpeg = keyframes.resolve(b.keyframe());
            BufferedImage img = ImageIO.read(jpeg.toFile());
            assertThat(img.getWidth()).isEqualTo(320);
            assertThat(img.getHeight()).isEqualTo(180);
            assertThat(meanLuma(img)).as("not black, not the white flash").isBetween(30.0, 230.0);
        }
        try (var files = Files.list(keyframes)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).as("one JPEG per beat, nothing else")
                    .containsExactlyInAnyOrderElementsOf(beats.stream().map(DetectedBeat::keyframe).toList());
        }
        try (var files = Files.list(keyframes.getParent())) {
            assertThat(files.toList()).as("the work folder is gone").containsExactly(keyframes);
        }
    }

    @Test
    void parallelChunksFindTheSameCutsEvenOnTheirBorder() {
        SceneAnalysis a = detect(2, 5, dir.resolve("k2")); // chunks [0, 6) and [6, 12): a cut on the border
        assertThat(a.scenes()).extracting(DetectedScene::startSec)
                .satisfiesExactly(t -> assertThat(t).isZero(),
                        t -> assertThat(t).isCloseTo(SceneMedia.CUTS[0], within(FRAME)),
                        t -> assertThat(t).isCloseTo(SceneMedia.CUTS[1], within(FRAME)));
    }

    @Test
    void keyFramesFirstFindsTheSameCutsToTheFrame() {
        // the path of large pictures (key frames, then the stretches that changed), here on the small clip
        SceneAnalysis a = new SceneDetector(FfmpegTools.bundled(), TIMEOUT, 2, 20).fastFrom(1)
                .detect(clip, info, dir.resolve("k3"), null, () -> false);
        assertThat(a.scenes()).extracting(DetectedScene::startSec)
                .satisfiesExactly(t -> assertThat(t).isZero(),
                        t -> assertThat(t).isCloseTo(SceneMedia.CUTS[0], within(FRAME)),
                        t -> assertThat(t).isCloseTo(SceneMedia.CUTS[1], within(FRAME)));
        assertThat(a.scenes()).allSatisfy(s -> assertThat(s.beats()).isNotEmpty()
                .allSatisfy(b -> assertThat(dir.resolve("k3").resolve(b.keyframe())).isRegularFile()));
    }

    @Test
    void aFileWithoutPicturesHasNoScenes() {
        Path audio = TestMedia.make("scenes-audio.m4a", List.of("-f", "lavfi", "-i", "sine=d=1"), "-c:a", "aac");
        MediaInfo m = new MediaProber(FfmpegTools.bundled(), TIMEOUT).probe(audio);
        assertThatThrownBy(() -> new SceneDetector(FfmpegTools.bundled(), TIMEOUT).detect(audio, m, dir.resolve("a"),
                null, () -> false)).isInstanceOf(MediaException.class).hasMessageContaining("no video stream");
    }

    @Test
    void parsesMetadataPrintAndIgnoresDamage() {
        String text = "frame:0    pts:256     pts_time:0.02\nlavfi.scd.score=0.000\n"
                + "frame:1    pts:768     pts_time:0.06\nlavfi.scd.score=45.5\n"
                + "frame:2 pts:x pts_time:nan\nlavfi.scd.score=3\ngarbage\nlavfi.scd.score=9\n";
        assertThat(SceneDetector.parseScores(text, 10)).containsExactly(new CutFinder.Score(10.02, 0),
                new CutFinder.Score(10.06, 45.5));
    }

    private static double meanLuma(BufferedImage img) {
        double sum = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                sum += 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
            }
        }
        return sum / (img.getWidth() * img.getHeight());
    }
}
