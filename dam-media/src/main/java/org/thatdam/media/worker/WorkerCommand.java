package org.thatdam.media.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line of a worker JVM, and what a crashed one left behind. A worker is this JVM's
 * {@code java} with this class path and the JavaCPP settings, a small heap and a quick start; the VM's
 * crash report goes to a folder of this pool's own (read to say what crashed, then deleted), never a core dump.
 */
final class WorkerCommand {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);
    /** System properties a worker must share with us: the same native libraries, the same cache, the same temp folder. */
    private static final List<String> PASSED_PREFIXES = List.of("org.bytedeco.", "java.io.tmpdir", "java.library.path");
    private static final String FOLDER_PREFIX = "dam-media-workers-";
    private static final Pattern FOLDER = Pattern.compile(Pattern.quote(FOLDER_PREFIX) + "(\\d+)-\\d+");
    private static final Pattern REPORT = Pattern.compile("(hs_err|replay)_pid\\d+\\.log");
    private static final Pattern SIGNAL = Pattern.compile("#\\s+(SIG[A-Z]+)");
    private static final Pattern PROBLEM = Pattern.compile("^#\\s+[CJVjv]\\s+\\[?(.+)$");

    private final Map<String, WorkerOptions.Fault> faults;
    /** Tests only: more JVM options (a worker that cannot start). */
    private final List<String> extraJvmOptions;
    private Path folder;

    WorkerCommand(Map<String, WorkerOptions.Fault> faults, List<String> extraJvmOptions) {
        this.faults = faults;
        this.extraJvmOptions = List.copyOf(extraJvmOptions);
    }

    synchronized ProcessBuilder processBuilder() throws IOException {
        if (folder == null) {
            folder = Files.createTempDirectory(FOLDER_PREFIX + ProcessHandle.current().pid() + "-");
            deleteLeftFolders(folder.getParent());
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A small heap (a 4K RGB frame is 25 MB); decoders run on the request thread's stack; C1 only: about a
        // third less CPU to a first answer, no measurable loss per request; the VM's own reports never on stdout,
        // and a crash report that stalls (walking a broken native stack can) cut short before CRASH_EXIT.
        cmd.addAll(List.of("-Xmx256m", "-Xss2m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:-CreateCoredumpOnCrash", "-XX:+DisplayVMOutputToStderr", "-XX:-UsePerfData",
                "-XX:ErrorLogTimeout=" + (MediaWorkers.CRASH_EXIT.toSeconds() / 2),
                "-XX:ErrorFile=" + folder.resolve("hs_err_pid%p.log"),
                "-XX:ReplayDataFile=" + folder.resolve("replay_pid%p.log"),
                "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) cmd.add("--sun-misc-unsafe-memory-access=allow");
        System.getProperties().stringPropertyNames().stream().sorted()
                .filter(k -> PASSED_PREFIXES.stream().anyMatch(k::startsWith))
                .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.addAll(extraJvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerMain.class.getName()));
        if (!faults.isEmpty()) cmd.add(WorkerProtocol.JSON.writeValueAsString(faults));
        return new ProcessBuilder(cmd).directory(folder.toFile());
    }

    /**
     * Whether {@code w} ended by a SIGKILL that did not come from us and left no crash report: the
     * system's OOM killer or a person, not the file it was reading.
     */
    boolean killedFromOutside(Worker w, Duration wait) {
        try {
            if (!w.process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return w.process.exitValue() == 128 + 9 && folder(w.pid(), "hs_err_pid") == null;
    }

    /**
     * Why a worker died, in words for the user ("SIGSEGV: a bad memory access"): from the VM's crash
     * report when it wrote one (logged, then deleted), else from its exit status.
     */
    String crashCause(Worker w, Duration wait, String what) {
        try {
            w.process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS); // the report is written before it exits
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path report = folder(w.pid(), "hs_err_pid");
        String signal = null;
        if (report != null) {
            List<String> head = head(report, 40);
            String problem = null;
            for (String line : head) {
                Matcher m = SIGNAL.matcher(line);
                if (signal == null && m.find()) signal = m.group(1);
                Matcher p = PROBLEM.matcher(line);
                if (problem == null && p.find()) problem = p.group(1).strip();
            }
            LOG.warn("media worker {} crashed on {}: {} in {}", w.pid(), what, signal == null ? "a fatal error" : signal,
                    problem == null ? "unknown code" : problem);
            delete(report);
        }
        Path replay = folder(w.pid(), "replay_pid");
        if (replay != null) delete(replay);
        if (signal != null) return inWords(signal);
        if (w.process.isAlive()) return "it stopped answering";
        int exit = w.process.exitValue();
        LOG.warn("media worker {} ended with status {} on {}: {}", w.pid(), exit, what, w.stderrTail());
        return exit > 128 ? inWords("signal " + (exit - 128)) : "it exited with status " + exit;
    }

    /** A signal's name with what it means. */
    static String inWords(String signal) {
        return switch (signal) {
            case "SIGSEGV", "signal 11" -> "SIGSEGV: a bad memory access";
            case "SIGBUS", "signal 7" -> "SIGBUS: a bad memory access";
            case "SIGILL", "signal 4" -> "SIGILL: an illegal instruction";
            case "SIGFPE", "signal 8" -> "SIGFPE: an arithmetic error";
            case "SIGABRT", "signal 6" -> "SIGABRT: it aborted";
            case "signal 9" -> "SIGKILL: it was killed, perhaps for lack of memory";
            default -> signal;
        };
    }

    /** The folders of pools whose process is gone (killed before it could clean up): named by its pid. */
    private static void deleteLeftFolders(Path tmp) {
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path d : dirs.toList()) {
                Matcher m = FOLDER.matcher(d.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty() && Files.isDirectory(d)) {
                    deleteFolder(d);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot tidy {}: {}", tmp, e.getMessage());
        }
    }

    /** A crash-report folder and the reports in it (only those: anything else keeps it). */
    private static void deleteFolder(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> REPORT.matcher(f.getFileName().toString()).matches()).forEach(WorkerCommand::delete);
        } catch (IOException ignored) {
            // gone already
        }
        delete(dir);
    }

    /** Deletes the crash reports folder (with whatever a worker left in it). */
    synchronized void deleteFolder() {
        if (folder == null) return;
        deleteFolder(folder);
        folder = null;
    }

    synchronized Path folder() {
        return folder;
    }

    private synchronized Path folder(long pid, String prefix) {
        if (folder == null) return null;
        Path p = folder.resolve(prefix + pid + ".log");
        return Files.exists(p) ? p : null;
    }

    private static List<String> head(Path file, int lines) {
        try (Stream<String> s = Files.lines(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return s.limit(lines).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", p, e.getMessage());
        }
    }
}
