package org.thatdam.cli;

import org.thatdam.model.Actor;
import org.thatdam.model.DamException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thatdam.core.Dam;
import org.thatdam.model.ScanReport;
import org.thatdam.core.scan.SettledScan;
import org.thatdam.storage.FileNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "scan", description = {
        "Catalogue the media files under folders (or the library roots when none is given).",
        "Only reads files: never moves, renames or changes them. Unchanged files are not opened.",
        "Files still being written are waited for until they settle (scan.settle-seconds), at most 10 settle times or a minute; "
                + "catalogued files no longer found under the scanned folders are marked missing."})
final class ScanCommand extends DamCommand {

    @Parameters(paramLabel = "DIR", arity = "0..*", description = "Folders (or single files) to scan.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--batch", paramLabel = "NAME", description = "Batch for new assets (default: each file's folder name).")
    String batch;

    @Option(names = "--workers", paramLabel = "N", description = "Files probed in parallel (default: scan.workers).")
    Integer workers;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Option(names = "--wait", description = "Then make posters, sprites and proxies here, waiting until the job queue is empty.")
    boolean await;

    @Override
    int run(Dam dam) throws Exception {
        List<Path> roots = new ArrayList<>();
        for (Path d : dirs) roots.add(checkedTarget(d));
        if (roots.isEmpty()) {
            dam.roots().roots().forEach(r -> roots.add(FileNames.path(r.path())));
            if (roots.isEmpty()) {
                throw DamException.invalid("nothing to scan: give a folder (dam scan DIR) or add a library root (dam roots add DIR)");
            }
        }
        ScanReport r = scan(dam, roots, Optional.ofNullable(batch), workers, err(), !json);
        if (!await) {
            print(out(), r, json);
            return 0;
        }
        if (!json) {
            print(out(), r, false);
            out().flush();   // the scan's summary stands even if the queue then stops (a full disk)
        }
        var queue = JobsCommand.runQueue(this, dam, null, json ? null : out());
        if (json) {
            Output.json(out(), new ScanAndJobs(r, queue.counts()));
        }
        return queue.idle() ? 0 : 1;
    }

    /** {@code scan --wait --json}: the scan's report and, beside its fields, the job counts once the queue is done. */
    record ScanAndJobs(@com.fasterxml.jackson.annotation.JsonUnwrapped ScanReport scan, Map<org.thatdam.model.JobState, Long> jobs) {}

    /** A folder or file to scan, as given; anything else is an error before anything is scanned. */
    private static Path checkedTarget(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (java.nio.file.Files.isDirectory(abs) || java.nio.file.Files.isRegularFile(abs)) return p;
        if (!java.nio.file.Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw DamException.notFound("no such folder or file: " + Units.clean(abs.toString()));
        }
        throw DamException.invalid("not a folder or a file: " + Units.clean(abs.toString()));
    }

    /**
     * Scans in this process, with the live progress line on a terminal when {@code progress}. Files
     * still being written are waited for (up to a bound), not left for a later scan.
     */
    static ScanReport scan(Dam dam, List<Path> roots, Optional<String> batch, Integer workers, java.io.PrintWriter err,
                           boolean progress) throws Exception {
        try (AutoCloseable line = ProgressLine.attach(dam.events(), err, progress && ProgressLine.onTerminal())) {
            return dam.settledScan().scan(roots, dam.scanOptions(batch, workers),
                    SettledScan.defaultBound(dam.config().scanSettle()), n -> {
                        if (progress) {
                            err.println("waiting for " + n + " file(s) still being written…");
                            err.flush();
                        }
                    }, Actor.commandLine());
        }
    }

    /** The scan's summary: a table and its problems, or JSON. */
    static void print(java.io.PrintWriter out, ScanReport r, boolean asJson) {
        if (asJson) {
            Output.json(out, r);
            return;
        }
        Output.table(out, List.of("scanned", "added", "updated", "unchanged", "deferred", "failed", "skipped", "missing", "time"),
                List.of(List.of(r.scanned() + "", r.added() + "", r.updated() + "", r.unchanged() + "", r.deferred() + "",
                        r.failed() + "", r.skipped() + "", r.missing() + "", String.format(java.util.Locale.ROOT, "%.2fs", r.durationMs() / 1000.0))));
        if (!r.problems().isEmpty()) {
            out.println();
            out.println("Problems:");
            r.problems().stream().limit(50).forEach(p -> out.println("  " + Units.clean(p.path()) + ": " + Units.clean(p.error())));
            if (r.problems().size() > 50) out.println("  … and " + (r.problems().size() - 50) + " more (see dam list --status failed)");
        }
        if (r.deferred() > 0) {
            out.println(r.deferred() + " file(s) were still being written and were not catalogued; scan again later:");
            r.deferredFiles().stream().limit(50).forEach(f -> out.println("  " + Units.clean(f)));
            if (r.deferredFiles().size() > 50) out.println("  … and " + (r.deferred() - 50) + " more");
        }
    }
}
