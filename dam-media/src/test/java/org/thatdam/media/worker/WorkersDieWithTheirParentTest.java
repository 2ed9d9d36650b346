package org.thatdam.media.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** kill -9 of a JVM with a pool of workers takes the workers along: none is left under PID 1. */
class WorkersDieWithTheirParentTest {

    /** Started in its own JVM: starts two workers, prints their pids, and waits to be killed. */
    public static void main(String[] args) throws Exception {
        MediaWorkers pool = new MediaWorkers(WorkerOptions.of(2));
        Thread busy = Thread.ofPlatform().start(() -> pool.ping(Duration.ofMinutes(1)));
        pool.ping(Duration.ofMinutes(1));
        busy.join();
        for (ProcessHandle w : MediaWorkersTest.workersOf(pool)) {
            System.out.println(w.pid());
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // until killed
    }

    @Test
    void aKilledParentTakesItsWorkersAlong() throws Exception {
        Process parent = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                WorkersDieWithTheirParentTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<ProcessHandle> workers = new java.util.ArrayList<>();
        try (var out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(workers::add);
            }
            assertThat(workers).as("the parent's workers").isNotEmpty().allMatch(ProcessHandle::isAlive)
                    .allSatisfy(w -> assertThat(w.parent().map(ProcessHandle::pid)).contains(parent.pid()));
        } finally {
            parent.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        try {
            await("no worker left").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> workers.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            workers.forEach(ProcessHandle::destroyForcibly); // never leave one running for the next test
        }
    }
}
