package org.thatdam.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.console.ConsoleCommand;
import org.thatdam.media.console.ConsoleEnding;
import org.thatdam.media.console.ConsoleLimits;
import org.thatdam.media.console.ConsoleOutcome;
import org.thatdam.media.console.ConsoleRunner;
import org.thatdam.media.console.Presets;
import org.thatdam.media.cut.RangeCutter;
import org.thatdam.media.cut.TimeRange;
import org.thatdam.media.derive.PosterMaker;
import org.thatdam.media.derive.PosterResult;
import org.thatdam.media.derive.ProgressListener;
import org.thatdam.media.derive.ProxyMaker;
import org.thatdam.media.derive.SpriteMaker;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.idle.IdleDetector;
import org.thatdam.media.idle.IdleOptions;
import org.thatdam.media.motion.MotionAnalyzer;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.testing.HostileMedia;

/**
 * Files that point at other files (manifests and lists in media extensions, numbered-sequence
 * names, a movie whose track lives elsewhere) are read as themselves or refused, by every part that
 * opens a user's file, with real ffmpeg; nothing of the "secret" they name ever comes out.
 */
// runs the console, whose watermark pictures go to the shared temp folder ConsoleRunnerTest checks
@ResourceLock("console watermark pictures in java.io.tmpdir")
class HostileInputTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final FfmpegTools TOOLS = FfmpegTools.bundled();
    private final MediaProber prober = new MediaProber(TOOLS, TIMEOUT);

    @TempDir
    Path dir;

    @Test
    void aDashManifestNamedMp4IsRefusedAndTheAttackIsReal() {
        Path secret = HostileMedia.secretClip(dir, "private.mp4");
        Path manifest = HostileMedia.writeReferenceLists(dir.resolve("lib"), secret).get(0);
        assertThat(manifest.getFileName().toString()).isEqualTo("dash-comment.mp4");
        assertThat(manifest.toFile().length()).isLessThan(600);
        // ffprobe on its own reads the secret through it: a 3 s "video"
        ProcessResult raw = ToolRunner.run(TOOLS.ffprobe(), List.of("-v", "error", "-show_entries",
                "format=format_name,duration", "-of", "compact", "file:" + manifest.toAbsolutePath()), TIMEOUT);
        assertThat(raw.stdoutText()).contains("format_name=dash").contains("duration=3.0");

        assertThatThrownBy(() -> prober.probe(manifest))
                .isInstanceOf(MediaInput.NotMediaException.class)
                .hasMessage("not a media file: it is a DASH manifest (a playlist that points at other files); not opened");
    }

    @Test
    void everyReferenceListIsRefusedByEveryReader() throws IOException {
        Path secret = HostileMedia.secretClip(dir, "private.mp4");
        MediaInfo secretInfo = prober.probe(secret); // as if the hostile file had been catalogued with it
        assertThat(secretInfo.durationSec()).isGreaterThan(2.9);
        List<Path> lists = HostileMedia.writeReferenceLists(dir.resolve("lib"), secret);
        assertThat(lists).hasSize(11);
        Path out = Files.createDirectories(dir.resolve("out"));
        for (Path f : lists) {
            String name = f.getFileName().toString();
            String kind = name.startsWith("dash") ? "a DASH manifest" : name.startsWith("hls") ? "an HLS playlist"
                    : name.startsWith("ffconcat") ? "an ffconcat list" : name.startsWith("concat") ? "a concat list"
                    : "a SMIL presentation";
            Consumer<Runnable> refused = r -> assertThatThrownBy(r::run).as(name)
                    .isInstanceOf(MediaException.class).hasMessageContaining("not a media file: it is " + kind);
            refused.accept(() -> prober.probe(f));
            refused.accept(() -> new PosterMaker(TOOLS, TIMEOUT).make(f, secretInfo, out.resolve("s.jpg"),
                    out.resolve("l.jpg"), null));
            refused.accept(() -> new ProxyMaker(TOOLS, TIMEOUT).make(f, secretInfo, out.resolve("p.mp4"), "libx264",
                    ProgressListener.NONE, null));
            refused.accept(() -> new SpriteMaker(TOOLS, TIMEOUT).make(f, secretInfo, out.resolve("sprites"), false,
                    ProgressListener.NONE, null));
            refused.accept(() -> new MotionAnalyzer(TOOLS, TIMEOUT).analyze(f, secretInfo, ProgressListener.NONE, null));
            refused.accept(() -> new IdleDetector(TOOLS, TIMEOUT).detect(f, secretInfo, IdleOptions.defaults(),
                    ProgressListener.NONE, null));
            refused.accept(() -> new RangeCutter(TOOLS, TIMEOUT).cut(f, secretInfo, List.of(new TimeRange(0, 1)),
                    out.resolve("cut.mp4"), ProgressListener.NONE, null));
            refused.accept(() -> new org.thatdam.media.fingerprint.VideoFingerprinter(TOOLS, TIMEOUT)
                    .fingerprint(f, secretInfo, ProgressListener.NONE, null));
            for (ConsoleCommand c : List.of(Presets.expand("probe", Map.of()), Presets.expand("compress", Map.of()))) {
                assertThatThrownBy(() -> new ConsoleRunner(TOOLS).run(c, f, 3, out, ConsoleLimits.defaults(), null, null))
                        .as(name).isInstanceOf(MediaException.class)
                        .hasMessageContaining("is not a media file: it is " + kind);
            }
            try (Stream<Path> s = Files.walk(out)) { // the sprite maker's own folder may exist, empty
                assertThat(s.filter(Files::isRegularFile)).as(name).isEmpty();
            }
        }
    }

    @Test
    void aManifestThatLooksBinaryIsStoppedByTheFormatAllowList() throws IOException {
        Path secret = HostileMedia.secretClip(dir, "private.mp4");
        byte[] text = HostileMedia.referenceLists(secret).get("dash-comment.mp4");
        byte[] padded = new byte[text.length + 64]; // NULs after the manifest: not text, still a manifest to ffmpeg
        System.arraycopy(text, 0, padded, 0, text.length);
        Path f = Files.write(dir.resolve("padded.mp4"), padded);
        assertThat(MediaInput.textKind(padded)).isEmpty();
        assertThatThrownBy(() -> prober.probe(f)).isInstanceOf(MediaException.class)
                .hasMessage("not readable as media: its format (dash) is not one the library opens "
                        + "(formats that can refer to other files are never opened)");
        Path work = Files.createDirectories(dir.resolve("work"));
        ConsoleOutcome o = new ConsoleRunner(TOOLS).run(Presets.expand("compress", Map.of()), f, 3, work,
                ConsoleLimits.defaults(), null, null);
        assertThat(o.ending()).isEqualTo(ConsoleEnding.FAILED);
        assertThat(o.message()).contains("its format (dash) is not one the library opens");
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void percentInANameIsLiteral() throws IOException {
        List<Path> pics = HostileMedia.patternNamedPictures(dir);
        Path shot = pics.get(0);
        Path lonely = pics.get(2);
        for (Path p : List.of(shot, lonely)) {
            MediaInfo m = prober.probe(p);
            assertThat(m.kind()).as(p.toString()).isEqualTo(AssetKind.IMAGE);
            // its own picture: not shot1.png's 32x32, not "no file lonely01.png"
            assertThat(m.width()).as(p.toString()).isEqualTo(p == shot ? 16 : 24);
            assertThat(m.container()).isEqualTo("png");
        }
        PosterResult r = new PosterMaker(TOOLS, TIMEOUT).make(shot, prober.probe(shot), dir.resolve("small.jpg"),
                dir.resolve("large.jpg"), null);
        assertThat(r).isNotNull();
        assertThat(red(dir.resolve("large.jpg"))).isFalse();
        assertThat(blue(dir.resolve("large.jpg"))).isTrue();

        Path work = Files.createDirectories(dir.resolve("work"));
        ConsoleOutcome o = new ConsoleRunner(TOOLS).run(Presets.expand("probe", Map.of()), shot, 0, work,
                ConsoleLimits.defaults(), null, null);
        assertThat(o.ending()).as(o.message()).isEqualTo(ConsoleEnding.OK);
        assertThat(Files.readString(work.resolve(ConsoleRunner.PROBE_FILE), StandardCharsets.UTF_8))
                .contains("\"width\": 16").doesNotContain("\"width\": 32");
    }

    @Test
    void aMovieTrackInAnotherFileIsNotFollowed() throws IOException {
        Path secret = HostileMedia.secretMov(dir, "secret.mov");
        Path ref = HostileMedia.referenceMovie(secret, "reference.mov");
        // the crafted reference is real: a reader that follows data references gets the secret's red
        Path leaked = dir.resolve("leaked.png");
        ProcessResult r = ToolRunner.run(TOOLS.ffmpeg(), List.of("-v", "error", "-enable_drefs", "1", "-i",
                "file:" + ref.toAbsolutePath(), "-frames:v", "1", "-update", "1", "file:" + leaked), TIMEOUT);
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        assertThat(red(leaked)).isTrue();

        List<String> made = new ArrayList<>();
        try {
            MediaInfo m = prober.probe(ref);
            new PosterMaker(TOOLS, TIMEOUT).make(ref, m, dir.resolve("small.jpg"), dir.resolve("large.jpg"), null);
            made.add("poster");
            assertThat(red(dir.resolve("large.jpg"))).as("poster from the referenced file").isFalse();
        } catch (MediaException e) {
            assertThat(e.getMessage()).doesNotContain(dir.toString());
        }
        Path work = Files.createDirectories(dir.resolve("work"));
        ConsoleOutcome o = new ConsoleRunner(TOOLS).run(Presets.expand("thumbnails", Map.of("count", "2"), 1), ref, 1, work,
                ConsoleLimits.defaults(), null, null);
        for (Path p : o.outputs()) {
            assertThat(red(p)).as(o.message()).isFalse();
        }
    }

    private static boolean red(Path picture) throws IOException {
        double[] c = meanRgb(picture);
        return c[0] > 150 && c[1] < 80 && c[2] < 80;
    }

    private static boolean blue(Path picture) throws IOException {
        double[] c = meanRgb(picture);
        return c[2] > 150 && c[0] < 80 && c[1] < 80;
    }

    private static double[] meanRgb(Path picture) throws IOException {
        BufferedImage img = ImageIO.read(picture.toFile());
        double[] sum = new double[3];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                sum[0] += p >> 16 & 0xff;
                sum[1] += p >> 8 & 0xff;
                sum[2] += p & 0xff;
            }
        }
        int n = img.getWidth() * img.getHeight();
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }
}
