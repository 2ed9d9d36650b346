package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.json.Json;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.media.xmp.Xmp;
import org.thatdam.storage.FileNames;

/**
 * File names in any encoding, in a JVM started with no locale at all (as systemd or cron start it):
 * {@code café_ü.mp4} used to fail with "No such file or directory", and a Latin-1 name
 * ({@code caf\xE9.mp4}, not valid UTF-8) failed under a UTF-8 locale too.
 */
class FileNameEncodingTest {

    static final Path ENV_SH = LauncherScriptTest.ENV_SH;

    @TempDir Path tmp;

    record Child(int code, String out, String err) {
        JsonNode json() throws IOException {
            return Json.mapper().readTree(out);
        }
    }

    /** Through the launcher's own setup (scripts/env.sh jvm_flags), the environment emptied first. */
    @Test
    void theLauncherCataloguesEveryNameWithoutALocale() throws Exception {
        checkLibrary(true);
    }

    /** Started bare (java -jar with no locale: file names decoded as ASCII), the catalog is still exact. */
    @Test
    void aBareJvmWithoutALocaleCataloguesEveryNameToo() throws Exception {
        checkLibrary(false);
    }

    private void checkLibrary(boolean launcher) throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        TestMedia.copy(TestMedia.h264Mp4(), media, "café_ü.mp4");
        Path latin = TestMedia.copyToRawName(TestMedia.shortClip(), media, TestMedia.latin1("caf\u00e9.mp4"));
        // sidecars named after each file's own bytes: read by the scan whatever the JVM's locale
        Files.write(media.resolve("café_ü.mp4.xmp"), Xmp.write(null, "x", null, null, List.of(), 2, null));
        Path latinXmp = TestMedia.copyToRawName(Files.write(tmp.resolve("s.xmp"), Xmp.write(null, "x", null, null, List.of(), 3, null)),
                media, TestMedia.latin1("caf\u00e9.xmp"));
        CliRunner.age(media);
        Path home = tmp.resolve("home");

        Child scan = child(launcher, "scan", media.toString(), "--wait", "--json", "--home", home.toString());
        assertThat(scan.code()).as(scan.err()).isZero();
        if (launcher) {
            // the launcher's JVM options silence the JDK's native-access and sun.misc.Unsafe warnings
            assertThat(scan.err().lines()).as(scan.err()).noneMatch(l -> l.startsWith("WARNING"));
        }
        JsonNode report = scan.json();
        assertThat(report.get("added").asInt()).as(scan.out()).isEqualTo(2);
        assertThat(report.get("failed").asInt()).as(scan.out()).isZero();

        // Read back here (a UTF-8 JVM); through the launcher the child's own JSON says the same.
        CliRunner dam = new CliRunner(home);
        JsonNode all = dam.run("list", "--sort", "name", "--json").json().get("items");
        if (launcher) {
            Child list = child(true, "list", "--sort", "name", "--json", "--home", home.toString());
            assertThat(list.code()).as(list.err()).isZero();
            assertThat(list.json().get("items")).isEqualTo(all);
        }
        Map<String, JsonNode> byTitle = new HashMap<>();
        for (JsonNode a : all) byTitle.put(a.get("title").asText(), a);
        assertThat(byTitle).containsOnlyKeys("café_ü", "caf\uFFFD");

        JsonNode cafe = byTitle.get("café_ü");
        assertThat(cafe.get("status").asText()).isEqualTo("ok");
        assertThat(cafe.get("path").asText()).isEqualTo(media + "/café_ü.mp4");

        JsonNode invalid = byTitle.get("caf\uFFFD");
        assertThat(invalid.get("status").asText()).isEqualTo("ok");
        assertThat(invalid.get("durationSec").asDouble()).isPositive();
        // the catalog's text form keeps the byte; it opens the very file
        assertThat(invalid.get("path").asText()).isEqualTo(media + "/caf\uFFFDE9.mp4");
        assertThat(FileNames.path(invalid.get("path").asText())).isEqualTo(latin);
        assertThat(cafe.get("rating").asInt()).isEqualTo(2);
        assertThat(invalid.get("rating").asInt()).isEqualTo(3);

        // and written back to the same sidecars, from the child (both in one run: the library holds just these two)
        Child write = child(launcher, "xmp", "write", "--all", "--json", "--home", home.toString());
        assertThat(write.code()).as(write.out() + write.err()).isZero();
        assertThat(write.err()).doesNotContain("Exception");
        assertThat(write.json().get("written").asInt()).as(write.out()).isEqualTo(2);
        assertThat(Xmp.text(Files.readAllBytes(latinXmp))).contains("That DAM Toolbox");
        assertThat(Xmp.text(Files.readAllBytes(media.resolve("café_ü.mp4.xmp")))).contains("That DAM Toolbox");

        for (JsonNode a : List.of(cafe, invalid)) {
            Path poster = Path.of(dam.run("show", a.get("id").asText(), "--json").json().get("posterPath").asText());
            assertThat(poster).isNotEmptyFile();
        }
        // in words, for a person, from the child: no crash, no stack trace
        Child text = child(launcher, "show", invalid.get("id").asText(), "--home", home.toString());
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.err()).doesNotContain("Exception");
        assertThat(text.out()).contains("caf").contains(launcher ? "caf\uFFFDE9.mp4" : "caf");
        if (launcher) {
            // a rescan finds both unchanged: the text form is stable
            JsonNode again = child(true, "scan", media.toString(), "--json", "--home", home.toString()).json();
            assertThat(again.get("unchanged").asInt()).isEqualTo(2);
            assertThat(again.get("missing").asInt()).isZero();
        }
    }

    /** The CLI in a child JVM whose environment holds only PATH: no LANG, no LC_*. */
    private Child child(boolean launcher, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> javaCommand = new ArrayList<>(List.of(java));
        javaCommand.addAll(CliRunner.CHILD_JVM_OPTIONS);
        List<String> tail = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        tail.addAll(List.of(args));
        List<String> command;
        if (launcher) {
            // what ./dam does before `exec java`: source env.sh, then jvm_flags
            String script = "set -euo pipefail; source \"$1\"; JAVA_MAJOR=" + Runtime.version().feature()
                    + "; jvm_flags; shift; exec \"$1\" \"${JVM_FLAGS[@]}\" \"${@:2}\"";
            command = new ArrayList<>(List.of("bash", "-c", script, "bash", ENV_SH.toString()));
            command.addAll(javaCommand);
        } else {
            command = new ArrayList<>(javaCommand);
        }
        command.addAll(tail);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        // as in every test JVM: the semantic analyses (no part of what names decode to) are not queued by a scan
        pb.environment().put("DAM_SEMANTIC_AUTO", "false");
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the child finished").isTrue();
        return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
    }
}
