package org.thatdam.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.thatdam.core.Dam;
import org.thatdam.core.offload.ImportReport;
import org.thatdam.core.offload.ImportRequest;
import org.thatdam.core.offload.OffloadService;
import org.thatdam.model.Actor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "import", description = {
        "Copy a camera card (any folder) into the library with proof.",
        "One read of each file feeds every destination, each copy is written atomically, read back and compared (xxh64); a copy that reads back different is made "
                + "once more, then the file is reported as failed. The source is only read.",
        "Keeps the card's folders, skips OS clutter (.DS_Store, ._*, Thumbs.db …), records each copy in the ledger, "
                + "catalogues the copies at once with the batch and writes an ASC MHL generation in each DEST/ascmhl/.",
        "Run it again after an interruption: files already copied and recorded are not copied again.",
        "A destination outside every library root is added as a root. Exit code 1 when any file failed."})
final class ImportCommand extends DamCommand {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The card (or folder) to copy.")
    Path source;

    @Option(names = "--to", paramLabel = "DEST", required = true,
            description = "Destination folder (repeat for a second copy in the same pass; at most 4).")
    List<Path> to = new ArrayList<>();

    @Option(names = "--batch", paramLabel = "NAME", description = "Batch of the new assets (default: the source folder's name).")
    String batch;

    @Option(names = "--hash", paramLabel = "ALG", split = ",",
            description = "Hashes recorded besides xxh64: md5, sha1 (comma-separated or repeated).")
    List<String> hashes = new ArrayList<>();

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    int run(Dam dam) {
        ImportRequest req = new ImportRequest(source, to, Optional.ofNullable(batch), ImportRequest.hashes(hashes));
        ImportReport r;
        java.util.Set<String> announced = new java.util.HashSet<>();
        try (Line line = new Line(err(), !json && ProgressLine.onTerminal())) {
            r = dam.offload().run(req, Actor.commandLine(), null, p -> {
                // Said at once: an import stopped midway has already made them roots.
                for (String root : p.addedRoots()) {
                    if (announced.add(root) && !json) line.println(out(), "added " + Units.clean(root) + " as a library root");
                }
                line.show(p);
            }, () -> false);
        }
        if (json) {
            Output.json(out(), r);
        } else {
            print(r);
        }
        return r.ok() ? 0 : 1;
    }

    private void print(ImportReport r) {
        var out = out();
        Output.table(out, List.of("files", "copied", "already copied", "failed", "size", "time", "speed"),
                List.of(List.of(r.files() + "", r.copied() + "", r.skipped() + "", r.failed() + "", Units.bytes(r.bytes()),
                        String.format(Locale.ROOT, "%.1fs", r.durationMs() / 1000.0),
                        Units.bytes(Math.round(r.megabytesPerSecond() * 1e6)) + "/s")));
        for (String m : r.mhl()) out.println("hash list: " + Units.clean(m));
        long known = r.catalogued() - r.newAssets();
        out.println(r.catalogued() + " file(s) catalogued in batch " + Units.clean(r.batch()) + ": " + r.newAssets()
                + " new asset(s)" + (known > 0 ? ", " + known + " already in the library (further locations of known assets)" : ""));
        if (!r.failures().isEmpty()) {
            out.println();
            out.println("FAILED (not copied with proof):");
            r.failures().forEach(f -> out.println("  " + Units.clean(f.path()) + ": " + Units.clean(f.error())));
        }
    }

    /** One line on the terminal: share done, files, bytes, speed, time left and the current file. */
    private static final class Line implements AutoCloseable {
        private final java.io.PrintWriter err;
        private final boolean enabled;
        private long last;
        private int width;

        Line(java.io.PrintWriter err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        void show(OffloadService.ImportProgress p) {
            long now = System.currentTimeMillis();
            if (!enabled || now - last < 200) return;
            last = now;
            String current = p.currentFile() == null ? "" : p.currentFile();
            if (current.length() > 40) current = "…" + current.substring(current.length() - 39);
            double speed = p.bytesPerSecond();
            String eta = speed > 0 && p.bytesDone() < p.bytes()
                    ? "  " + Units.longDuration((p.bytes() - p.bytesDone()) / speed) + " left" : "";
            String s = String.format(Locale.ROOT, "\r%3.0f%%  %d/%d files  %s / %s  %s/s%s  %s", p.fraction() * 100,
                    p.filesDone(), p.files(), Units.bytes(p.bytesDone()), Units.bytes(p.bytes()),
                    Units.bytes(Math.round(speed)), eta, Units.clean(current));
            width = Math.max(width, s.length());
            err.print(s + " ".repeat(width - s.length()));
            err.flush();
        }

        /** A line of its own above the progress line. */
        void println(java.io.PrintWriter to, String text) {
            close();
            width = 0;
            to.println(text);
            to.flush();
        }

        @Override
        public void close() {
            if (enabled && width > 0) {
                err.print("\r" + " ".repeat(width) + "\r");
                err.flush();
            }
        }
    }
}
