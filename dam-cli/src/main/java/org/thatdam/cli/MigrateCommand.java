package org.thatdam.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.thatdam.core.migrate.CatalogMigration;
import org.thatdam.core.migrate.MigrationReport;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.thatdam.cli.format.Units;

@Command(name = "migrate", description = {
        "Copy a catalog into an empty catalog on another engine and verify the copy.",
        "Every table is copied with its ids, in one consistent snapshot of the source (which is only read), then",
        "counted and checksummed on both sides. The target's schema is created first; it must hold nothing yet.",
        "A server running on a SQLite source's library must be stopped first. Afterwards point the library at the",
        "new catalog with catalog.url (DAM_CATALOG_URL). Credentials: DAM_CATALOG_USER, DAM_CATALOG_PASSWORD."})
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URL",
            description = "The catalog to copy: sqlite:PATH (a library's catalog.db) or postgresql://HOST[:PORT]/DATABASE.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "URL",
            description = "The empty catalog to copy into: postgresql://HOST[:PORT]/DATABASE or sqlite:NEWFILE.")
    String to;

    @Option(names = "--json", description = "Print the report as one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MigrationReport r;
        try (TableProgress progress = new TableProgress(err, !json && ProgressLine.onTerminal())) {
            r = CatalogMigration.migrate(from, to, progress::table);
        }
        if (json) {
            Output.json(out, r);
        } else {
            Output.table(out, List.of("table", "rows", "copied", "checksum", "equal"), r.tables().stream()
                    .map(t -> List.of(t.table(), String.format(Locale.ROOT, "%,d", t.sourceRows()),
                            String.format(Locale.ROOT, "%,d", t.targetRows()), t.targetChecksum().substring(0, 16),
                            t.ok() ? "ok" : "DIFFERS"))
                    .toList());
            out.printf(Locale.ROOT, "%s %s to %s (schema version %d): %,d rows in %.1f s (%,d rows/s), verified in %.1f s%n",
                    r.ok() ? "migrated" : "copied", Units.clean(r.source()), Units.clean(r.target()), r.schemaVersion(), r.rows(),
                    r.copyMs() / 1000.0, r.rowsPerSecond(), r.verifyMs() / 1000.0);
            if (r.ok()) {
                out.printf("next: set catalog.url = \"%s\" for this library (every node of it); the source is no longer"
                        + " written%n", Units.clean(r.target()));
            }
        }
        out.flush();
        if (!r.ok()) {
            throw new DamException(ErrorCode.CONFLICT, "the copy differs from the source in " + String.join(", ", r.mismatched())
                    + ": do not use it; empty the target and migrate again");
        }
        return 0;
    }

    /** One line on stderr naming the table being copied and how far it is; terminals only. */
    private static final class TableProgress implements AutoCloseable {
        private final PrintWriter err;
        private final boolean enabled;
        private long lastDraw;
        private int width;

        TableProgress(PrintWriter err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        synchronized void table(String table, long done, long total) {
            long now = System.currentTimeMillis();
            if (!enabled || (now - lastDraw < 100 && done < total)) return;
            lastDraw = now;
            String line = String.format(Locale.ROOT, "copying %s %,d/%,d", table, done, total);
            err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            err.flush();
            width = line.length();
        }

        @Override
        public synchronized void close() {
            if (width > 0) {
                err.print("\r" + " ".repeat(width) + "\r");
                err.flush();
            }
        }
    }
}
