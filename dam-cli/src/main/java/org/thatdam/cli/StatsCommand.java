package org.thatdam.cli;

import java.util.List;
import org.thatdam.model.CatalogStats;
import org.thatdam.core.Dam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.thatdam.cli.format.Units;

@Command(name = "stats", description = "Totals: assets, bytes, duration; by kind, status, codec and batch.")
final class StatsCommand extends DamCommand {

    @Option(names = "--json", description = "Print JSON.") boolean json;

    @Override
    int run(Dam dam) {
        CatalogStats s = dam.assets().stats();
        if (json) {
            Output.json(out(), org.thatdam.server.api.StatsView.of(s));
            return 0;
        }
        out().printf("assets     %,d%nbytes      %s%nduration   %s%nlocations  %,d%n", s.assets(), Units.bytes(s.bytes()),
                Units.duration(s.durationSec()), s.locations());
        group("kind", s.byKind());
        group("status", s.byStatus());
        group("codec", s.byCodec());
        group("batch", s.byBatch());
        return 0;
    }

    private void group(String title, List<CatalogStats.Group> groups) {
        out().println();
        Output.table(out(), List.of(title, "assets", "bytes"),
                groups.stream().map(g -> List.of(g.key(), g.count() + "", Units.bytes(g.bytes()))).toList());
    }
}
