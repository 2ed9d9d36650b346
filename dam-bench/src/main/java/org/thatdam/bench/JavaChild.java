package org.thatdam.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a main class in a fresh JVM (same java, class path and flags as this one): the rescan and
 * search measures each get a process of their own, so heap and resident-memory peaks are theirs
 * alone. The child's stderr (progress) passes through; its stdout is dropped (it writes JSON to a file).
 */
final class JavaChild {

    private JavaChild() {}

    static void run(List<String> extraJvmArgs, String mainClass, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow(() ->
                new IllegalStateException("cannot tell which java runs this bench")));
        // Flags given to this JVM (native access, memory) first, so the child's own come after and win.
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(extraJvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int rc = p.waitFor();
        if (rc != 0) throw new IllegalStateException(mainClass + " " + String.join(" ", args) + " failed (exit " + rc + ")");
    }
}
