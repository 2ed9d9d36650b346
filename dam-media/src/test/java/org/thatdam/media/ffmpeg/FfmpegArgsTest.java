package org.thatdam.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

class FfmpegArgsTest {

    @TempDir Path tmp;

    @Test
    void ffmpegStartsWithoutStdinBannerStatsOrNoise() {
        assertThat(FfmpegArgs.ffmpeg().list())
                .containsExactly("-nostdin", "-hide_banner", "-loglevel", "error", "-nostats", "-y");
    }

    @Test
    void ffprobeStartsWithoutBannerOrNoise() {
        assertThat(FfmpegArgs.ffprobe().list()).containsExactly("-hide_banner", "-loglevel", "error");
    }

    @Test
    void theBaseComesFirstWhateverIsChangedLater() {
        Path in = TestMedia.shortClip();
        List<String> args = FfmpegArgs.ffmpeg().add("-threads", "1").input(in).add("-f", "mp4")
                .output(Path.of("out.mp4")).progress().logLevel(null).list();
        assertThat(args.subList(0, 6)).containsExactly("-nostdin", "-hide_banner", "-nostats", "-y",
                "-progress", "pipe:1");
        assertThat(args.subList(6, 8)).containsExactly("-threads", "1");
        // the input as MediaInput opens it: the file protocol only, allow-listed formats, "file:/abs"
        assertThat(args).containsSubsequence("-protocol_whitelist", "file", "-format_whitelist");
        assertThat(args).containsSubsequence("-i", FileArg.of(in), "-f", "mp4");
        assertThat(args.getLast()).isEqualTo("file:" + Path.of("out.mp4").toAbsolutePath());
    }

    @Test
    void eachListIsFreshAndMutable() {
        FfmpegArgs b = FfmpegArgs.ffmpeg();
        List<String> a = b.list();
        a.add("-x");
        assertThat(b.list()).doesNotContain("-x").isNotSameAs(a);
        assertThat(new ArrayList<>(a)).endsWith("-x");
    }

    @Test
    void numbersArePlainDecimals() {
        assertThat(FfmpegArgs.num(1e-7)).isEqualTo("0");
        assertThat(FfmpegArgs.num(12345678.5)).isEqualTo("12345678.5");
        assertThat(FfmpegArgs.num(2.0)).isEqualTo("2");
        assertThat(FfmpegArgs.num(0.1)).isEqualTo("0.1");
    }

    /** The real tools accept the base options: a probe answers JSON, a run reports progress and writes. */
    @Test
    void theRealToolsRunWithTheBaseOptions() {
        FfmpegTools tools = FfmpegTools.bundled();
        Path in = TestMedia.shortClip();
        ProcessResult probe = ToolRunner.run(tools.ffprobe(),
                FfmpegArgs.ffprobe().add("-print_format", "json", "-show_format").input(in).list(), Duration.ofMinutes(1));
        assertThat(probe.ok()).as(probe.stderrTail()).isTrue();
        assertThat(probe.stdoutText()).contains("\"format\"");
        assertThat(probe.stderrTail()).isEmpty();

        Path out = tmp.resolve("-odd name.mkv"); // a leading dash is not an option
        List<String> progress = new ArrayList<>();
        ProcessResult run = ToolRunner.run(tools.ffmpeg(),
                FfmpegArgs.ffmpeg().progress().input(in).add("-c", "copy").output(out).list(), Duration.ofMinutes(1),
                progress::add, null);
        assertThat(run.ok()).as(run.stderrTail()).isTrue();
        assertThat(run.stderrTail()).as("no banner, no stats line").isEmpty();
        assertThat(progress).contains("progress=end");
        assertThat(out).isNotEmptyFile();
    }
}
