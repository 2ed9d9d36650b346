package org.thatdam.cli;

import java.util.Locale;
import org.thatdam.catalog.model.Timeline;
import org.thatdam.core.Dam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "timeline", description = "How many assets were shot per year, month or day (capture time, UTC).")
final class TimelineCommand extends DamCommand {

    @Option(names = "--by", paramLabel = "PERIOD", description = "year, month (default) or day.") String by = "month";
    @Option(names = "--from", paramLabel = "DATE", description = "First period: YYYY, YYYY-MM or YYYY-MM-DD.") String from;
    @Option(names = "--to", paramLabel = "DATE", description = "Last period (included).") String to;
    @Option(names = "--json", description = "Print JSON.") boolean json;

    @Override
    int run(Dam dam) {
        Timeline t = dam.library().timeline(by, from, to);
        if (json) {
            Output.json(out(), t);
            return 0;
        }
        long most = t.buckets().stream().mapToLong(Timeline.Bucket::count).max().orElse(1);
        Output.table(out(), java.util.List.of(t.by(), "assets", "duration", ""), t.buckets().stream()
                .map(b -> java.util.List.of(b.period(), String.format(Locale.ROOT, "%,d", b.count()),
                        Output.duration(b.durationSec()), "#".repeat((int) Math.max(1, b.count() * 40 / most))))
                .toList());
        return 0;
    }
}
