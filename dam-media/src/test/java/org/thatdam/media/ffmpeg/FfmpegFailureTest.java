package org.thatdam.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.thatdam.media.MediaException;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.ErrorCode;

/** How failures of real ffmpeg runs read, and the translation's rules on stderr text. */
class FfmpegFailureTest {

    private static final FfmpegTools TOOLS = FfmpegTools.bundled();
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private static ProcessResult ffmpeg(FfmpegArgs args) {
        return ToolRunner.run(TOOLS.ffmpeg(), args.list(), TIMEOUT);
    }

    @Test
    void aDamagedFileSaysWhatIsWrongWithoutItsPath() {
        Path damaged = TestMedia.truncatedMp4();
        ProcessResult r = ffmpeg(FfmpegArgs.ffmpeg().input(damaged).add("-f", "null", "-"));
        assertThat(r.ok()).isFalse();
        MediaException e = FfmpegFailure.of("cannot decode", r, damaged);
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_MEDIA);
        assertThat(e.getMessage()).isEqualTo(
                "cannot decode: moov atom not found; Error opening input: Invalid data found when processing input");
    }

    @Test
    void aMissingEncoderIsNamedWithoutFfmpegsRepetitions() {
        ProcessResult r = ffmpeg(FfmpegArgs.ffmpeg().add("-f", "lavfi", "-i", "testsrc2=size=64x48:duration=0.2",
                "-c:v", "no_such_encoder", "-f", "null", "-"));
        assertThat(r.ok()).isFalse();
        assertThat(FfmpegFailure.of("cannot encode", r, null).getMessage())
                .isEqualTo("cannot encode: Unknown encoder 'no_such_encoder'; Error selecting an encoder");
    }

    @Test
    void aMissingStreamIsSaidInsteadOfOurMapOptionQuotedBack() {
        Path audio = TestMedia.mp3();
        ProcessResult r = ffmpeg(FfmpegArgs.ffmpeg().input(audio).add("-map", "0:V:0", "-f", "null", "-"));
        assertThat(FfmpegFailure.of("cannot make a poster", r, audio).getMessage())
                .isEqualTo("cannot make a poster: the file has no video stream");
    }

    @Test
    void aStreamThatIsNotThereIsNamedNotHintedAt() {
        ProcessResult r = ffmpeg(FfmpegArgs.ffmpeg().add("-f", "lavfi", "-i", "testsrc2=size=64x48:duration=0.2",
                "-map", "0:7", "-f", "null", "-"));
        assertThat(r.ok()).isFalse();
        // ffmpeg follows the cause with a hint and a consequence: the cause stays, the hint goes
        assertThat(FfmpegFailure.summary(r.stderrTail(), r.exitCode()))
                .contains("matches no streams").contains("'0:7'").doesNotContain("trailing '?'");
        assertThat(FfmpegFailure.of("cannot convert", r, null).getMessage())
                .isEqualTo("cannot convert: no stream of the file matches -map 0:7");
    }

    @Test
    void linesThatStateTheErrorAreKeptBeforeHints() {
        assertThat(FfmpegFailure.lastSaying(List.of("No such filter: 'x'", "hint one", "hint two", "hint three"), 3))
                .containsExactly("No such filter: 'x'", "hint two", "hint three");
        assertThat(FfmpegFailure.lastSaying(List.of("a", "Invalid data", "b", "Error here", "c", "Unknown thing"), 3))
                .containsExactly("Invalid data", "Error here", "Unknown thing");
        assertThat(FfmpegFailure.lastSaying(List.of("a", "b", "c", "d"), 3)).containsExactly("b", "c", "d");
    }

    @Test
    void aCrashIsSaidAsSuch() throws Exception {
        // A real ffmpeg that would run for minutes, sent SIGSEGV once it reports progress.
        AtomicBoolean sent = new AtomicBoolean();
        // A token on its command line, so that only this ffmpeg is signalled, not those of tests running beside it.
        String token = "crash-" + java.util.UUID.randomUUID();
        ProcessResult r = ToolRunner.run(TOOLS.ffmpeg(), FfmpegArgs.ffmpeg().progress()
                .add("-re", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10", "-metadata", "comment=" + token,
                        "-f", "null", "-").list(), TIMEOUT,
                line -> {
                    if (sent.compareAndSet(false, true)) {
                        signal("SEGV", token);
                    }
                }, null);
        assertThat(r.exitCode()).isEqualTo(128 + 11);
        assertThat(FfmpegFailure.of("cannot make a proxy", r, null).getMessage())
                .isEqualTo("cannot make a proxy: crashed (SIGSEGV: a bad memory access)");
    }

    @Test
    void aRunPastItsTimeIsStoppedWithASentence() {
        assertThatThrownBy(() -> ToolRunner.run(TOOLS.ffmpeg(), FfmpegArgs.ffmpeg()
                        .add("-re", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10", "-f", "null", "-").list(),
                Duration.ofSeconds(1)))
                .isInstanceOf(MediaException.class)
                .hasMessage(FfmpegFailure.timedOut(TOOLS.ffmpeg().name(), Duration.ofSeconds(1)))
                .hasMessage("ffmpeg did not finish within 1 s and was stopped");
    }

    @Test
    void anExitCodeAloneIsExplainedWhenKnown() {
        assertThat(FfmpegFailure.summary("", 183)).isEqualTo("exited with code 183 (invalid data found when processing input)");
        assertThat(FfmpegFailure.summary("", 3)).isEqualTo("exited with code 3");
        assertThat(FfmpegFailure.summary("", 0)).isEmpty();
        assertThat(FfmpegFailure.summary("", 128 + 9)).startsWith("was killed (SIGKILL");
    }

    @Test
    void theAllowListsRefusalIsSaidPlainly() {
        assertThat(FfmpegFailure.summary("[dash @ 0x55d0] Format not on whitelist 'mov,matroska'\n"
                + "[in#0 @ 0x55] Error opening input: Invalid argument\n", 234))
                .isEqualTo("its format (dash) is not one the library opens (formats that can refer to other files "
                        + "are never opened)");
    }

    @Test
    void listingsAtTheDefaultLogLevelDoNotCrowdOutTheCause() {
        String stderr = """
                Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/x/in.mp4':
                  Metadata:
                    major_brand     : isom
                  Duration: 00:00:02.00, start: 0.000000, bitrate: 110 kb/s
                  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 320x240
                Stream mapping:
                  Stream #0:0 -> #0:0 (h264 (native) -> mjpeg (native))
                Press [q] to stop, [?] for help
                [Parsed_scale_0 @ 0x5] Cannot parse expression for height: 'bad'
                [AVFilterGraph @ 0x5] Error initializing filters
                Error opening output file -.
                Error opening output files: Invalid argument
                """;
        assertThat(FfmpegFailure.summary(stderr, 234))
                .isEqualTo("Cannot parse expression for height: 'bad'; Error initializing filters");
    }

    @Test
    void aLongCauseIsCut() {
        assertThat(FfmpegFailure.summary("x".repeat(1000), 1)).hasSize(FfmpegFailure.MAX_LENGTH).endsWith("...");
    }

    /** Sends a signal to the one ffmpeg child of this JVM whose command line holds {@code token}. */
    private static void signal(String name, String token) {
        ProcessHandle.current().descendants()
                .filter(h -> h.info().commandLine().map(c -> c.contains(token)).orElse(false))
                .forEach(h -> {
                    try {
                        new ProcessBuilder("kill", "-" + name, Long.toString(h.pid())).start().waitFor(10, TimeUnit.SECONDS);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }
}
