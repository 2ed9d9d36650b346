package org.thatdam.media.ffmpeg;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that starts child processes, so that every child dies with this process, however
 * it ends ({@code kill -9} included): a running ffmpeg must never be left behind under PID 1.
 *
 * <p>Two guards, the first the machine offers:
 * <ul>
 *   <li><b>Parent-death signal</b> (Linux): the command runs under util-linux
 *       {@code setpriv --pdeathsig KILL --}, which asks the kernel to send the child SIGKILL when its
 *       parent goes, then execs the command (same pid, same command line). The kernel sends it when
 *       the <em>thread</em> that forked the child ends, not the process; so the child is started
 *       from a platform thread of its own that waits for it and ends only when the child has ended
 *       (never a pooled or virtual thread's carrier, which may retire while the child runs).</li>
 *   <li><b>Watchdog pipe</b> (no {@code setpriv}): the command runs under a fixed {@code sh} script
 *       that starts it in the background and reads its own stdin, a pipe from us; end of file means
 *       we are gone, and the script kills the command. The command's stdin is {@code /dev/null},
 *       and its arguments are passed as the script's positional parameters, never as shell text.</li>
 * </ul>
 * Between the fork and the guard taking effect there is a window of microseconds in which a death
 * of ours is not noticed; a cancel, timeout or limit still kills the whole tree (see {@link ToolRunner#killTree}).
 */
final class ChildProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final AtomicLong SEQ = new AtomicLong();

    /** How the children of this process are guarded. */
    enum Guard { PDEATHSIG, WATCHDOG_PIPE }

    /**
     * Runs "$@" with stdin from /dev/null in the background, waits in another background job for
     * end of file on the script's stdin (kept as fd 3: a background job's own stdin would be
     * /dev/null) and kills the command then; exits with the command's status.
     */
    static final String WATCHDOG_SCRIPT = """
            exec 3<&0
            "$@" </dev/null 3<&- &
            child=$!
            { while read -r _; do :; done; kill -KILL "$child" 2>/dev/null; } <&3 &
            dog=$!
            exec 3<&-
            wait "$child"
            status=$?
            kill "$dog" 2>/dev/null
            exit "$status"
            """;

    private ChildProcess() {}

    /** The guard this machine gets; decided once. */
    static Guard guard() {
        return Detected.GUARD;
    }

    /**
     * Starts {@code pb}'s command guarded by {@link #guard()}. With the watchdog pipe the returned
     * process's stdin is the pipe, whatever {@code pb} says, and the command's own stdin is
     * {@code /dev/null}: the caller must not close it (ToolRunner closes it only under the
     * parent-death signal, where it is the command's own stdin).
     */
    static Process start(ProcessBuilder pb) throws IOException {
        return start(pb, guard());
    }

    static Process start(ProcessBuilder pb, Guard guard) throws IOException {
        return start(pb, guard, false);
    }

    /**
     * Starts a child that talks with us over its own stdin and stdout (a media worker). Under the
     * parent-death signal it is guarded like any child; the watchdog pipe would take its stdin, so
     * without it the child is started as it is and must end itself when its stdin reaches end of
     * file (which happens when we die) or its parent changes.
     */
    static Process startConversing(ProcessBuilder pb) throws IOException {
        return start(pb, guard(), guard() != Guard.PDEATHSIG);
    }

    private static Process start(ProcessBuilder pb, Guard guard, boolean unwrapped) throws IOException {
        List<String> command = pb.command();
        String exe = command.getFirst();
        // A missing executable keeps failing at start with the JDK's error, not later as the wrapper's exit code.
        boolean runnable = !new File(exe).isAbsolute() || Files.isExecutable(Path.of(exe));
        if (runnable && !unwrapped) {
            pb = copy(pb, wrapped(command, guard));
            if (guard == Guard.WATCHDOG_PIPE) {
                pb.redirectInput(ProcessBuilder.Redirect.PIPE); // the watchdog's pipe; the command reads /dev/null
            }
        }
        ProcessBuilder toStart = pb;
        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("child-" + SEQ.incrementAndGet() + "-" + Path.of(exe).getFileName())
                .stackSize(256 * 1024).start(() -> {
                    Process p;
                    try {
                        p = toStart.start();
                    } catch (IOException | RuntimeException e) {
                        started.completeExceptionally(e);
                        return;
                    }
                    started.complete(p);
                    waitUninterruptibly(p); // this thread forked the child: it must outlive it (see above)
                });
        try {
            return started.join(); // not interruptible: a started child is never lost
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    static List<String> wrapped(List<String> command, Guard guard) {
        List<String> out = new ArrayList<>(command.size() + 6);
        if (guard == Guard.PDEATHSIG) {
            out.addAll(List.of(Detected.setpriv(), "--pdeathsig", "KILL", "--"));
        } else {
            out.addAll(List.of("/bin/sh", "-c", WATCHDOG_SCRIPT, "sh"));
        }
        out.addAll(command);
        return out;
    }

    private static ProcessBuilder copy(ProcessBuilder pb, List<String> command) {
        ProcessBuilder c = new ProcessBuilder(command).directory(pb.directory())
                .redirectInput(pb.redirectInput()).redirectOutput(pb.redirectOutput())
                .redirectError(pb.redirectError()).redirectErrorStream(pb.redirectErrorStream());
        c.environment().clear();
        c.environment().putAll(pb.environment());
        return c;
    }

    private static void waitUninterruptibly(Process p) {
        boolean interrupted = false;
        while (true) {
            try {
                p.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Decided on first use: setpriv with --pdeathsig when it works here, else the watchdog pipe. */
    private static final class Detected {
        private static final String SETPRIV = findSetpriv();
        static final Guard GUARD = SETPRIV != null ? Guard.PDEATHSIG : Guard.WATCHDOG_PIPE;

        static String setpriv() {
            if (SETPRIV == null) throw new IllegalStateException("setpriv is not available here");
            return SETPRIV;
        }

        private static String findSetpriv() {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                return null;
            }
            List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
            String path = System.getenv("PATH");
            if (path != null) dirs.addAll(List.of(path.split(File.pathSeparator)));
            for (String d : dirs) {
                Path candidate = Path.of(d.isEmpty() ? "." : d, "setpriv");
                if (Files.isExecutable(candidate) && works(candidate.toString())) {
                    return candidate.toString();
                }
            }
            LOG.warn("setpriv (util-linux) with --pdeathsig was not found; child processes are guarded by a watchdog pipe");
            return null;
        }

        /** util-linux before 2.33 has setpriv without --pdeathsig. */
        private static boolean works(String setpriv) {
            try {
                Process p = new ProcessBuilder(setpriv, "--pdeathsig", "KILL", "--", "true")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return false;
                }
                return p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
