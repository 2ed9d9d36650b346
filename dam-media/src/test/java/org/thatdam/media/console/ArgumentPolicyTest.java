package org.thatdam.media.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.thatdam.model.DamException;

class ArgumentPolicyTest {

    private static final String IN = "{{input}}";
    private static final String OUT = "{{output.mp4}}";
    private static final String OVERLAY = "{{overlay}}";

    /** name, tokens, the index the rejection must name, a word its reason must contain. */
    private static Arguments hostile(String name, int index, String reason, String... tokens) {
        return Arguments.of(name, List.of(tokens), index, reason);
    }

    static Stream<Arguments> hostileLists() {
        List<String> many = new ArrayList<>(Collections.nCopies(10_000, "-y"));
        return Stream.of(
                hostile("reads /etc/passwd", 1, "absolute path", "-i", "/etc/passwd", OUT),
                hostile("second input from a file", 3, "only input allowed", "-i", IN, "-i", "other.mp4", OUT),
                hostile("lavfi input format", 1, "not an allowed output format", "-f", "lavfi", "-i", IN, OUT),
                hostile("allowed format used for the input", 0, "input format", "-f", "mp4", "-i", IN, OUT),
                hostile("movie filter", 3, "filter movie reads another file", "-i", IN, "-vf", "movie=/etc/passwd", OUT),
                hostile("amovie in filter_complex", 3, "amovie", "-i", IN, "-filter_complex", "amovie=x.wav", "{{output.mp3}}"),
                hostile("filter script", 2, "reads a script file", "-i", IN, "-filter_script", "f.txt", OUT),
                hostile("ffmpeg 7 value from file", 2, "from a file", "-i", IN, "-/vf", "f.txt", OUT),
                hostile("http output", 2, "http: protocol", "-i", IN, "http://x/y.mp4"),
                hostile("concat protocol input", 1, "concat: protocol", "-i", "concat:a|b", OUT),
                hostile("concat protocol output", 2, "concat: protocol", "-i", IN, "concat:a|b"),
                hostile("file protocol output", 2, "file: protocol", "-i", IN, "file:/tmp/x"),
                hostile("dump attachment", 2, "writes attachments", "-i", IN, "-dump_attachment:t", "out", OUT),
                hostile("absolute output after -y", 3, "absolute path", "-i", IN, "-y", "/home/user/clip.mp4"),
                hostile("parent directory output", 2, "leaves the work directory", "-i", IN, "../x.mp4"),
                hostile("absolute output", 2, "absolute path", "-i", IN, "/tmp/out.mp4"),
                hostile("drawtext textfile", 3, "filter drawtext is not in the bundled ffmpeg", "-i", IN, "-vf", "drawtext=textfile=/etc/passwd", OUT),
                hostile("drawtext with a plain text", 3, "reads font and text files", "-i", IN, "-vf", "scale=320:-2,drawtext=text=a", OUT),
                hostile("positional file option", 3, "by name", "-i", IN, "-vf", "curves=none:/x.acv", OUT),
                hostile("subtitles filter", 3, "reads a subtitle file", "-i", IN, "-vf", "subtitles=/x.srt", OUT),
                hostile("sendcmd filter", 3, "reads commands", "-i", IN, "-vf", "sendcmd=f=cmds", OUT),
                hostile("lut3d filter", 3, "reads a LUT file", "-i", IN, "-vf", "lut3d=file.cube", OUT),
                hostile("x264 stats file", 2, "statistics files", "-i", IN, "-x264-params", "stats=/tmp/s", OUT),
                hostile("two-pass", 2, "two-pass", "-i", IN, "-pass", "1", OUT),
                hostile("pass log file", 2, "two-pass", "-i", IN, "-passlogfile", "/tmp/p", OUT),
                hostile("vstats file", 2, "statistics file", "-i", IN, "-vstats_file", "v", OUT),
                hostile("report file", 0, "report", "-report", "-i", IN, OUT),
                hostile("progress to a URL", 2, "progress", "-i", IN, "-progress", "http://x", OUT),
                hostile("attach a file", 2, "attaches a file", "-i", IN, "-attach", "font.ttf", OUT),
                hostile("pipe output", 2, "pipe: protocol", "-i", IN, "pipe:1"),
                hostile("stdout output", 2, "standard output", "-i", IN, "-"),
                hostile("movie after an allowed filter", 3, "filter movie", "-i", IN, "-vf", "scale=1:1,movie=a", OUT),
                hostile("quote then psfile", 3, "psfile", "-i", IN, "-vf", "curves=master='0/0 1/1':psfile=/x.acv", OUT),
                hostile("psfile inside quotes", 3, "psfile", "-i", IN, "-vf", "curves=master='0/0 1/1:psfile=/x.acv'", OUT),
                hostile("quoted filter name", 3, "unparseable", "-i", IN, "-vf", "'mov''ie'=/etc/passwd", OUT),
                hostile("backslash escape", 3, "backslash", "-i", IN, "-vf", "curves=master=0/0\\:psfile=/etc/passwd", OUT),
                hostile("unbalanced quote", 3, "unbalanced quote", "-i", IN, "-vf", "scale='1:1", OUT),
                hostile("option value from a file inside a graph", 3, "reads its value from a file", "-i", IN, "-vf", "scale=/w=/tmp/w.txt", OUT),
                hostile("curves psfile", 3, "psfile", "-i", IN, "-vf", "curves=psfile=/x.acv", OUT),
                hostile("paletteuse kdtree dump", 3, "debug_kdtree", "-i", IN, "-filter_complex", "[0:v]split[a][b];[a]palettegen[p];[b][p]paletteuse=debug_kdtree=k.dot", "{{output.gif}}"),
                hostile("zmq in a chain", 3, "network", "-i", IN, "-vf", "[in]zmq,scale=1:1", OUT),
                hostile("unknown filter", 3, "filter nosuch is not allowed", "-i", IN, "-af", "nosuch", "{{output.mp3}}"),
                hostile("NUL byte", 3, "control character U+0000", "-i", IN, "-metadata", "title=a\0b", OUT),
                hostile("newline", 3, "control character", "-i", IN, "-metadata", "title=a\nb", OUT),
                hostile("too many tokens", 200, "too many arguments", many.toArray(String[]::new)),
                hostile("too long a token", 3, "too long", "-i", IN, "-metadata", "title=" + "x".repeat(5000), OUT),
                hostile("input as an output", 2, "input cannot be an output", "-i", IN, IN),
                hostile("escaping placeholder", 2, "malformed placeholder", "-i", IN, "{{output.mp4/../../x}}"),
                hostile("placeholder inside a value", 3, "whole arguments", "-i", IN, "-metadata", "title={{input}}", OUT),
                hostile("hardware device", 0, "opens a device", "-init_hw_device", "vaapi=/dev/dri/renderD128", "-i", IN, OUT),
                hostile("hwaccel device", 0, "opens a device", "-hwaccel_device", "/dev/dri/renderD128", "-i", IN, OUT),
                hostile("concat demuxer list", 1, "not an allowed output format", "-f", "concat", "-safe", "0", "-i", "list", OUT),
                hostile("safe 0 alone", 0, "loosens", "-safe", "0", "-i", IN, OUT),
                hostile("protocol whitelist", 0, "loosens", "-protocol_whitelist", "file,http", "-i", IN, OUT),
                hostile("preset file", 2, "preset files", "-i", IN, "-fpre", "x.ffpreset", OUT),
                hostile("sdp file", 2, "SDP", "-i", IN, "-sdp_file", "x.sdp", OUT),
                hostile("tee muxer", 3, "not an allowed output format", "-i", IN, "-f", "tee", "[f=mp4]a.mp4|[f=mp4]b.mp4"),
                hostile("unknown option", 2, "option not allowed", "-i", IN, "-foo", OUT),
                hostile("plain relative output", 2, "placeholders", "-i", IN, "out.mp4"),
                hostile("codec name with a path", 3, "not a valid value for -c", "-i", IN, "-c:v", "../lib.so", OUT),
                hostile("movflags with junk", 3, "flags such as +faststart", "-i", IN, "-movflags", "+faststart;x", OUT),
                hostile("same output twice", 3, "same output twice", "-i", IN, OUT, OUT),
                hostile("no input", 1, "no input", OUT),
                hostile("no output", 2, "no output", "-i", IN),
                hostile("option missing its value", 2, "expects a value", "-i", IN, "-vf"),
                hostile("-i with a stream specifier", 0, "no stream specifier", "-i:v", IN, OUT),
                // {{overlay}} is the runner's picture for presets that carry a text; users cannot name it
                hostile("overlay as a second input", 3, "not for commands; the only input allowed is {{input}}", "-i", IN, "-i", OVERLAY,
                        "-filter_complex", "[0:v][1:v]overlay[v]", "-map", "[v]", OUT),
                hostile("overlay as the only input", 1, "the only input allowed is {{input}}", "-i", OVERLAY, OUT),
                hostile("overlay as an output", 2, "an input cannot be an output", "-i", IN, OVERLAY),
                hostile("overlay inside a value", 3, "whole arguments", "-i", IN, "-metadata", "title={{overlay}}", OUT),
                hostile("overlay inside a graph", 3, "whole arguments", "-i", IN, "-vf", "movie={{overlay}}", OUT),
                hostile("overlay with an input format", 3, "not an allowed output format", "-i", IN, "-f", "png_pipe", "-i", OVERLAY, OUT),
                hostile("overlay in other case", 3, "only input allowed", "-i", IN, "-i", "{{OVERLAY}}", OUT),
                hostile("overlay with spaces", 3, "only input allowed", "-i", IN, "-i", "{{ overlay }}", OUT),
                hostile("a second input by path", 3, "absolute path", "-i", IN, "-i", "/tmp/dam-console-overlay-1.png", OUT),
                hostile("a second input by file URL", 3, "file: protocol", "-i", IN, "-i", "file:/tmp/x.png", OUT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileLists")
    void rejects(String name, List<String> tokens, int index, String reason) {
        RejectedArgumentException e = catchThrowableOfType(RejectedArgumentException.class,
                () -> ArgumentPolicy.check(tokens));
        assertThat(e).as("%s should be rejected", tokens.size() > 20 ? tokens.subList(0, 20) : tokens).isNotNull();
        assertThat(e.index()).as(e.getMessage()).isEqualTo(index);
        assertThat(e.reason()).as(e.getMessage()).contains(reason);
        if (index < tokens.size()) {
            assertThat(e.token()).isEqualTo(tokens.get(index));
            assertThat(e.getMessage()).startsWith("argument " + (index + 1) + " \"");
        }
        assertThatThrownBy(() -> ConsoleCommand.custom(tokens)).isInstanceOf(RejectedArgumentException.class);
    }

    @Test
    void messageNamesTheTokenItsPlaceAndWhy() {
        assertThatThrownBy(() -> ArgumentPolicy.check(List.of("-ss", "1", "-i", IN, "-filter_script", "f.txt", OUT)))
                .hasMessage("argument 5 \"-filter_script\": reads a script file; not allowed");
        assertThatThrownBy(() -> ArgumentPolicy.check(List.of("-i", IN, "-metadata", "title=a\0b", OUT)))
                .hasMessage("argument 4 \"title=a\\u0000b\": contains the control character U+0000; not allowed");
    }

    static Stream<List<String>> acceptedLists() {
        return Stream.of(
                List.of("-ss", "00:00:01.5", "-t", "2", "-i", IN, "-map", "0:v:0", "-map", "0:a:0?", "-c:v", "libx264",
                        "-preset", "veryfast", "-crf", "23", "-profile:v", "high", "-pix_fmt", "yuv420p",
                        "-vf", "scale=w=640:h=-2:flags=lanczos,setsar=1,fps=25", "-c:a", "aac", "-b:a", "128k",
                        "-ac", "2", "-ar", "48000", "-movflags", "+faststart", "-metadata", "title=Holiday: day 1",
                        "-map_metadata", "-1", "-f", "mp4", OUT),
                List.of("-hide_banner", "-loglevel", "error", "-i", IN, "-filter_complex",
                        "[0:v]split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer",
                        "-loop", "0", "{{output.gif}}"),
                List.of("-i", IN, "-vf", "select='gt(scene,0.4)',scale=160:-2,tile=4x4", "-frames:v", "1",
                        "-q:v", "3", "{{output.jpg}}"),
                List.of("-i", IN, "-af", "highpass=f=200,lowpass=f=3000,equalizer=f=1000:t=q:w=1:g=2,volume=1.5",
                        "-vn", "-c:a", "libmp3lame", "-q:a", "2", "{{output.mp3}}"),
                List.of("-i", IN, "-vf", "drawbox=x=10:y=10:w=100:h=50:color=black@0.5:t=fill", "-an", OUT),
                List.of("-i", IN, "-vf", "curves=master='0/0 0.5/0.6 1/1'", OUT),
                List.of("-i", IN, "-af", "silencedetect=noise=-30dB:d=0.5", "-vf", "blackdetect=d=0.1", "-f", "null",
                        "{{output.null}}"),
                List.of("-i", IN, "-vf", "fps=1", "-fps_mode", "vfr", "{{output-%03d.png}}", "-vn", "-c:a", "copy",
                        "{{output.m4a}}"),
                List.of("-itsoffset", "-0.5", "-stream_loop", "1", "-i", IN, "-c", "copy", "-shortest",
                        "-avoid_negative_ts", "make_zero", "-disposition:a:0", "default", "{{output.mkv}}"));
    }

    @ParameterizedTest
    @MethodSource("acceptedLists")
    void accepts(List<String> tokens) {
        assertThatCode(() -> ArgumentPolicy.check(tokens)).doesNotThrowAnyException();
        assertThat(ConsoleCommand.custom(tokens).tokens()).isEqualTo(tokens);
    }

    @Test
    void aCommandWithAnOverlayNamesItOnceAfterTheInput() {
        List<String> ok = List.of("-i", IN, "-i", OVERLAY, "-filter_complex", "[0:v][1:v]overlay[v]", "-map", "[v]",
                "-map", "0:a?", OUT);
        assertThatCode(() -> ArgumentPolicy.check(ok, true)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ArgumentPolicy.check(ok)).isInstanceOf(RejectedArgumentException.class)
                .hasMessageStartingWith("argument 4 \"{{overlay}}\": {{overlay}} is the picture the runner draws");
        assertThatThrownBy(() -> ArgumentPolicy.check(List.of("-i", IN, "-i", OVERLAY, "-i", OVERLAY, OUT), true))
                .hasMessage("argument 6 \"{{overlay}}\": the overlay can only be input once");
        assertThatThrownBy(() -> ArgumentPolicy.check(List.of("-i", OVERLAY, "-i", IN, OUT), true))
                .hasMessage("argument 2 \"{{overlay}}\": the overlay must come after -i {{input}}");
        assertThatThrownBy(() -> ArgumentPolicy.check(List.of("-i", IN, OUT), true))
                .hasMessageContaining("carries an overlay but has no -i {{overlay}}");
        assertThatThrownBy(() -> ArgumentPolicy.check(List.of("-i", IN, "-i", OVERLAY, OVERLAY, OUT), true))
                .hasMessageContaining("an input cannot be an output");
        assertThatThrownBy(() -> ArgumentPolicy.check(List.of("-i", IN, "-i", OVERLAY, "-i", "x.png", OUT), true))
                .hasMessageContaining("the only input allowed is {{input}}");
        assertThatThrownBy(() -> ArgumentPolicy.check(List.of("-i", IN, "-f", "png_pipe", "-i", OVERLAY, OUT), true))
                .isInstanceOf(RejectedArgumentException.class);
        assertThatThrownBy(() -> ConsoleCommand.custom(ok)).isInstanceOf(RejectedArgumentException.class);
        assertThat(new ConsoleCommand(false, ok, new TextOverlay("x")).display())
                .isEqualTo("ffmpeg -i {{input}} -i {{overlay}} -filter_complex '[0:v][1:v]overlay[v]' -map '[v]' "
                        + "-map '0:a?' {{output.mp4}}");
        assertThatThrownBy(() -> new ConsoleCommand(true, List.of(IN), new TextOverlay("x")))
                .isInstanceOf(DamException.class);
    }

    @Test
    void probeArgumentsAreAFixedSmallSet() {
        assertThatCode(() -> ArgumentPolicy.checkProbe(List.of("-v", "error", "-show_format", "-show_streams", "-of",
                "json", IN))).doesNotThrowAnyException();
        assertThatThrownBy(() -> ArgumentPolicy.checkProbe(List.of("-show_format", "-i", "/etc/passwd")))
                .isInstanceOf(RejectedArgumentException.class).hasMessageContaining("argument 2 \"-i\"");
        assertThatThrownBy(() -> ArgumentPolicy.checkProbe(List.of("-show_format", "http://x/y")))
                .hasMessageContaining("must end with {{input}}");
        assertThatThrownBy(() -> ArgumentPolicy.checkProbe(List.of("-of", "xml", IN)))
                .hasMessageContaining("expects one of json");
    }

    @Test
    void displayQuotesWhatAShellWouldSplit() {
        ConsoleCommand c = ConsoleCommand.custom(List.of("-i", IN, "-vf", "curves=master='0/0 1/1'", "-metadata",
                "title=a b", OUT));
        assertThat(c.display()).isEqualTo("ffmpeg -i {{input}} -vf 'curves=master='\\''0/0 1/1'\\''' "
                + "-metadata 'title=a b' {{output.mp4}}");
        assertThat(new ConsoleCommand(true, List.of("-show_format", IN)).display())
                .isEqualTo("ffprobe -show_format {{input}}");
    }
}
