package org.thatdam.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.thatdam.core.Dam;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.server.api.DuplicateKept;
import org.thatdam.server.api.DuplicatesView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "duplicates", description = "Near-duplicate videos (re-encodes, resized copies, copies with extra black "
        + "or silence at the ends), grouped, the better master of each first, with what differs.",
        subcommands = DuplicatesCommand.Keep.class)
final class DuplicatesCommand extends DamCommand {

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    int run(Dam dam) {
        DuplicatesView v = DuplicatesView.of(dam.duplicates().groups());
        if (json) {
            Output.json(out(), v);
            return 0;
        }
        if (v.groups().isEmpty()) {
            out().printf("no duplicates among %d fingerprinted videos%s%n", v.fingerprinted(), pending(v));
            return 0;
        }
        int n = 0;
        for (DuplicatesView.Group g : v.groups()) {
            out().printf("%sgroup %d: %d copies, %s reclaimable; differ in %s%n", n == 0 ? "" : "\n", ++n,
                    g.members().size(), Units.bytes(g.reclaimableBytes()),
                    g.differences().isEmpty() ? "nothing listed"
                            : String.join(", ", g.differences().stream().map(DuplicatesCommand::words).toList()));
            List<List<String>> rows = new ArrayList<>();
            for (DuplicatesView.Member m : g.members()) {
                rows.add(List.of(m.best() ? "best" : "", Long.toString(m.id()), Units.dims(m.width(), m.height()),
                        Output.str(m.videoCodec()), m.bitRate() == null ? "-" : Units.bitRate(m.bitRate()),
                        Units.duration(m.durationSec()), Units.bytes(m.sizeBytes()),
                        String.format(Locale.ROOT, "%.0f%%", m.similarity() * 100), Units.clean(Output.str(m.path()))));
            }
            Output.table(out(), List.of("", "id", "size", "codec", "bitrate", "duration", "bytes", "alike", "path"), rows);
            out().printf("better master: %d, %s%n", g.bestId(), g.reason());
        }
        out().printf("%n%d group%s among %d fingerprinted videos%s%n", v.groups().size(), v.groups().size() == 1 ? "" : "s",
                v.fingerprinted(), pending(v));
        return 0;
    }

    /** A difference's API name in words: "bitRate" → "bit rate". */
    static String words(String name) {
        return name.replaceAll("(\\p{Ll})(\\p{Lu})", "$1 $2").toLowerCase(Locale.ROOT);
    }

    private static String pending(DuplicatesView v) {
        return v.pending() == 0 ? "" : " (" + v.pending() + " still to fingerprint)";
    }

    @Command(name = "keep", description = "Keep one asset of a group of duplicates and forget the others from the "
            + "catalog: those named with --forget (only members of its group), or else all the rest of its group. "
            + "Their files are left on disk.")
    static final class Keep extends DamCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The asset to keep.")
        long keep;

        @Option(names = "--forget", paramLabel = "ID", split = ",",
                description = "The duplicates to forget (comma-separated or repeated); default: the rest of the group.")
        List<Long> forget;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        int run(Dam dam) {
            DuplicateKept r = DuplicateKept.of(dam.duplicates().keep(keep, forget != null ? forget : restOfGroup(dam),
                    Actor.commandLine()));
            if (json) {
                Output.json(out(), r);
            } else {
                out().printf("kept %d; forgot %s (their files stay on disk)%n", r.kept(),
                        String.join(", ", r.forgotten().stream().map(String::valueOf).toList()));
            }
            return 0;
        }

        /** The other members of {@code keep}'s group (what --forget names by default). */
        private List<Long> restOfGroup(Dam dam) {
            if (dam.assets().details(keep).isEmpty()) throw DamException.notFound("no asset with id " + keep);
            return dam.duplicates().groupOf(keep).map(g -> g.members().stream().map(m -> m.id()).filter(id -> id != keep)
                    .toList()).orElseThrow(() -> DamException.invalid("asset " + keep + " has no known duplicates"));
        }
    }
}
