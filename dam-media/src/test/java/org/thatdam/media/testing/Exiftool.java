package org.thatdam.media.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's exiftool (installed by the test command) to write XMP the way other tools do, and to read ours. */
public final class Exiftool {

    private Exiftool() {}

    /** exiftool with {@code args}; its output, or a failure naming its exit code and output. */
    public static String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("exiftool", "-q", "-q"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("exiftool did not finish: " + cmd);
            }
            if (p.exitValue() != 0) throw new AssertionError("exiftool " + cmd + " exited " + p.exitValue() + ": " + out);
            return out;
        } catch (IOException e) {
            throw new AssertionError("exiftool is needed (Debian: apt-get install libimage-exiftool-perl): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
