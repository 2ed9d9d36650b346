package org.thatdam.cli;

import java.util.List;
import java.util.Map;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.server.api.AssetDetailsView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "show", description = "Show one asset: metadata, locations, versions, status.")
final class ShowCommand extends DamCommand {

    @Parameters(paramLabel = "ID|PATH", description = "Asset id, or the path of one of its files.")
    String ref;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    int run(Dam dam) {
        AssetDetails d = dam.assets().resolve(ref);
        AssetDetailsView body = AssetDetailsView.of(d, dv -> dam.assets().path(d, dv));
        if (json) {
            Output.json(out(), body);
            return 0;
        }
        Map<String, Object> view = Output.fields(body);
        view.values().removeIf(v -> v == null || v instanceof List || v instanceof Map);
        int width = view.keySet().stream().mapToInt(String::length).max().orElse(0);
        view.forEach((k, v) -> out().printf("%-" + width + "s  %s%n", k, Units.clean(text(k, v))));
        // lists and maps do not fit the key/value lines above: tags, custom fields and collections get their own
        if (!d.tags().isEmpty()) out().println("tags  " + Units.clean(String.join(", ", d.tags())));
        d.fields().forEach((name, v) -> out().println("field " + name + "  " + Units.clean(fieldText(v))));
        List<String> collections = dam.collections().pathsHolding(d.asset().id());
        if (!collections.isEmpty()) out().println("collections  " + Units.clean(String.join(", ", collections)));
        if (d.current() != null && !d.current().media().streams().isEmpty()) {
            out().println();
            Output.table(out(), List.of("#", "type", "codec", "profile", "size", "fps", "pix_fmt", "rate", "ch", "lang"),
                    d.current().media().streams().stream().map(ProbeCommand::row).toList());
        }
        out().println();
        Output.table(out(), List.of("location", "size", "state"), d.locations().stream()
                .map(l -> List.of(l.path(), Units.bytes(l.sizeBytes()), l.missing() ? "missing" : "present")).toList());
        out().println();
        Output.table(out(), List.of("version", "size", "quick hash", "seen", "error"), d.versions().stream()
                .map(v -> List.of("v" + v.versionNo(), Units.bytes(v.sizeBytes()), v.quickHash(),
                        v.createdAt().toString(), Output.str(v.error()))).toList());
        return 0;
    }

    /** A custom field's value: a multiple choice comma-joined, the rest as it is stored. */
    private static String fieldText(Object v) {
        return v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : String.valueOf(v);
    }

    /**
     * A value as people read it everywhere else (sizes, durations and bit rates as the listing and the
     * dashboard write them); the rest as the JSON spells it (kinds, statuses and sources by their ids).
     */
    private static String text(String key, Object v) {
        if (v instanceof Number n) {
            switch (key) {
                case "sizeBytes": return Units.bytes(n.longValue());
                case "durationSec": return Units.duration(n.doubleValue());
                case "bitRate": return Units.bitRate(n.longValue());
                default: break;
            }
        }
        return v.toString();
    }
}
