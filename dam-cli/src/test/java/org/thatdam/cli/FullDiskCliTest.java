package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.SmallDisk;
import org.thatdam.media.testing.TestMedia;

/** `dam` in its own process with its home on a real tmpfs that is full: one line and exit 1, never a loop. */
class FullDiskCliTest {

    @TempDir Path tmp;

    record Run(int code, List<String> out, List<String> err) {}

    @Test
    void aFullHomeStopsScanAndJobsWithOneLine() throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.mkv(), media, "a.mkv");
        TestMedia.copy(TestMedia.webm(), media, "b.webm");
        CliRunner.age(media);
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 32)) {
            Path home = disk.dir().resolve("home");
            Run scanned = dam(home, "scan", media.toString());
            assertThat(scanned.code()).as(scanned.err().toString()).isZero();

            // Too little room for posters, sprites and proxies: the queue stops with one line.
            Path filler = disk.fill("filler", 64 * 1024);
            Run waited = dam(home, "jobs", "wait");
            assertOneDiskFullLine(waited, home);

            // Nothing at all left: a scan stops at once the same way.
            Path more = disk.fill("filler-2", 0);
            TestMedia.copy(TestMedia.h264Mp4(), media, "c.mp4");
            CliRunner.age(media);
            Run scanWait = dam(home, "scan", media.toString(), "--wait");
            assertOneDiskFullLine(scanWait, home);
            assertThat(disk.tempFiles()).as("no temporary file left behind").isEmpty();

            // Space returns: the same jobs run to the end, no attempt was spent on the full disk.
            Files.delete(more);
            Files.delete(filler);
            Run resumed = dam(home, "scan", media.toString(), "--wait");
            assertThat(resumed.code()).as(resumed.err().toString()).isZero();
            Run failed = dam(home, "jobs", "list", "--state", "failed", "--json");
            assertThat(String.join("", failed.out()).replaceAll("\\s", "")).contains("\"failed\":0").endsWith("\"items\":[]}");
        }
    }

    private static void assertOneDiskFullLine(Run r, Path home) {
        List<String> ours = r.err().stream().filter(l -> !l.startsWith("WARNING: ")).toList();
        assertThat(r.code()).as(r.err().toString()).isEqualTo(9);
        assertThat(ours).as("one line on stderr, no stack trace").singleElement().asString()
                .startsWith("dam: the disk holding " + home + " is full (");
    }

    private Run dam(Path home, String... command) throws IOException, InterruptedException {
        List<String> args = CliRunner.childJava(Main.class, command);
        args.addAll(1, List.of("--enable-native-access=ALL-UNNAMED", "-Ddam.tty=false"));
        args.addAll(List.of("--home", home.toString()));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("DAM_HOME");
        pb.environment().put("DAM_STORAGE_MIN_FREE_MB", "0");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("dam " + String.join(" ", command) + " did not exit; stderr: "
                    + Files.readString(err, StandardCharsets.UTF_8).lines().limit(20).toList());
        }
        return new Run(p.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
    }
}
