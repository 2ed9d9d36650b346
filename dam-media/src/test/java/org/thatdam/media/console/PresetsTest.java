package org.thatdam.media.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

// runs the console, whose watermark pictures go to the shared temp folder ConsoleRunnerTest checks
@ResourceLock("console watermark pictures in java.io.tmpdir")
class PresetsTest {

    static List<String> presetNames() {
        return Presets.all().stream().map(Preset::name).toList();
    }

    @Test
    void theExpectedPresetsExist() {
        assertThat(presetNames()).containsExactly("trim", "compress", "scale", "fps", "extract-audio", "rotate",
                "speed", "gif", "contact-sheet", "watermark", "thumbnails", "loudnorm", "probe");
        assertThat(Presets.get("probe").probe()).isTrue();
        assertThat(Presets.all().stream().filter(Preset::probe).count()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presetNames")
    void defaultsMatchTheirPatternsAndTheExpansionPassesThePolicy(String name) {
        Preset p = Presets.get(name);
        for (PresetParam param : p.params()) {
            assertThat(param.matches(param.defaultValue())).as(param.name()).isTrue();
            assertThat(param.description()).isNotBlank();
        }
        ConsoleCommand c = Presets.expand(name, Map.of(), 4.0);
        assertThat(c.probe()).isEqualTo(p.probe());
        if (p.probe()) {
            assertThatCode(() -> ArgumentPolicy.checkProbe(c.tokens())).doesNotThrowAnyException();
        } else {
            assertThatCode(() -> ArgumentPolicy.check(c.tokens(), c.overlay() != null)).as(c.display())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void everyAllowedValueOfTheChoiceParametersPassesThePolicy() {
        for (String f : List.of("mp3", "m4a", "wav")) {
            ArgumentPolicy.check(Presets.expand("extract-audio", Map.of("format", f)).tokens());
        }
        for (String a : List.of("90", "180", "270")) {
            ArgumentPolicy.check(Presets.expand("rotate", Map.of("angle", a)).tokens());
        }
        for (String pos : List.of("top-left", "top-right", "bottom-left", "bottom-right", "center")) {
            ArgumentPolicy.check(Presets.expand("watermark", Map.of("position", pos, "text", "© Me, 2024 (draft)"))
                    .tokens(), true);
        }
        for (String f : List.of("0.25", "0.3", "0.5", "1", "1.5", "3", "4")) {
            ArgumentPolicy.check(Presets.expand("speed", Map.of("factor", f)).tokens());
        }
        ArgumentPolicy.check(Presets.expand("loudnorm", Map.of("container", "mkv", "integrated", "-16")).tokens());
        ArgumentPolicy.check(Presets.expand("scale", Map.of("height", "360")).tokens());
        ArgumentPolicy.check(Presets.expand("trim", Map.of("start", "00:00:01.5", "end", "0:03")).tokens());
    }

    @Test
    void trimTakesADurationOrAnEnd() {
        assertThat(Presets.expand("trim", Map.of("start", "1", "end", "3.5")).tokens())
                .containsSequence("-ss", "1", "-i", "{{input}}", "-t", "2.5");
        assertThat(Presets.expand("trim", Map.of("start", "00:01:00", "duration", "5")).tokens())
                .containsSequence("-ss", "60", "-i", "{{input}}", "-t", "5");
        assertThatThrownBy(() -> Presets.expand("trim", Map.of("start", "3", "end", "2")))
                .hasMessage("preset trim: end 2 must be after start 3");
        assertThatThrownBy(() -> Presets.expand("trim", Map.of("duration", "2", "end", "3")))
                .hasMessage("preset trim: give a duration or an end, not both");
    }

    @Test
    void speedChainsAtempoWithinItsRange() {
        assertThat(Presets.atempo(4)).isEqualTo("atempo=2,atempo=2");
        assertThat(Presets.atempo(3)).isEqualTo("atempo=2,atempo=1.5");
        assertThat(Presets.atempo(0.25)).isEqualTo("atempo=0.5,atempo=0.5");
        assertThat(Presets.atempo(0.3)).isEqualTo("atempo=0.5,atempo=0.6");
        assertThat(Presets.atempo(1.25)).isEqualTo("atempo=1.25");
        assertThat(Presets.expand("speed", Map.of("factor", "2")).tokens()).contains("setpts=PTS/2", "atempo=2");
    }

    @Test
    void scaleKeepsTheAspectAndEvenSides() {
        assertThat(Presets.expand("scale", Map.of("width", "640")).tokens()).contains("scale=w=640:h=-2");
        assertThat(Presets.expand("scale", Map.of("height", "360")).tokens()).contains("scale=w=-2:h=360");
        assertThatThrownBy(() -> Presets.expand("scale", Map.of("width", "641")))
                .hasMessageContaining("width 641 must be even");
        assertThatThrownBy(() -> Presets.expand("scale", Map.of("width", "640", "height", "360")))
                .hasMessageContaining("not both");
    }

    @Test
    void badValuesAreRefusedWithThePresetTheParameterAndWhatWasExpected() {
        assertThatThrownBy(() -> Presets.expand("trim", Map.of("start", "abc")))
                .isInstanceOf(DamException.class)
                .extracting(e -> ((DamException) e).code()).isEqualTo(ErrorCode.INVALID);
        assertThatThrownBy(() -> Presets.expand("trim", Map.of("start", "abc")))
                .hasMessage("preset trim: start \"abc\" is not valid; expected where the part starts "
                        + "(seconds such as 12.5, or HH:MM:SS)");
        assertThatThrownBy(() -> Presets.expand("trim", Map.of("foo", "1")))
                .hasMessage("preset trim has no parameter \"foo\"; its parameters: start, duration, end");
        assertThatThrownBy(() -> Presets.expand("probe", Map.of("x", "1")))
                .hasMessage("preset probe has no parameter \"x\"; it takes none");
        assertThatThrownBy(() -> Presets.expand("compress", Map.of("crf", "51")))
                .hasMessageContaining("crf \"51\" is not valid");
        assertThatThrownBy(() -> Presets.expand("speed", Map.of("factor", "5")))
                .hasMessage("preset speed: factor 5 must be between 0.25 and 4");
        assertThatThrownBy(() -> Presets.expand("watermark", Map.of("text", "a\nb")))
                .hasMessageContaining("text \"a\nb\" is not valid");
        assertThatThrownBy(() -> Presets.expand("watermark", Map.of("text", "x".repeat(101))))
                .hasMessageContaining("is not valid");
        assertThatThrownBy(() -> Presets.expand("watermark", Map.of("text", "a\u202Eb")))
                .hasMessageContaining("is not valid");
        assertThatThrownBy(() -> Presets.expand("watermark", Map.of("text", "   ")))
                .hasMessageContaining("is not valid");
        assertThatThrownBy(() -> Presets.expand("watermark", Map.of("position", "middle")))
                .hasMessageContaining("position \"middle\" is not valid");
        assertThatThrownBy(() -> Presets.expand("rotate", Map.of("angle", "45")))
                .hasMessageContaining("angle \"45\" is not valid; expected 90, 180 or 270");
        assertThatThrownBy(() -> Presets.expand("loudnorm", Map.of("integrated", "-80")))
                .hasMessage("preset loudnorm: integrated -80 must be between -70 and -5");
        assertThatThrownBy(() -> Presets.expand("gif", Map.of("width", "5000")))
                .hasMessage("preset gif: width 5000 must be between 32 and 1280");
    }

    /** The text goes to the runner's picture, never into ffmpeg's arguments: quotes and colons are harmless. */
    @Test
    void watermarkCarriesItsTextAsAnOverlayAndNamesThePictureAsTheSecondInput() {
        String text = "It's: a:textfile=/etc/passwd [x];movie='y' {{input}} Été ©";
        ConsoleCommand c = Presets.expand("watermark", Map.of("text", text, "position", "top-left"));
        assertThat(c.overlay()).isEqualTo(new TextOverlay(text));
        assertThat(c.tokens()).containsSequence("-i", "{{input}}", "-i", "{{overlay}}", "-filter_complex")
                .containsSequence("-map", "[v]", "-map", "0:a?")
                .containsSequence("-c:v", "libx264").containsSequence("-pix_fmt", "yuv420p")
                .containsSequence("-c:a", "aac").containsSequence("-movflags", "+faststart", "{{output.mp4}}")
                .noneMatch(t -> t.contains("textfile") || t.contains("It's") || t.contains("drawtext"));
        assertThat(c.tokens()).contains("[0:v]split[base][ref];[1:v][ref]scale=w=-1:h='max(2,min(rh*0.065,"
                + "rw*0.9*ih/iw))'[mark];[base][mark]overlay=x=H/30:y=H/30[v]");
        assertThat(c.display()).contains("-i {{overlay}}").doesNotContain("Été");
        assertThat(Presets.watermarkGraph("center")).contains("overlay=x=(W-w)/2:y=(H-h)/2[v]");
        assertThat(Presets.watermarkGraph("bottom-right")).contains("overlay=x=W-w-H/30:y=H-h-H/30[v]");
        assertThat(Presets.expand("watermark", Map.of()).overlay().text()).isEqualTo("That DAM Toolbox");
        for (String other : presetNames()) {
            if (!other.equals("watermark")) {
                assertThat(Presets.expand(other, Map.of(), 4.0).overlay()).as(other).isNull();
            }
        }
    }

    @Test
    void unknownPresetListsTheKnownOnes() {
        assertThatThrownBy(() -> Presets.get("nope"))
                .isInstanceOf(DamException.class)
                .extracting(e -> ((DamException) e).code()).isEqualTo(ErrorCode.INVALID);
        assertThatThrownBy(() -> Presets.get("nope"))
                .hasMessageStartingWith("unknown preset \"nope\"; known: trim, compress, scale");
    }

    @Test
    void framesSpreadOverTheFileNeedItsDuration() {
        assertThat(Presets.needsDuration("thumbnails")).isTrue();
        assertThat(Presets.needsDuration("trim")).isFalse();
        assertThatThrownBy(() -> Presets.expand("thumbnails", Map.of("count", "5")))
                .hasMessageContaining("needs its duration");
        assertThat(Presets.expand("thumbnails", Map.of("count", "4"), 8).tokens())
                .contains("select='gte(t,1)*(isnan(prev_selected_t)+gt(floor((t-1)/2),floor((prev_selected_t-1)/2)))'",
                        "{{output-%03d.jpg}}");
    }
}
