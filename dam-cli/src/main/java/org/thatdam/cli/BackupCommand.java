package org.thatdam.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.thatdam.core.Dam;
import org.thatdam.core.backup.BackupReport;
import org.thatdam.core.backup.BackupRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.thatdam.cli.format.Units;

@Command(name = "backup", description = {
        "Back up the library into a new snapshot inside a folder.",
        "A snapshot (a sub-folder named by the time) holds a consistent copy of the catalog (taken while the library",
        "is in use), the configuration, the derivatives (copied only when new or changed since the previous backup",
        "there) and an ASC MHL hash list; 'dam verify DIR/<snapshot>' checks one. Restore with",
        "'dam restore DIR --home NEWHOME'."})
final class BackupCommand extends DamCommand {

    @Option(names = "--to", paramLabel = "DIR", required = true,
            description = "The backup folder (created if missing); never inside the library's folder or a library root.")
    Path to;

    @Option(names = "--derivatives", negatable = true, fallbackValue = "true",
            description = "Include posters, sprites and proxies (default: backup.derivatives).")
    Boolean derivatives;

    @Option(names = "--originals", description = "Also copy the originals of every library root (verified, with their own hash list)"
            + " into DIR/originals/<root>/; files already there are not copied again.")
    boolean originals;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    int run(Dam dam) {
        boolean withDerivatives = derivatives != null ? derivatives : dam.config().backup().derivatives();
        BackupRequest request = new BackupRequest(to.toAbsolutePath().normalize().toString(), withDerivatives, originals, null);
        BackupReport r;
        try (TaskProgress progress = new TaskProgress(err(), "backing up", !json && ProgressLine.onTerminal())) {
            r = dam.backups().backup(request, progress::progress, () -> false);
        }
        if (json) {
            Output.json(out(), r);
            return 0;
        }
        out().println("backup " + Units.clean(r.path()));
        Output.table(out(), List.of("assets", "copied", "unchanged", "bytes copied", "time"),
                List.of(List.of(r.assets() + "", r.filesCopied() + "", r.filesSkipped() + "", Units.bytes(r.bytesCopied()),
                        String.format(Locale.ROOT, "%.2fs", r.durationMs() / 1000.0))));
        for (BackupReport.OriginalsCopy o : r.originals()) {
            out().println("originals of " + Units.clean(o.root()) + ": " + o.filesCopied() + " copied (" + Units.bytes(o.bytesCopied())
                    + "), " + o.filesSkipped() + " already there");
        }
        return 0;
    }
}
