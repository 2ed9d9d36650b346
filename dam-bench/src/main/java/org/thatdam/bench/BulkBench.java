package org.thatdam.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thatdam.core.Dam;
import org.thatdam.core.bulk.BulkAction;
import org.thatdam.core.bulk.BulkRequest;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;

/**
 * Bulk-edit throughput: 5,000 catalogued assets tagged by one bulk job (request to summary: the
 * checks, the chunked transactions, the change log the index follows) against the same tag and
 * change-log rows inserted by the sqlite3 command line in one transaction into the same catalog.
 */
final class BulkBench {

    static final int ASSETS = 5000;

    private BulkBench() {}

    static Section run(Peers peers, Path work) throws Exception {
        Path home = Files.createDirectories(work.resolve("bulk-home"));
        List<Long> ids;
        double oursSec;
        // semantic.auto off: the measure is the bulk job alone, not the embed jobs its edits would queue
        try (Dam dam = Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString(),
                ConfigKey.SEMANTIC_AUTO, "false")))) {
            ids = dam.catalog().write(s -> {
                List<Long> out = new ArrayList<>(ASSETS);
                for (int i = 0; i < ASSETS; i++) {
                    long id = s.assets().insertAsset(AssetKind.VIDEO, "clip" + i, null, 1);
                    s.assets().addVersion(id, 1000 + i, "h" + i, MediaInfo.unknown(AssetKind.VIDEO), null, 1);
                    s.assets().insertLocation(id, "/bench/clip" + i + ".mp4", 1000 + i, 1, null, "h" + i, 1);
                    out.add(id);
                }
                return out;
            });
            long t = System.nanoTime();
            long job = dam.bulk().request(BulkRequest.of(ids, BulkAction.ADD_TAGS).withTags(List.of("bench")), Actor.commandLine());
            dam.jobs().runUntilDone(job, j -> { });
            oursSec = (System.nanoTime() - t) / 1e9;
            if (dam.bulk().summary(job).orElseThrow().done() != ASSETS) throw new IllegalStateException("the bulk job did not tag them all");
        }
        double ours = ASSETS / oursSec;
        String measure = "bulk.tag-5000 vs sqlite3";
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("assets", ASSETS);
        json.put("oursSeconds", oursSec);
        List<Row> rows = new ArrayList<>();
        if (!peers.sqlite3.present()) {
            rows.add(Row.skipped(measure, ours, "assets/s", true, peers.sqlite3.skipReason()));
            return new Section(json, rows);
        }
        // The catalog's change-log trigger needs SQLite 3.42 (unixepoch('subsec')), newer than some
        // distributions' sqlite3: on this throw-away copy the peer writes those rows itself instead.
        long now = System.currentTimeMillis();
        StringBuilder sql = new StringBuilder("DROP TRIGGER IF EXISTS change_tag_insert;\nBEGIN;\n");
        for (long id : ids) {
            sql.append("INSERT INTO asset_tag (asset_id, tag) VALUES (").append(id).append(", 'peer');\n")
                    .append("INSERT INTO change_log (asset_id, changed_at) VALUES (").append(id).append(", ").append(now).append(");\n");
        }
        sql.append("COMMIT;\n");
        Path script = work.resolve("bulk-peer.sql");
        Files.writeString(script, sql, StandardCharsets.UTF_8);
        long t = System.nanoTime();
        Cmd.check(List.of(peers.sqlite3.exe(), home.resolve("catalog.db").toString()), script, Duration.ofMinutes(5));
        double peerSec = (System.nanoTime() - t) / 1e9;
        json.put("peerSeconds", peerSec);
        rows.add(Row.compare(measure, ours, ASSETS / peerSec, "assets/s", true,
                "one job from request to summary (checks, chunks of 250, change log) vs the bare INSERTs in one transaction"));
        return new Section(json, rows);
    }
}
