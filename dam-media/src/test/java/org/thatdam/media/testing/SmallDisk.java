package org.thatdam.media.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system (tmpfs of a few MiB) mounted for one test, to run out of space for real.
 * Needs the right to mount (root); where it is missing the test is skipped, not failed.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code mib} MiB on {@code dir} (created), or skips the calling test. */
    public static SmallDisk mount(Path dir, int mib) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + mib + "m", "tmpfs", dir.toString());
        assumeTrue(out == null, "cannot mount a tmpfs here: " + out);
        return new SmallDisk(dir);
    }

    public Path dir() {
        return dir;
    }

    public long usable() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Writes a filler file until at most {@code leaveBytes} stay free; returns it (delete it to free the space). */
    public Path fill(String name, long leaveBytes) throws IOException {
        Path filler = dir.resolve(name);
        byte[] block = new byte[4096];
        try (OutputStream o = Files.newOutputStream(filler)) {
            while (usable() > leaveBytes) {
                o.write(block, 0, (int) Math.min(block.length, Math.max(1, usable() - leaveBytes)));
                o.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) throw e;
        }
        return filler;
    }

    /** Whether any leftover temporary file of an atomic write is under the disk. */
    public java.util.List<Path> tempFiles() throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", dir.toString());
    }

    /** Runs a command (mount, umount…); null when it succeeded, else what it printed. */
    public static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        p.getOutputStream().close();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : printed.strip();
    }
}
