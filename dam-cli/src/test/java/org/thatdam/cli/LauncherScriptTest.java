package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher's checks (scripts/env.sh, sourced by ./dam and ./run-tests under
 * {@code set -euo pipefail}) give the same answer every time: a pipeline whose reader stops early
 * used to fail now and then, and the launcher then tried to install a library that was there.
 */
class LauncherScriptTest {

    static final Path ENV_SH = projectRoot().resolve("scripts/env.sh");
    /** apt-get is replaced by a function that only reports the attempt. */
    static final String NO_APT = "apt-get() { echo 'TRIED apt-get' \"$*\" >&2; return 97; }; ";

    record Run(int code, String output) {}

    @Test
    void nativeLibraryCheckNeverTriesToInstall() throws Exception {
        List<Run> runs = repeat(500, "ensure_native_libs; echo ok");
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.output()).doesNotContain("TRIED").doesNotContain("install");
            assertThat(r.code()).as(r.output()).isZero();
            assertThat(r.output().strip()).isEqualTo("ok");
        });
    }

    /** Each run starts every JDK on the machine: fewer runs, same question. */
    @Test
    void javaDetectionFindsAModernJdkEveryTime() throws Exception {
        List<Run> runs = repeat(10, "find_java; echo \"$JAVA_MAJOR $JAVA\"");
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.code()).as(r.output()).isZero();
            assertThat(Integer.parseInt(r.output().strip().split(" ")[0])).isGreaterThanOrEqualTo(21);
        });
        assertThat(runs.stream().map(Run::output).distinct()).hasSize(1);
    }

    private static List<Run> repeat(int times, String script) throws Exception {
        String command = "set -euo pipefail; source '" + ENV_SH + "'; " + NO_APT + script;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                futures.add(pool.submit(() -> bash(command)));
            }
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : futures) {
                runs.add(f.get(60, TimeUnit.SECONDS));
            }
            return runs;
        } finally {
            pool.shutdownNow();
        }
    }

    static Run bash(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }

    private static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/env.sh"))) return p;
        }
        throw new IllegalStateException("scripts/env.sh not found above " + Path.of("").toAbsolutePath());
    }
}
