package org.thatdam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.thatdam.core.json.Json;
import picocli.CommandLine;

/** Runs the real command line in-process with its own library home, capturing stdout and stderr. */
final class CliRunner {

    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
            }
        }
    }

    private final Path home;

    CliRunner(Path home) {
        this.home = home;
    }

    Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        // --home is a per-command option: put it after the (sub)command words.
        all.add("--home");
        all.add(home.toString());
        return runRaw(all.toArray(String[]::new));
    }

    /** Standard input is one per process: test classes running side by side take turns with it. */
    private static final Object STDIN = new Object();

    /** Runs with {@code stdin} as standard input (e.g. a password for --password-stdin). */
    Result runWithStdin(String stdin, String... args) {
        synchronized (STDIN) {
            return withStdin(stdin, args);
        }
    }

    private Result withStdin(String stdin, String... args) {
        java.io.InputStream before = System.in;
        System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            return run(args);
        } finally {
            System.setIn(before);
        }
    }

    /** The library this runner's commands use, opened in this process (close it). */
    org.thatdam.core.Dam open() {
        return org.thatdam.core.Dam.open(org.thatdam.core.config.ConfigLoader.load(java.util.Map.of(), null,
                java.util.Map.of(org.thatdam.core.config.ConfigKey.HOME, home.toString(),
                        org.thatdam.core.config.ConfigKey.SEMANTIC_AUTO, "false")));
    }

    static Result runRaw(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * JVM options of the short-lived {@code dam} processes the tests start: the client compiler only, as
     * the media workers run (a command ends long before the optimising compiler pays for itself). Nothing
     * a test checks depends on the compiler; it saves about a third of each start's CPU time.
     */
    static final List<String> CHILD_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    /** {@code java <child options> -cp <this class path> mainClass args…}: a command in a process of its own. */
    static List<String> childJava(Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        cmd.addAll(CHILD_JVM_OPTIONS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Files just copied look "still being written" to the scanner; make them an hour old. */
    static void age(Path dir) {
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code n} playable clips of distinct content (the test clip with two trailing bytes of its number after
     * it), {@code clipK.mp4} spread over {@code folders} folders {@code d0, d1, …} under {@code dir}, aged.
     */
    static void distinctClips(Path dir, int n, int folders) {
        try {
            byte[] clip = Files.readAllBytes(org.thatdam.media.testing.TestMedia.h264Mp4());
            for (int i = 0; i < n; i++) {
                byte[] b = java.util.Arrays.copyOf(clip, clip.length + 2);
                b[b.length - 2] = (byte) (i >> 8);
                b[b.length - 1] = (byte) i;
                Path folder = Files.createDirectories(dir.resolve("d" + (i % folders)));
                Files.write(folder.resolve("clip" + i + ".mp4"), b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        age(dir);
    }
}
