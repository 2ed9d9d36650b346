package org.thatdam.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Children die with their parent, under either guard: a separate JVM starts a real ffmpeg that
 * would run for minutes, is killed with SIGKILL, and the process table must lose the ffmpeg.
 */
class ChildProcessTest {

    @TempDir Path tmp;

    /** Started in its own JVM: starts an endless ffmpeg under the named guard, prints its pid, and waits. */
    public static void main(String[] args) throws Exception {
        Tool ffmpeg = FfmpegTools.bundled().ffmpeg();
        ProcessBuilder pb = new ProcessBuilder(ffmpeg.executable().toString(), "-hide_banner", "-nostdin",
                "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "null", args[1])
                .redirectInput(new java.io.File("/dev/null")) // the watchdog keeps its pipe anyway
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(ffmpeg.environment());
        Process p = ChildProcess.start(pb, ChildProcess.Guard.valueOf(args[0]));
        System.out.println(p.pid());
        System.out.flush();
        p.waitFor(); // until killed
    }

    @ParameterizedTest
    @EnumSource(ChildProcess.Guard.class)
    void aKilledParentTakesItsFfmpegAlong(ChildProcess.Guard guard) throws Exception {
        if (guard == ChildProcess.Guard.PDEATHSIG) {
            org.junit.jupiter.api.Assumptions.assumeTrue(ChildProcess.guard() == guard, "no setpriv here");
        }
        String marker = tmp.resolve("marker-" + guard).toString(); // unique: the null muxer never writes it
        Process parent = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), ChildProcessTest.class.getName(), guard.name(), marker)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long childPid;
        try (var out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            childPid = Long.parseLong(out.readLine().strip());
        }
        awaitUntil("ffmpeg runs", Duration.ofSeconds(30), () -> !withMarker(marker).isEmpty());
        assertThat(ProcessHandle.of(childPid)).isPresent();

        parent.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
        assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

        awaitUntil("no process with " + marker + " is left: " + withMarker(marker), Duration.ofSeconds(5),
                () -> withMarker(marker).isEmpty());
    }

    @Test
    void theChildOutlivesTheThreadThatAskedForIt() throws Exception {
        // The parent-death signal follows the forking thread: a short-lived caller must not take the child along.
        AtomicReference<Process> started = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                started.set(ChildProcess.start(new ProcessBuilder("sleep", "30")));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        caller.join();
        Process p = started.get();
        try {
            assertThat(p.waitFor(1, TimeUnit.SECONDS)).as("still running after its caller ended").isFalse();
        } finally {
            ToolRunner.killTree(p);
        }
    }

    @ParameterizedTest
    @EnumSource(ChildProcess.Guard.class)
    void exitCodesOutputAndStartErrorsAreTheTools(ChildProcess.Guard guard) throws Exception {
        if (guard == ChildProcess.Guard.PDEATHSIG) {
            org.junit.jupiter.api.Assumptions.assumeTrue(ChildProcess.guard() == guard, "no setpriv here");
        }
        Path script = tmp.resolve("tool.sh");
        Files.writeString(script, "#!/bin/sh\necho \"out:$1\"\necho err >&2\nexit 3\n");
        script.toFile().setExecutable(true);
        Process p = ChildProcess.start(new ProcessBuilder(script.toString(), "a b; $(x)").directory(tmp.toFile()), guard);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(out).isEqualTo("out:a b; $(x)\n"); // arguments are never shell text
        assertThat(err).isEqualTo("err\n");

        assertThatThrownBy(() -> ChildProcess.start(new ProcessBuilder(tmp.resolve("missing").toString()), guard))
                .isInstanceOf(IOException.class);
    }

    @Test
    void toolRunnerRunsUnderTheGuard() {
        ProcessResult r = ToolRunner.run(FfmpegTools.bundled().ffmpeg(), List.of("-hide_banner", "-version"),
                Duration.ofSeconds(30));
        assertThat(r.ok()).isTrue();
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).startsWith("ffmpeg version");
    }

    private static List<ProcessHandle> withMarker(String marker) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().orElse("").contains(marker)).toList();
    }

    private static void awaitUntil(String what, Duration limit, java.util.function.BooleanSupplier condition) {
        await(what).atMost(limit).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }
}
