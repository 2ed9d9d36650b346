package org.thatdam.cli;

import org.thatdam.model.DamException;

import java.util.List;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.AssetStatus;
import org.thatdam.core.Dam;
import org.thatdam.server.api.AssetPage;
import org.thatdam.server.api.AssetSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.thatdam.cli.format.Units;

@Command(name = "list", description = "List assets, newest first, with filters.")
final class ListCommand extends DamCommand {

    @Option(names = "--batch", paramLabel = "NAME") String batch;
    @Option(names = "--kind", paramLabel = "KIND", description = "video, audio, image or other.") String kind;
    @Option(names = "--status", paramLabel = "STATUS", description = "ok, failed or missing.") String status;
    @Option(names = "--sort", paramLabel = "ORDER", description = "newest (default), oldest, name, size, duration.") String sort;
    // More than the API's 1000 per page: no server shares this process (dam dump streams everything).
    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N assets, 1..100000 (default ${DEFAULT-VALUE}).") int limit;
    @Option(names = "--offset", paramLabel = "N", defaultValue = "0") int offset;
    @Option(names = "--json", description = "Print JSON.") boolean json;

    @Override
    int run(Dam dam) {
        AssetQuery q = new AssetQuery(batch, kind == null ? null : AssetKind.parse(kind),
                status == null ? null : AssetStatus.parse(status), sort == null ? null : parseSort(sort), limit, offset);
        print(this, dam, q, json);
        return 0;
    }

    static AssetQuery.Sort parseSort(String s) {
        try {
            return AssetQuery.Sort.valueOf(s.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DamException.invalid("unknown sort '" + s + "' (expected newest, oldest, name, size or duration)");
        }
    }

    /** The page {@code q} selects: as the API's {@link AssetPage} with {@code json}, else as a table. */
    static void print(DamCommand cmd, Dam dam, AssetQuery q, boolean json) {
        List<Asset> assets = dam.assets().list(q);
        if (json) {
            Output.json(cmd.out(), new AssetPage(dam.assets().count(q), q.limit(), q.offset(), assets.stream().map(AssetSummary::of).toList()));
        } else {
            table(cmd, assets);
        }
    }

    static void table(DamCommand cmd, List<Asset> assets) {
        Output.table(cmd.out(), List.of("id", "kind", "status", "duration", "size", "dims", "video", "audio", "batch", "path"),
                assets.stream().map(a -> List.of(a.id() + "", a.kind().id(), a.status().id(), Units.duration(a.durationSec()),
                        Units.bytes(a.sizeBytes()), Units.dims(a.width(), a.height()), Output.str(a.videoCodec()),
                        Output.str(a.audioCodec()), Output.str(a.batch()), Output.str(a.path()))).toList());
    }
}
