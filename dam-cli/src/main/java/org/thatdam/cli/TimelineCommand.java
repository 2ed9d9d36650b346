package org.thatdam.cli;

import java.util.Locale;
import org.thatdam.model.Timeline;
import org.thatdam.core.Dam;
import org.thatdam.search.DatePeriod;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import org.thatdam.cli.format.Units;

@Command(name = "timeline", description = "How many assets were shot per year, month or day (capture time, UTC).")
final class TimelineCommand extends DamCommand {

    // Wrong values are usage errors (exit 2, naming the option), checked by picocli before the library opens.
    @Option(names = "--by", paramLabel = "PERIOD", converter = PeriodName.class,
            description = "year, month (default) or day.") String by = "month";
    @Option(names = "--from", paramLabel = "DATE", converter = DateText.class,
            description = "First period: YYYY, YYYY-MM or YYYY-MM-DD.") String from;
    @Option(names = "--to", paramLabel = "DATE", converter = DateText.class,
            description = "Last period (included).") String to;
    @Option(names = "--json", description = "Print JSON.") boolean json;

    @Override
    int run(Dam dam) {
        if (from != null && to != null && DatePeriod.of(from)[0] >= DatePeriod.of(to)[1]) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " is after --to " + to);
        }
        Timeline t = dam.assets().timeline(by, from, to);
        if (json) {
            Output.json(out(), org.thatdam.server.api.TimelineView.of(t));
            return 0;
        }
        long most = t.buckets().stream().mapToLong(Timeline.Bucket::count).max().orElse(1);
        Output.table(out(), java.util.List.of(t.by(), "assets", "duration", ""), t.buckets().stream()
                .map(b -> java.util.List.of(b.period(), String.format(Locale.ROOT, "%,d", b.count()),
                        Units.duration(b.durationSec()), "#".repeat((int) Math.max(1, b.count() * 40 / most))))
                .toList());
        return 0;
    }

    /** {@code --by}: one of the periods the timeline knows. */
    static final class PeriodName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return Timeline.By.parse(value).id();
            } catch (org.thatdam.model.DamException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --from}/{@code --to}: a real calendar date of one of the three shapes. */
    static final class DateText implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (DatePeriod.of(value) == null) {
                throw new TypeConversionException("'" + value + "' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
            }
            return value.strip();
        }
    }
}
