package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run the launcher makes its class-data archive from: it goes through the everyday
 * commands for real (so their classes are the ones archived), prints nothing, and leaves nothing behind.
 */
class StartupTrainingTest {

    @TempDir Path tmp;

    @Test
    void runsTheEverydayCommandsQuietlyAndCleansUp() throws Exception {
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        Path classes = tmp.resolve("classes.txt");
        Path out = tmp.resolve("out.txt");
        List<String> args = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + scratch, "-Xlog:class+load:file=" + classes,
                CliRunner.CHILD_JVM_OPTIONS.getFirst(), "-cp", System.getProperty("java.class.path"), StartupTraining.class.getName()));
        // as the launcher runs it (scripts/env.sh jvm_flags): xxHash's use of Unsafe is allowed, not warned about
        if (Runtime.version().feature() >= 23) args.add(1, "--sun-misc-unsafe-memory-access=allow");
        Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("training finished").isTrue();

        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEmpty();
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.startsWith("dam-startup-"));
        }
        // what list, show and search load was loaded: the scan found the tone, the index was opened and searched
        assertThat(Files.readString(classes)).contains(
                "org.thatdam.cli.ListCommand ", "org.thatdam.cli.ShowCommand ", "org.thatdam.cli.SearchCommand ",
                "org.thatdam.server.api.AssetDetailsView ", "org.thatdam.server.api.SearchPage ",
                "org.apache.lucene.index.DirectoryReader ", "org.apache.lucene.search.IndexSearcher ");
    }

    @Test
    void theToneIsAWaveFileOfHalfASecond() {
        byte[] wav = StartupTraining.toneWav();
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(wav, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
        assertThat(wav).hasSize(44 + 8000);
    }
}
