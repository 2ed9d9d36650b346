package org.thatdam.cli;

import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.core.library.PruneReport;
import org.thatdam.model.Actor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.thatdam.cli.format.Units;

@Command(name = "prune", description = {
        "Find catalogued files that are gone: mark them missing, or forget them with --purge.",
        "Never deletes, moves or changes any file."})
final class PruneCommand extends DamCommand {

    @Option(names = "--dry-run", description = "Only report what would change.") boolean dryRun;
    @Option(names = "--purge", description = "Remove gone files (and assets left with none) from the catalog.") boolean purge;
    @Option(names = "--json") boolean json;

    @Override
    int run(Dam dam) {
        PruneReport r = dam.roots().prune(dryRun, purge, Actor.commandLine());
        if (json) {
            Output.json(out(), org.thatdam.server.api.PruneReportView.of(r));
            return 0;
        }
        Output.table(out(), List.of("checked", "gone", "assets missing", "back again", "purged assets", "purged locations"),
                List.of(List.of(r.checked() + "", r.missingLocations() + "", r.missingAssets() + "", r.restoredLocations() + "",
                        r.purgedAssets() + "", r.purgedLocations() + "")));
        r.missingPaths().stream().limit(50).forEach(p -> out().println("  gone: " + Units.clean(p)));
        r.unavailableRoots().forEach(p -> out().println("  left alone: root folder " + Units.clean(p)
                + " is absent or empty (an unplugged drive?)"));
        if (dryRun) out().println("(dry run: nothing was changed)");
        return 0;
    }
}
