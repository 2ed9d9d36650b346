package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

/**
 * {@code dam tui} in a real pseudo-terminal: tmux (on a socket of the test's own, never the user's
 * server) runs it beside a real {@code dam serve} on the same library. A search typed with send-keys
 * shows its result on the screen tmux keeps; SIGINT to the dam process leaves the pane out of the
 * alternate screen with the line discipline back as it was (canonical input, echo).
 */
class TuiTmuxTest {

    /** A JVM starting beside the build on two cores. */
    private static final Duration START = Duration.ofMinutes(2);

    @TempDir
    Path tmp;

    @Test
    void searchesInARealTerminalAndRestoresItOnSigint() throws Exception {
        Assumptions.assumeTrue(onPath("tmux"), "tmux is not installed (scripts/env.sh ensure_tmux installs it)");
        Path media = Files.createDirectories(tmp.resolve("media"));
        TestMedia.copy(TestMedia.h264Mp4(), media.resolve("trip"), "clip.mp4");
        TestMedia.copy(TestMedia.wav(), media.resolve("audio"), "tone.wav");
        CliRunner.age(media);
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("dam.toml"), "[semantic]\nauto = false\n");
        assertThat(new CliRunner(home).run("scan", media.toString()).code()).isZero();

        try (CaptureServer server = CaptureServer.start(home, "", Map.of())) {
            Tmux tmux = new Tmux("dam-tui-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            try {
                tmux.run("-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", "-s", "tui", launcher(home).toString());
                String dashboard = tmux.awaitScreen("the dashboard", s -> s.contains("1 Dashboard") && s.contains("2 assets"));
                System.out.println("---- dam tui, the dashboard (100x30)\n" + dashboard);
                assertThat(dashboard).as("it follows the server running on the home").contains("server http://127.0.0.1");

                tmux.run("send-keys", "-t", "tui", "/");
                tmux.run("send-keys", "-t", "tui", "-l", "tone");
                String search = tmux.awaitScreen("the search's result", s -> s.contains("1 match") && s.contains("tone"));
                System.out.println("---- dam tui, a search (100x30)\n" + search);
                assertThat(tmux.run("display-message", "-p", "-t", "tui", "#{alternate_on}").strip()).isEqualTo("1");

                ProcessHandle dam = tmux.paneProcess().children().findFirst().orElseThrow();
                assertThat(new ProcessBuilder("kill", "-INT", Long.toString(dam.pid())).start().waitFor()).isZero();
                String after = tmux.awaitScreen("stty -a after the dam process ended", s -> s.contains("dam exited") && s.contains("icanon"));
                assertThat(dam.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
                assertThat(tmux.run("display-message", "-p", "-t", "tui", "#{alternate_on}").strip())
                        .as("back out of the alternate screen").isEqualTo("0");
                assertThat(after).as("canonical input and echo are back").containsPattern("(?<![-\\w])icanon\\b")
                        .containsPattern("(?<![-\\w])echo\\b");
            } finally {
                tmux.run("kill-server");
            }
        }
    }

    @Test
    void refusesWithoutATerminal() {
        CliRunner.Result r = CliRunner.runRaw("tui", "--home", tmp.resolve("home").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("dam: dam tui needs a terminal: run it in an interactive terminal (or over ssh -t), "
                + "not with its input or output redirected\n");
        assertThat(tmp.resolve("home")).as("nothing was opened or made").doesNotExist();
    }

    /**
     * A script for the pane: {@code dam tui}, then what the terminal is left like, then a wait (so the pane
     * stays to be read). The class path is too long for a tmux command line.
     */
    private Path launcher(Path home) throws IOException {
        List<String> cmd = CliRunner.childJava(Main.class, "tui", "--home", home.toString());
        cmd.add(1, "--enable-native-access=ALL-UNNAMED");
        String script = "#!/bin/sh\nunset DAM_HOME\n" + cmd.stream().map(TuiTmuxTest::quote).collect(Collectors.joining(" "))
                + "\necho \"dam exited ($?)\"\nstty -a\nexec sleep 600\n";
        Path f = tmp.resolve("tui.sh");
        Files.writeString(f, script);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        return f;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    /** tmux on a socket of its own. */
    private record Tmux(String socket) {

        String run(String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tmux " + String.join(" ", args) + " did not end");
            }
            if (p.exitValue() != 0 && !args[0].equals("kill-server")) {
                throw new AssertionError("tmux " + String.join(" ", args) + ": exit " + p.exitValue() + ": " + out);
            }
            return out;
        }

        String screen() throws IOException, InterruptedException {
            return run("capture-pane", "-p", "-t", "tui");
        }

        /** The screen once {@code shown} accepts it; failing with the screen as it was last. */
        String awaitScreen(String what, java.util.function.Predicate<String> shown) {
            java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>("");
            await(what).atMost(START).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                last.set(screen());
                assertThat(shown.test(last.get())).as(what + "; the screen:\n" + last.get()).isTrue();
            });
            return last.get();
        }

        ProcessHandle paneProcess() throws IOException, InterruptedException {
            long pid = Long.parseLong(run("display-message", "-p", "-t", "tui", "#{pane_pid}").strip());
            return ProcessHandle.of(pid).orElseThrow();
        }
    }
}
