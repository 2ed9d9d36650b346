package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

/**
 * Commands run the way the launcher runs them (its JVM flags, a process of their own): stdout is
 * what was asked, stderr stays empty, log lines land in {@code <home>/logs/dam.log}.
 */
// Every command runs in a JVM of its own, so the logging each sets up is its own: side by side with other classes.
class QuietCliTest {

    @TempDir static Path tmp;
    static Path home;
    static Path media;
    /** The java and JVM flags the launcher picks, asked for once (finding them starts every JDK here). */
    static List<String> launcher;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void library() throws Exception {
        String script = "set -euo pipefail; source '" + LauncherScriptTest.ENV_SH + "'; find_java; jvm_flags; "
                + "printf '%s\\n' \"$JAVA\" \"${JVM_FLAGS[@]}\"";
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(printed).isZero();
        launcher = printed.lines().toList();
        home = tmp.resolve("home");
        media = tmp.resolve("footage");
        TestMedia.copy(TestMedia.h264Mp4(), media, "intro.mp4");
        CliRunner.age(media);
    }

    @Test
    void ordinaryCommandsPrintNothingOnStderrAndLogToTheFile() throws Exception {
        for (List<String> command : List.of(List.of("scan", media.toString()), List.of("list"), List.of("search", "intro"),
                List.of("search", "x"), List.of("stats"), List.of("reindex"))) {
            Run r = dam(command, "--home", home.toString());
            assertThat(r.code()).as("%s: %s", command, r.err()).isZero();
            assertThat(r.err()).as("stderr of %s", command).isEmpty();
            assertThat(r.out()).as("stdout of %s", command).isNotBlank();
        }
        String log = Files.readString(home.resolve("logs").resolve(CliLogging.FILE_NAME));
        assertThat(log).contains("search index rebuilt")          // an INFO line of ours
                .contains("vector");                              // Lucene's java.util.logging note
    }

    @Test
    void verboseBeforeTheCommandAlsoPrintsTheLogLines() throws Exception {
        Path other = tmp.resolve("verbose-home");
        Run r = dam(List.of("--verbose", "reindex"), "--home", other.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("INFO").contains("search index rebuilt")
                .doesNotContain("vector");                        // Lucene's note stays in the file
        assertThat(Files.readString(other.resolve("logs").resolve(CliLogging.FILE_NAME))).contains("search index rebuilt")
                .contains("vector incubator module");
    }

    @Test
    void busyPortIsOneLineWithoutAStackTrace() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = dam(List.of("serve", "--no-scan", "--no-jobs", "--port", Integer.toString(held.getLocalPort())),
                    "--home", home.toString());
            assertThat(r.code()).as("unavailable").isEqualTo(8);
            assertThat(r.err().lines()).singleElement().asString()
                    .startsWith("dam: cannot listen on 127.0.0.1:" + held.getLocalPort() + ": the address is already in use");
            assertThat(r.out()).isEmpty();
        }
    }

    /** As the launcher runs the jar (its java and flags), on the classpath of this build. */
    private static Run dam(List<String> command, String... more) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(launcher);
        args.addAll(CliRunner.CHILD_JVM_OPTIONS);
        args.addAll(List.of("-Ddam.tty=false", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        args.addAll(command);
        args.addAll(List.of(more));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("DAM_HOME");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("dam " + command + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
