package org.thatdam.media.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.testing.TestMedia;

/** Runs every preset and the limits on a real 4 s 320x240 clip with a 440 Hz tone. */
// checks that no watermark picture is left in the shared temp folder: no other class runs the console meanwhile
@ResourceLock("console watermark pictures in java.io.tmpdir")
class ConsoleRunnerTest {

    private static final double DURATION = 4.0;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** This class's own scratch folder, so watermark pictures of runs in other test processes never show up here. */
    private static final Path SCRATCH = scratch();
    private static final ConsoleRunner RUNNER = new ConsoleRunner(FfmpegTools.bundled(), SCRATCH);

    private static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("dam-console-runner-test-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TempDir
    static Path shared;
    private static Path input;
    private static long inputSize;
    private static FileTime inputTime;

    @TempDir
    Path work;

    @BeforeAll
    static void copyInput() throws Exception {
        input = TestMedia.copy(TestMedia.clip(DURATION, "320x240"), shared, "clip with 'quotes' and spaces.mp4");
        inputSize = Files.size(input);
        inputTime = Files.getLastModifiedTime(input);
    }

    @AfterAll
    static void inputIsNeverModified() throws Exception {
        assertThat(Files.size(input)).isEqualTo(inputSize);
        assertThat(Files.getLastModifiedTime(input)).isEqualTo(inputTime);
    }

    private ConsoleOutcome run(ConsoleCommand cmd) {
        return run(cmd, ConsoleLimits.defaults(), () -> false);
    }

    private ConsoleOutcome run(ConsoleCommand cmd, ConsoleLimits limits, java.util.function.BooleanSupplier cancel) {
        return run(cmd, limits, cancel, work);
    }

    private ConsoleOutcome run(ConsoleCommand cmd, ConsoleLimits limits, java.util.function.BooleanSupplier cancel,
                               Path dir) {
        List<Double> progress = Collections.synchronizedList(new ArrayList<>());
        ConsoleOutcome o = RUNNER.run(cmd, input, DURATION, dir, limits, progress::add, cancel);
        System.out.printf("%s -> %s in %d ms: %s%n", cmd.display(), o.ending(), o.elapsed().toMillis(), o.message());
        if (o.ok()) {
            assertThat(progress).as("progress").isNotEmpty().isSorted();
            assertThat(progress.getLast()).isEqualTo(1.0);
            assertThat(o.outputs()).allSatisfy(p -> assertThat(p.getParent()).isEqualTo(dir));
        }
        return o;
    }

    private ConsoleOutcome preset(String name, Map<String, String> values) throws Exception {
        return preset(name, values, work);
    }

    private ConsoleOutcome preset(String name, Map<String, String> values, Path dir) throws Exception {
        ConsoleOutcome o = run(Presets.expand(name, values, DURATION), ConsoleLimits.defaults(), () -> false, dir);
        assertThat(o.ending()).as(o.message() + "\n" + o.stderrTail()).isEqualTo(ConsoleEnding.OK);
        assertThat(o.exitCode()).isZero();
        assertThat(o.outputs()).isNotEmpty();
        return o;
    }

    private static JsonNode probe(Path file) throws Exception {
        ProcessResult r = ToolRunner.run(FfmpegTools.bundled().ffprobe(), List.of("-v", "error", "-show_format",
                "-show_streams", "-of", "json", "file:" + file), Duration.ofSeconds(30));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        return JSON.readTree(r.stdout());
    }

    private static JsonNode stream(JsonNode probe, String type) {
        for (JsonNode s : probe.path("streams")) {
            if (type.equals(s.path("codec_type").asText())) {
                return s;
            }
        }
        return null;
    }

    private static double duration(JsonNode probe) {
        return probe.path("format").path("duration").asDouble();
    }

    private static Path only(ConsoleOutcome o, String name) {
        assertThat(o.outputs()).extracting(p -> p.getFileName().toString()).containsExactly(name);
        return o.outputs().getFirst();
    }

    @Test
    void trimCutsTheAskedLength() throws Exception {
        JsonNode p = probe(only(preset("trim", Map.of("start", "1", "duration", "1.5")), "output.mp4"));
        assertThat(duration(p)).isCloseTo(1.5, within(0.1));
        assertThat(stream(p, "video").path("codec_name").asText()).isEqualTo("h264");
        assertThat(stream(p, "audio")).isNotNull();
    }

    @Test
    void compressWritesH264() throws Exception {
        JsonNode p = probe(only(preset("compress", Map.of("crf", "32", "preset", "ultrafast")), "output.mp4"));
        assertThat(stream(p, "video").path("codec_name").asText()).isEqualTo("h264");
        assertThat(duration(p)).isCloseTo(DURATION, within(0.2));
    }

    @Test
    void scaleKeepsTheAspect() throws Exception {
        JsonNode v = stream(probe(only(preset("scale", Map.of("width", "160")), "output.mp4")), "video");
        assertThat(v.path("width").asInt()).isEqualTo(160);
        assertThat(v.path("height").asInt()).isEqualTo(120);
    }

    @Test
    void fpsChangesTheRate() throws Exception {
        JsonNode v = stream(probe(only(preset("fps", Map.of("rate", "10")), "output.mp4")), "video");
        assertThat(v.path("r_frame_rate").asText()).isEqualTo("10/1");
    }

    @Test
    void extractAudioHasNoVideo() throws Exception {
        JsonNode p = probe(only(preset("extract-audio", Map.of("format", "m4a")), "output.m4a"));
        assertThat(stream(p, "video")).isNull();
        assertThat(stream(p, "audio").path("codec_name").asText()).isEqualTo("aac");
        JsonNode mp3 = probe(only(preset("extract-audio", Map.of(), Files.createDirectory(work.resolve("mp3"))),
                "output.mp3"));
        assertThat(stream(mp3, "audio").path("codec_name").asText()).isEqualTo("mp3");
        assertThat(stream(mp3, "video")).isNull();
    }

    @Test
    void rotateSwapsWidthAndHeight() throws Exception {
        JsonNode v = stream(probe(only(preset("rotate", Map.of("angle", "90")), "output.mp4")), "video");
        assertThat(v.path("width").asInt()).isEqualTo(240);
        assertThat(v.path("height").asInt()).isEqualTo(320);
    }

    @Test
    void speedTwoHalvesTheDuration() throws Exception {
        JsonNode p = probe(only(preset("speed", Map.of("factor", "2")), "output.mp4"));
        assertThat(duration(p)).isCloseTo(DURATION / 2, within(0.15));
        assertThat(stream(p, "audio")).isNotNull();
    }

    @Test
    void gifIsAGif() throws Exception {
        Path gif = only(preset("gif", Map.of("start", "0.5", "duration", "1", "width", "160", "fps", "10")),
                "output.gif");
        byte[] head = Arrays6.head(gif);
        assertThat(new String(head, 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        JsonNode v = stream(probe(gif), "video");
        assertThat(v.path("codec_name").asText()).isEqualTo("gif");
        assertThat(v.path("width").asInt()).isEqualTo(160);
    }

    @Test
    void contactSheetIsOneJpegOfTheGrid() throws Exception {
        Path jpg = only(preset("contact-sheet", Map.of("columns", "3", "rows", "2", "width", "480")), "output.jpg");
        var img = javax.imageio.ImageIO.read(jpg.toFile());
        assertThat(img.getWidth()).isEqualTo(3 * 160);
        assertThat(img.getHeight()).isEqualTo(2 * 120);
    }

    @Test
    void thumbnailsWritesTheCount() throws Exception {
        ConsoleOutcome o = preset("thumbnails", Map.of("count", "5"));
        assertThat(o.outputs()).extracting(p -> p.getFileName().toString())
                .containsExactly("output-001.jpg", "output-002.jpg", "output-003.jpg", "output-004.jpg",
                        "output-005.jpg");
        assertThat(javax.imageio.ImageIO.read(o.outputs().getFirst().toFile()).getWidth()).isEqualTo(320);
    }

    @Test
    void loudnormKeepsVideoAndAudio() throws Exception {
        JsonNode p = probe(only(preset("loudnorm", Map.of("integrated", "-16")), "output.mp4"));
        assertThat(stream(p, "audio").path("codec_name").asText()).isEqualTo("aac");
        assertThat(stream(p, "audio").path("sample_rate").asText()).isEqualTo("48000");
        assertThat(stream(p, "video").path("codec_name").asText()).isEqualTo("h264");
    }

    @Test
    void probeSavesJsonWithStreams() throws Exception {
        ConsoleOutcome o = preset("probe", Map.of());
        JsonNode p = JSON.readTree(only(o, "probe.json").toFile());
        assertThat(p.path("streams")).hasSize(2);
        assertThat(p.path("format").path("format_name").asText()).contains("mp4");
    }

    // ---- watermark: a text the runner draws in Java and ffmpeg lays over the video

    private static final int W = 320;
    private static final int H = 240;

    /** One frame at 2 s as 8-bit gray, W*H bytes. */
    private static byte[] gray(Path file) {
        ProcessResult r = ToolRunner.run(FfmpegTools.bundled().ffmpeg(), List.of("-v", "error", "-ss", "2", "-i",
                "file:" + file, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"), Duration.ofSeconds(30));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        assertThat(r.stdout()).hasSize(W * H);
        return r.stdout();
    }

    /** Mean absolute difference of two frames in a box. */
    private static double diff(byte[] a, byte[] b, int x0, int y0, int w, int h) {
        long sum = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                sum += Math.abs((a[y * W + x] & 0xff) - (b[y * W + x] & 0xff));
            }
        }
        return (double) sum / (w * h);
    }

    /** Boxes of 120x30 in the corners (past the watermark's margin of H/30 = 8) and in the middle. */
    private static final Map<String, int[]> BOX = Map.of(
            "top-left", new int[] {0, 0}, "top-right", new int[] {W - 120, 0},
            "bottom-left", new int[] {0, H - 30}, "bottom-right", new int[] {W - 120, H - 30},
            "center", new int[] {W / 2 - 60, H / 2 - 15});
    private static final Map<String, String> OPPOSITE = Map.of("top-left", "bottom-right",
            "bottom-right", "top-left", "top-right", "bottom-left", "bottom-left", "top-right", "center", "top-left");

    private static double diffAt(byte[] a, byte[] b, String where) {
        int[] xy = BOX.get(where);
        return diff(a, b, xy[0], xy[1], 120, 30);
    }

    private static Set<Path> overlayPictures() throws Exception {
        try (Stream<Path> s = Files.list(SCRATCH)) {
            return s.filter(p -> p.getFileName().toString().startsWith("dam-console-overlay-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    /** Runs the watermark preset and checks the output is the input with something in {@code position}. */
    private byte[] watermark(String text, String position) throws Exception {
        Path dir = Files.createDirectory(work.resolve(position));
        Set<Path> before = overlayPictures();
        ConsoleOutcome o = preset("watermark", Map.of("text", text, "position", position), dir);
        Path mp4 = only(o, "output.mp4");
        assertThat(o.message()).startsWith("wrote output.mp4 (");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).containsExactly(mp4); // the picture was no output and is not left behind
        }
        assertThat(overlayPictures()).isEqualTo(before);
        JsonNode p = probe(mp4);
        JsonNode v = stream(p, "video");
        assertThat(v.path("codec_name").asText()).isEqualTo("h264");
        assertThat(v.path("pix_fmt").asText()).isEqualTo("yuv420p");
        assertThat(v.path("width").asInt()).isEqualTo(W);
        assertThat(v.path("height").asInt()).isEqualTo(H);
        assertThat(v.path("nb_frames").asInt()).isEqualTo(stream(probe(input), "video").path("nb_frames").asInt());
        assertThat(duration(p)).isCloseTo(DURATION, within(0.1));
        assertThat(stream(p, "audio").path("codec_name").asText()).isEqualTo("aac");
        assertThat(Arrays6.moovFirst(mp4)).as("moov before mdat (+faststart)").isTrue();
        return gray(mp4);
    }

    @Test
    void watermarkDrawsTheTextInEveryPositionAndNowhereElse() throws Exception {
        byte[] original = gray(input);
        for (String position : List.of("top-left", "top-right", "bottom-left", "bottom-right", "center")) {
            byte[] marked = watermark("That DAM Toolbox", position);
            double there = diffAt(original, marked, position);
            double opposite = diffAt(original, marked, OPPOSITE.get(position));
            System.out.printf("watermark %s: %.1f there, %.1f opposite%n", position, there, opposite);
            assertThat(there).as(position + ": the text's box differs").isGreaterThan(12);
            assertThat(opposite).as(position + ": the opposite box is as it was").isLessThan(4);
        }
    }

    @Test
    void watermarkWritesLettersBeyondAscii() throws Exception {
        byte[] original = gray(input);
        byte[] marked = watermark("Été ©", "bottom-left");
        double there = diff(original, marked, 6, H - 26, 44, 20); // a short text (about 40x16 px): a small box
        System.out.printf("watermark Été ©: %.1f there%n", there);
        assertThat(there).isGreaterThan(10);
        assertThat(diffAt(original, marked, "top-right")).isLessThan(4);
    }

    @Test
    void aLongWatermarkIsNarrowedToTheVideo() throws Exception {
        byte[] original = gray(input);
        byte[] marked = watermark("W".repeat(100), "top-left");
        // 90 % of the width (288 px) from the margin at 8, so only a few pixels high
        double band = diff(original, marked, 8, 8, 288, 4);
        double right = diff(original, marked, 300, 0, 20, 30);
        double below = diff(original, marked, 0, 30, W, H - 30);
        System.out.printf("watermark long: %.1f band, %.1f right of it, %.1f below%n", band, right, below);
        assertThat(band).isGreaterThan(10);
        assertThat(right).isLessThan(4);
        assertThat(below).isLessThan(4);
    }

    @Test
    void aCancelledWatermarkLeavesNothingBehind() throws Exception {
        Set<Path> before = overlayPictures();
        ConsoleOutcome o = run(Presets.expand("watermark", Map.of()), ConsoleLimits.defaults(), () -> true);
        assertThat(o.ending()).isEqualTo(ConsoleEnding.CANCELLED);
        assertThat(work).isEmptyDirectory();
        assertThat(overlayPictures()).isEqualTo(before);
    }

    @Test
    void aFailingWatermarkDoesNotShowThePicturesPath() throws Exception {
        Set<Path> before = overlayPictures();
        List<String> tokens = new ArrayList<>(Presets.expand("watermark", Map.of()).tokens());
        tokens.set(tokens.indexOf("libx264"), "nosuchcodec");
        ConsoleOutcome o = run(new ConsoleCommand(false, tokens, new TextOverlay("x")));
        assertThat(o.ending()).isEqualTo(ConsoleEnding.FAILED);
        assertThat(o.message()).contains("nosuchcodec").doesNotContain("dam-console-overlay-")
                .doesNotContain(work.toString());
        assertThat(work).isEmptyDirectory();
        assertThat(overlayPictures()).isEqualTo(before);
        // a text no font can draw fails before ffmpeg runs
        ConsoleOutcome unknown = run(new ConsoleCommand(false, tokens, new TextOverlay("a\u0378")));
        assertThat(unknown.ending()).isEqualTo(ConsoleEnding.FAILED);
        assertThat(unknown.message()).startsWith("cannot draw the watermark: no installed font has the letter");
        assertThat(work).isEmptyDirectory();
        assertThat(overlayPictures()).isEqualTo(before);
    }

    @Test
    void onlyPresetCommandsGetAnOverlayPicture() throws Exception {
        Set<Path> before = overlayPictures();
        List<String> tokens = Presets.expand("watermark", Map.of()).tokens();
        // the same tokens without the overlay: refused before anything is drawn or run
        assertThatThrownBy(() -> RUNNER.run(new ConsoleCommand(false, tokens), input, DURATION, work,
                ConsoleLimits.defaults(), null, null))
                .isInstanceOf(RejectedArgumentException.class).hasMessageContaining("{{overlay}}");
        assertThatThrownBy(() -> ConsoleCommand.custom(tokens)).isInstanceOf(RejectedArgumentException.class);
        // an overlay the tokens do not name
        assertThatThrownBy(() -> RUNNER.run(new ConsoleCommand(false, List.of("-i", "{{input}}", "{{output.mp4}}"),
                new TextOverlay("x")), input, DURATION, work, ConsoleLimits.defaults(), null, null))
                .isInstanceOf(RejectedArgumentException.class).hasMessageContaining("no -i {{overlay}}");
        assertThat(work).isEmptyDirectory();
        assertThat(overlayPictures()).isEqualTo(before);
    }

    @Test
    void aCustomCommandWithTwoOutputs() throws Exception {
        ConsoleOutcome o = run(ConsoleCommand.custom(List.of("-i", "{{input}}", "-vf", "fps=1,scale=80:-2",
                "-fps_mode", "vfr", "{{output-%02d.png}}", "-vn", "-c:a", "copy", "{{output.m4a}}")));
        assertThat(o.ending()).as(o.message()).isEqualTo(ConsoleEnding.OK);
        assertThat(o.outputs()).extracting(p -> p.getFileName().toString())
                .contains("output-01.png", "output.m4a").hasSizeGreaterThanOrEqualTo(5);
        assertThat(o.message()).startsWith("wrote ");
    }

    @Test
    void detectionFiltersReportOnStderr() {
        ConsoleOutcome o = run(ConsoleCommand.custom(List.of("-i", "{{input}}", "-af", "volumedetect", "-vn",
                "-f", "null", "{{output.null}}")));
        assertThat(o.ending()).as(o.message()).isEqualTo(ConsoleEnding.OK);
        assertThat(o.stderrTail()).contains("mean_volume");
        assertThat(o.outputs()).isEmpty();
        assertThat(o.message()).isEqualTo("finished; no files written");
    }

    @Test
    void outputLimitStopsAndRemovesThePartialFile() {
        ConsoleOutcome o = run(Presets.expand("compress", Map.of("crf", "18", "preset", "ultrafast")),
                new ConsoleLimits(Duration.ofMinutes(1), 20_000), () -> false);
        assertThat(o.ending()).as(o.message()).isEqualTo(ConsoleEnding.OUTPUT_LIMIT);
        assertThat(o.message()).contains("limit of 19.5 KiB");
        assertThat(o.outputs()).isEmpty();
        assertThat(work).isEmptyDirectory();
    }

    /** Bytes in the files under {@code dir} so far. */
    private static long writtenBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0; // a file removed while listed: look again at the next poll
        }
    }

    /** Loops the input forever: only a limit or a cancel ends it. */
    private static ConsoleCommand endless() {
        return ConsoleCommand.custom(List.of("-stream_loop", "-1", "-i", "{{input}}", "-c:v", "libx264",
                "-preset", "veryslow", "{{output.mp4}}"));
    }

    @Test
    void timeLimitEndsTimedOut() {
        ConsoleOutcome o = run(endless(), new ConsoleLimits(Duration.ofMillis(1500), 1L << 30), () -> false);
        assertThat(o.ending()).isEqualTo(ConsoleEnding.TIMED_OUT);
        assertThat(o.message()).isEqualTo("stopped after the time limit of 1500 ms");
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void cancelMidEncodeStopsItAndKeepsNothing() {
        // cancelled once ffmpeg has written into its output: the endless run ends only through the cancel
        ConsoleOutcome o = run(endless(), ConsoleLimits.defaults(), () -> writtenBytes(work) > 0);
        assertThat(o.ending()).isEqualTo(ConsoleEnding.CANCELLED);
        assertThat(o.exitCode()).isEqualTo(-1);
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aMemoryBombIsStoppedAtTheMemoryLimit() {
        // reverse keeps every frame until the end of its input, and a looped input never ends
        ConsoleOutcome o = run(ConsoleCommand.custom(List.of("-stream_loop", "-1", "-i", "{{input}}",
                        "-vf", "scale=1920:1080,reverse", "{{output.mp4}}")),
                new ConsoleLimits(Duration.ofMinutes(2), 1L << 30, 1000, 200L * 1024 * 1024), () -> false);
        assertThat(o.ending()).as(o.message()).isEqualTo(ConsoleEnding.MEMORY_LIMIT);
        assertThat(o.message()).isEqualTo("stopped: the run used more than 200 MiB of memory (console.max-memory-mb)");
        assertThat(o.exitCode()).isEqualTo(-1);
        assertThat(work).isEmptyDirectory();
    }

    /** 16x16 PNGs, 200 a second: hundreds of files of about a hundred bytes. */
    private static ConsoleCommand tinyFiles() {
        return ConsoleCommand.custom(List.of("-i", "{{input}}", "-vf", "fps=200,scale=16:16", "{{output-%04d.png}}"));
    }

    @Test
    void manyTinyFilesAreStoppedByTheFileCount() {
        ConsoleOutcome o = run(tinyFiles(), new ConsoleLimits(Duration.ofMinutes(1), 1L << 30, 100, 1L << 30),
                () -> false);
        assertThat(o.ending()).as(o.message()).isEqualTo(ConsoleEnding.OUTPUT_LIMIT);
        assertThat(o.message()).isEqualTo("stopped: the run wrote more than 100 files (console.max-output-files)");
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void tinyFilesCountWithTheDiskBlocksTheyTake() {
        // about 800 x 100 bytes = 80 KB apparent, but 800 blocks on disk: beyond a 400 KB limit
        ConsoleOutcome o = run(tinyFiles(), new ConsoleLimits(Duration.ofMinutes(1), 400_000, 100_000, 1L << 30),
                () -> false);
        assertThat(o.ending()).as(o.message()).isEqualTo(ConsoleEnding.OUTPUT_LIMIT);
        assertThat(o.message()).isEqualTo("stopped: the output grew beyond the limit of 390.6 KiB");
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aBadCodecFailsWithAUsefulMessage() {
        ConsoleOutcome o = run(ConsoleCommand.custom(List.of("-i", "{{input}}", "-c:v", "nosuchcodec",
                "{{output.mp4}}")));
        assertThat(o.ending()).isEqualTo(ConsoleEnding.FAILED);
        assertThat(o.exitCode()).isNotZero();
        assertThat(o.message()).startsWith("ffmpeg failed: ").contains("nosuchcodec")
                .doesNotContain(work.toString()).doesNotContain(shared.toString());
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void refusesANonEmptyWorkDirectoryAndRunsNothing() throws Exception {
        Files.writeString(work.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> run(Presets.expand("probe", Map.of())))
                .isInstanceOf(MediaException.class).hasMessageContaining("is not empty");
        assertThat(Files.readString(work.resolve("keep.txt"))).isEqualTo("mine");
        assertThatThrownBy(() -> RUNNER.run(Presets.expand("probe", Map.of()), input, DURATION,
                work.resolve("missing"), ConsoleLimits.defaults(), null, null))
                .isInstanceOf(MediaException.class).hasMessageContaining("does not exist");
    }

    @Test
    void checksThePolicyAgainForHandMadeCommands() {
        assertThatThrownBy(() -> RUNNER.run(new ConsoleCommand(false, List.of("-i", "/etc/passwd", "{{output.mp4}}")),
                input, DURATION, work, ConsoleLimits.defaults(), null, null))
                .isInstanceOf(RejectedArgumentException.class);
        assertThatThrownBy(() -> RUNNER.run(new ConsoleCommand(true, List.of("-show_format", "-i", "/etc/passwd")),
                input, DURATION, work, ConsoleLimits.defaults(), null, null))
                .isInstanceOf(RejectedArgumentException.class);
        try (Stream<Path> s = Stream.of(work)) {
            assertThat(s).allSatisfy(p -> assertThat(p).isEmptyDirectory());
        }
    }

    @Test
    void refusesAPlaylistDisguisedAsMedia() throws Exception {
        Path playlist = Files.writeString(shared.resolve("holiday.mp4"),
                "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n");
        for (ConsoleCommand c : List.of(Presets.expand("probe", Map.of()), Presets.expand("compress", Map.of()))) {
            assertThatThrownBy(() -> RUNNER.run(c, playlist, 10, work, ConsoleLimits.defaults(), null, null))
                    .isInstanceOf(MediaException.class)
                    .hasMessage("the input holiday.mp4 is not a media file: it is an HLS playlist (a list of other "
                            + "files to play); the console only runs on media files");
        }
        Path concat = Files.writeString(shared.resolve("list.mov"), "\u00EF\u00BB\u00BF ffconcat version 1.0\nfile a.mp4\n",
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ConsoleRunner.checkNotAReferenceList(concat)).hasMessageContaining("an ffconcat list");
        ConsoleRunner.checkNotAReferenceList(input);
        assertThat(work).isEmptyDirectory();
    }

    /** Reads the first bytes of a file. */
    private static final class Arrays6 {
        static byte[] head(Path p) throws Exception {
            try (var in = Files.newInputStream(p)) {
                return in.readNBytes(6);
            }
        }

        /** Whether the MP4's moov box comes before its mdat (what +faststart does). */
        static boolean moovFirst(Path p) throws Exception {
            int upTo = 8;
            List<String> types = new ArrayList<>();
            try (var ch = java.nio.channels.FileChannel.open(p)) {
                long pos = 0;
                var buf = java.nio.ByteBuffer.allocate(8);
                while (pos < ch.size() && types.size() < upTo) {
                    buf.clear();
                    ch.read(buf, pos);
                    buf.flip();
                    long size = Integer.toUnsignedLong(buf.getInt());
                    byte[] t = new byte[4];
                    buf.get(t);
                    types.add(new String(t, java.nio.charset.StandardCharsets.US_ASCII));
                    if (size < 8) {
                        break;
                    }
                    pos += size;
                }
            }
            int moov = types.indexOf("moov");
            int mdat = types.indexOf("mdat");
            return moov >= 0 && mdat >= 0 && moov < mdat;
        }
    }
}
