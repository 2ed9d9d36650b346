package org.thatdam.media.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;

/** Holds the filter allow-list against what the bundled ffmpeg says about its filters' options. */
class ArgumentPolicyFiltersTest {

    private static String ffmpeg(String... args) {
        ProcessResult r = ToolRunner.run(FfmpegTools.bundled().ffmpeg(), List.of(args), Duration.ofSeconds(30));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        return r.stdoutText();
    }

    @Test
    void allowedFiltersExistInTheBundledBuild() {
        Set<String> present = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^ [T.][S.][C.] (\\S+) ").matcher(ffmpeg("-hide_banner", "-filters"));
        while (m.find()) {
            present.add(m.group(1));
        }
        assertThat(present).hasSizeGreaterThan(300);
        List<String> missing = FilterGraphs.ALLOWED.stream().filter(f -> !present.contains(f)).sorted().toList();
        assertThat(missing).isEmpty();
        // drawtext needs libfreetype and libharfbuzz, which the bundled build lacks; the watermark preset draws in Java
        assertThat(present).doesNotContain("drawtext");
        assertThat(FilterGraphs.REFUSED).containsKey("drawtext");
        assertThat(FilterGraphs.REFUSED.keySet()).doesNotContainAnyElementsOf(FilterGraphs.ALLOWED);
    }

    /**
     * Every text option of an allowed filter that names a file (by its name or its help text) must
     * be refused as a key, and the filter must take options by name only (a positional value could
     * reach it).
     */
    @Test
    void noAllowedFilterHasAFileOptionThePolicyMisses() {
        Pattern section = Pattern.compile("^(\\S+) AVOptions:");
        Pattern option = Pattern.compile("^   (\\S+)\\s+<(\\w+)>\\s+\\S+\\s+(.*)");
        Pattern fileish = Pattern.compile("(?i)file|path|model|plot|kdtree|dump|log_|shader|font|sofa");
        List<String> problems = new ArrayList<>();
        Set<String> current = Set.of();
        int checked = 0;
        for (String line : ffmpeg("-hide_banner", "-h", "full").split("\\R")) {
            Matcher s = section.matcher(line);
            if (s.find()) {
                current = new HashSet<>(List.of(s.group(1).split("/")));
                current.retainAll(FilterGraphs.ALLOWED);
                continue;
            }
            Matcher o = option.matcher(line);
            if (current.isEmpty() || !o.find()) {
                continue;
            }
            checked++;
            String name = o.group(1);
            boolean text = o.group(2).equals("string");
            if (text && (fileish.matcher(name).find() || fileish.matcher(o.group(3)).find())) {
                if (!FilterGraphs.FILE_KEYS.contains(name)) {
                    problems.add(current + " " + name + ": " + o.group(3));
                }
                for (String f : current) {
                    if (!FilterGraphs.NAMED_ONLY.contains(f)) {
                        problems.add(f + " has file option " + name + " but takes positional values");
                    }
                }
            }
        }
        assertThat(checked).as("options read").isGreaterThan(500);
        assertThat(problems).isEmpty();
    }
}
