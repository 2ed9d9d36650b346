package org.thatdam.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a peer tool (exiftool, mediainfo, ffmpegthumbnailer) from an argument list, never a shell
 * string. Stdout is read to the end (a peer's answer is consumed, as ours is parsed); stderr is
 * dropped, the exit code says whether it worked.
 */
final class Cmd {

    private Cmd() {}

    record Result(int exitCode, byte[] stdout) {
        boolean ok() {
            return exitCode == 0;
        }

        String text() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    static Result run(List<String> args, Duration timeout) {
        return run(args, Path.of("/dev/null"), timeout);
    }

    /** Like {@link #run}, with the tool's standard input read from {@code input}. */
    static Result run(List<String> args, Path input, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(input.toFile()));
        try {
            Process p = pb.start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(args.get(0) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + args.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + args.get(0), e);
        }
    }

    /** Like {@link #run} but fails with the tool's name and exit code when it did not succeed. */
    static Result check(List<String> args, Duration timeout) {
        return check(args, Path.of("/dev/null"), timeout);
    }

    /** Like {@link #check}, with the tool's standard input read from {@code input}. */
    static Result check(List<String> args, Path input, Duration timeout) {
        Result r = run(args, input, timeout);
        if (!r.ok()) throw new IllegalStateException(args.get(0) + " failed (exit " + r.exitCode() + ") on " + args.get(args.size() - 1));
        return r;
    }
}
