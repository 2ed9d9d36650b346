package org.thatdam.media.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.derive.PosterMaker;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.libav.FrameRequest;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.media.worker.WorkerOptions.Fault;

/**
 * Real worker JVMs on real media: the round trip, the test hooks' native crash and hang on one file among
 * others, cancel, the memory ceiling, the idle stop, and that nothing is left running or lying around.
 */
class MediaWorkersTest {

    private static final Duration T = Duration.ofSeconds(60);

    @TempDir Path tmp;

    @Test
    void pingsAWorkerThatStartsOnDemandAndStopsWithThePool() {
        MediaWorkers pool = new MediaWorkers(WorkerOptions.of(2));
        assertThat(pool.stats().live()).isZero();
        pool.ping(T);
        pool.ping(T);
        WorkerStats s = pool.stats();
        assertThat(s.started()).isEqualTo(1); // the second ping reused the idle worker
        assertThat(s.requests()).isEqualTo(2);
        assertThat(s.live()).isEqualTo(1);
        assertThat(s.peakRssBytes()).isPositive();
        List<ProcessHandle> workers = workersOf(pool);
        assertThat(workers).hasSize(1);
        pool.close();
        awaitGone(workers);
        assertThatThrownBy(() -> pool.ping(T)).isInstanceOf(ToolRunner.CancelledException.class);
    }

    @Test
    void aNativeCrashOnOneFileFailsThatFileOnlyAndLeavesNothingBehind() throws IOException {
        List<Path> files = abc();
        MediaWorkers pool = new MediaWorkers(WorkerOptions.of(1).withFaults(Map.of("b.mp4", Fault.ABORT)));
        Path folder;
        List<ProcessHandle> all;
        try {
            assertThat(pool.probe(files.get(0), T)).contains("\"streams\"");
            folder = pool.command().folder();
            all = workersOf(pool);
            assertThatThrownBy(() -> pool.probe(files.get(1), T)).isExactlyInstanceOf(MediaException.class)
                    .hasMessage("the media decoder crashed on this file (SIGSEGV: a bad memory access); the file could not be read");
            assertThat(pool.probe(files.get(2), T)).contains("\"streams\"");
            all = Stream.concat(all.stream(), workersOf(pool).stream()).toList();
            WorkerStats s = pool.stats();
            assertThat(s.started()).as("the crashed worker was replaced").isEqualTo(2);
            assertThat(s.crashed()).isEqualTo(1);
            assertThat(s.requests()).isEqualTo(3);
            try (Stream<Path> left = Files.list(folder)) {
                assertThat(left.toList()).as("the crash report was read and deleted").isEmpty();
            }
        } finally {
            pool.close();
        }
        awaitGone(all);
        assertThat(folder).doesNotExist();
        assertThat(crashReportsIn(Path.of(System.getProperty("user.dir")))).isEmpty();
        assertThat(crashReportsIn(Path.of(System.getProperty("java.io.tmpdir")))).isEmpty();
    }

    @Test
    void aHangIsStoppedAtTheTimeLimitAndTheOthersGoOn() {
        List<Path> files = abc();
        try (MediaWorkers pool = new MediaWorkers(WorkerOptions.of(1).withFaults(Map.of("b.mp4", Fault.HANG)))) {
            assertThat(pool.probe(files.get(0), T)).contains("\"streams\"");
            assertThatThrownBy(() -> pool.probe(files.get(1), Duration.ofSeconds(2))).isExactlyInstanceOf(MediaException.class)
                    .hasMessage("the media decoder did not finish within 2 s on this file and was stopped");
            assertThat(pool.probe(files.get(2), T)).contains("\"streams\"");
            WorkerStats s = pool.stats();
            assertThat(s.timedOut()).isEqualTo(1);
            assertThat(s.started()).isEqualTo(2);
            assertThat(s.crashed()).isZero();
        }
    }

    @Test
    void aCancelMidRequestKillsTheWorkerAndTheNextRequestGetsANewOne() {
        Path b = TestMedia.copy(TestMedia.h264Mp4(), tmp, "b.mp4");
        try (MediaWorkers pool = new MediaWorkers(WorkerOptions.of(1).withFaults(Map.of("b.mp4", Fault.HANG)))) {
            pool.ping(T);
            List<ProcessHandle> first = workersOf(pool);
            AtomicInteger polls = new AtomicInteger();
            FrameRequest r = new FrameRequest(List.of(0.5), null, 160, 120, FrameRequest.PixelFormat.GRAY,
                    FrameRequest.Scaler.AREA, false, false, true, false);
            assertThatThrownBy(() -> pool.frames(b, r, f -> true, () -> polls.incrementAndGet() > 3, T))
                    .isInstanceOf(ToolRunner.CancelledException.class).hasMessage("the media decoder was cancelled");
            awaitGone(first);
            pool.ping(T);
            assertThat(pool.stats().started()).isEqualTo(2);
        }
    }

    @Test
    void aWorkerOverItsMemoryCeilingIsStopped() {
        Path b = TestMedia.copy(TestMedia.h264Mp4(), tmp, "b.mp4");
        var options = WorkerOptions.of(1).withFaults(Map.of("b.mp4", Fault.HANG)).withMaxMemoryBytes(16L << 20);
        try (MediaWorkers pool = new MediaWorkers(options)) {
            assertThatThrownBy(() -> pool.probe(b, T)).isInstanceOf(ToolRunner.MemoryLimitException.class)
                    .hasMessage("the media decoder used more than 16 MiB of memory and was stopped");
            assertThat(pool.stats().live()).isZero();
        }
    }

    @Test
    void anIdleWorkerStops() {
        try (MediaWorkers pool = new MediaWorkers(WorkerOptions.of(1).withIdleStop(Duration.ofMillis(300)))) {
            pool.ping(T);
            List<ProcessHandle> workers = workersOf(pool);
            assertThat(workers).hasSize(1);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> pool.stats().live() == 0);
            awaitGone(workers);
            pool.ping(T); // and a new one starts when asked
            assertThat(pool.stats().started()).isEqualTo(2);
        }
    }

    @Test
    void aFileThatIsNotMediaFailsAsInProcessAndTheWorkerStays() throws IOException {
        Path fake = Files.writeString(tmp.resolve("clip.mp4"), "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n");
        try (MediaWorkers pool = new MediaWorkers(WorkerOptions.of(1))) {
            assertThatThrownBy(() -> pool.probe(fake, T)).isExactlyInstanceOf(MediaInput.NotMediaException.class)
                    .hasMessageContaining("HLS playlist");
            pool.ping(T);
            assertThat(pool.stats().started()).isEqualTo(1);
        }
    }

    @Test
    void aWorkerEndsByItselfWhenItsStdinEnds() throws Exception {
        // What keeps a worker from outliving us where no parent-death signal is to be had.
        WorkerCommand command = new WorkerCommand(Map.of(), List.of());
        Worker w = Worker.start(command.processBuilder(), WorkerOptions.DEFAULT_MAX_MEMORY);
        try {
            w.send(WorkerProtocol.Message.of(WorkerProtocol.PING));
            assertThat(w.receive(System.nanoTime() + T.toNanos(), null).type()).isEqualTo(WorkerProtocol.PONG);
            w.process.getOutputStream().close();
            assertThat(w.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(w.process.exitValue()).as("it ended, not killed").isZero();
        } finally {
            w.kill();
            command.deleteFolder();
        }
    }

    @Test
    void theCrashReportFolderOfAKilledPoolIsTidiedByTheNext() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path left = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "dam-media-workers-" + gone.pid() + "-1"));
        Files.writeString(left.resolve("hs_err_pid" + gone.pid() + ".log"), "#  SIGSEGV (0xb)\n");
        try (MediaWorkers pool = new MediaWorkers(WorkerOptions.of(1))) {
            pool.ping(T);
            assertThat(left).doesNotExist();
            assertThat(pool.command().folder()).exists();
        }
    }

    @Test
    void aPoolThatWarmsUpLetsChildProcessesDoTheFirstRequestsAndNeverWaitsForAStart() {
        try (MediaWorkers pool = new MediaWorkers(WorkerOptions.of(1).withWarmAfter(3))) {
            assertThat(MediaWorkers.orProcesses(pool, () -> "worker", () -> "process")).isEqualTo("process");
            assertThat(MediaWorkers.orProcesses(pool, () -> "worker", () -> "process")).isEqualTo("process");
            assertThat(pool.stats().started()).as("a few requests start no worker").isZero();
            // the third starts one in the background and is not kept waiting for it
            assertThat(MediaWorkers.orProcesses(pool, () -> "worker", () -> "process")).isEqualTo("process");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> MediaWorkers.orProcesses(pool, () -> "worker", () -> "process").equals("worker"));
            assertThat(pool.stats().started()).isEqualTo(1);
        }
    }

    @Test
    void aWorkerThatCannotStartIsSaidSoNotBlamedOnTheFile() {
        Path a = TestMedia.copy(TestMedia.h264Mp4(), tmp, "a.mp4");
        try (MediaWorkers pool = new MediaWorkers(WorkerOptions.of(1), List.of("-XX:+NoSuchOption"))) {
            assertThatThrownBy(() -> pool.probe(a, T)).isExactlyInstanceOf(MediaWorkers.UnavailableException.class)
                    .hasMessageStartingWith("cannot start a media worker: ").hasMessageContaining("NoSuchOption");
            assertThat(pool.stats().crashed()).isZero();
            assertThat(pool.stats().live()).isZero();
            // the prober and the makers fall back to child processes then: the work is still done
            var info = new MediaProber(FfmpegTools.bundled(), T, pool).probe(a);
            assertThat(info.videoCodec()).isEqualTo("h264");
            new PosterMaker(FfmpegTools.bundled(), T, pool).make(a, info, tmp.resolve("s.jpg"), tmp.resolve("l.jpg"), () -> false);
            assertThat(tmp.resolve("s.jpg")).isNotEmptyFile();
            assertThat(tmp.resolve("l.jpg")).isNotEmptyFile();
        }
    }

    private List<Path> abc() {
        return List.of(TestMedia.copy(TestMedia.h264Mp4(), tmp, "a.mp4"), TestMedia.copy(TestMedia.mp3(), tmp, "b.mp4"),
                TestMedia.copy(TestMedia.shortClip(), tmp, "c.mp4"));
    }

    /** The pool's worker processes: their command line names the pool's own crash-report folder. */
    static List<ProcessHandle> workersOf(MediaWorkers pool) {
        String marker = pool.command().folder().toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().orElse("").contains(marker)).toList();
    }

    static void awaitGone(List<ProcessHandle> processes) {
        await("no worker left: " + processes).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
    }

    private static List<Path> crashReportsIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("hs_err_pid")).toList();
        }
    }
}
