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
class QuietCliTest {

    @TempDir static Path tmp;
    static Path home;
    static Path media;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void library() {
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
        assertThat(r.err()).contains("INFO").contains("search index rebuilt");
        assertThat(Files.readString(other.resolve("logs").resolve(CliLogging.FILE_NAME))).contains("search index rebuilt");
    }

    @Test
    void busyPortIsOneLineWithoutAStackTrace() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = dam(List.of("serve", "--no-scan", "--no-jobs", "--port", Integer.toString(held.getLocalPort())),
                    "--home", home.toString());
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err().lines()).singleElement().asString()
                    .startsWith("dam: cannot listen on 127.0.0.1:" + held.getLocalPort() + ": the address is already in use");
            assertThat(r.out()).isEmpty();
        }
    }

    /** The launcher's own JVM selection and flags (scripts/env.sh), on the classpath of this build. */
    private static Run dam(List<String> command, String... more) throws IOException, InterruptedException {
        String script = "set -euo pipefail; source '" + LauncherScriptTest.ENV_SH + "'; find_java; jvm_flags; "
                + "exec \"$JAVA\" \"${JVM_FLAGS[@]}\" -Ddam.tty=false -cp \"$DAM_TEST_CP\" " + Main.class.getName() + " \"$@\"";
        List<String> args = new ArrayList<>(List.of("bash", "-c", script, "dam"));
        args.addAll(command);
        args.addAll(List.of(more));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("DAM_TEST_CP", System.getProperty("java.class.path"));
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
