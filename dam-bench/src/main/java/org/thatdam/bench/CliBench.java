package org.thatdam.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.thatdam.core.json.Json;

/**
 * What a command costs a user at the prompt: the whole process of {@code ./dam} (launcher, JVM
 * start, opening the library, the answer), wall time, median of a few runs after a warm-up, on a
 * library of the corpus clips. The peers answer the same question in one process without a JVM:
 * {@code sqlite3} reading the same catalog for list, show and search (a LIKE over titles and paths),
 * {@code java -version} (the JVM's own start) for the help. The class-data archive the launcher makes
 * in the background after the first start of a new jar is awaited first: this measures warm starts.
 */
final class CliBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Duration ARCHIVE_WAIT = Duration.ofMinutes(5);
    private static final String WORD = "fps";

    private CliBench() {}

    static Section run(Peers peers, Corpus corpus, Path work, boolean quick) throws Exception {
        int runs = quick ? 5 : 11;
        Path root = Path.of("").toAbsolutePath();
        String dam = root.resolve("dam").toString();
        Path home = work.resolve("cli-home");
        Cmd.check(List.of(dam, "--home", home.toString(), "scan", corpus.root().resolve("videos").toString()), TIMEOUT);
        boolean warm = awaitArchive(root);
        JsonNode first = Json.mapper().readTree(
                Cmd.check(List.of(dam, "--home", home.toString(), "list", "--json", "--limit", "1"), TIMEOUT).stdout());
        long id = first.path("items").path(0).path("id").asLong();
        long assets = first.path("total").asLong();
        String db = home.resolve("catalog.db").toString();
        String java = ProcessHandle.current().info().command().orElseThrow();

        record Case(String measure, List<String> ours, List<String> peer, String peerName) {}
        List<Case> cases = List.of(
                new Case("dam --help vs java -version", List.of(dam, "--help"), List.of(java, "-version"), "java"),
                new Case("dam list vs sqlite3 select", List.of(dam, "--home", home.toString(), "list"),
                        sqlite(peers, db, "SELECT a.id, a.kind, a.status, a.title, l.path FROM asset a"
                                + " JOIN location l ON l.asset_id = a.id ORDER BY a.created_at DESC LIMIT 100"), "sqlite3"),
                new Case("dam show ID vs sqlite3 select", List.of(dam, "--home", home.toString(), "show", String.valueOf(id)),
                        sqlite(peers, db, "SELECT * FROM asset WHERE id = " + id + "; SELECT * FROM location WHERE asset_id = " + id
                                + "; SELECT * FROM asset_version WHERE asset_id = " + id), "sqlite3"),
                new Case("dam search " + WORD + " vs sqlite3 LIKE", List.of(dam, "--home", home.toString(), "search", WORD),
                        sqlite(peers, db, "SELECT a.id, a.kind, l.path FROM asset a JOIN location l ON l.asset_id = a.id"
                                + " WHERE a.title LIKE '%" + WORD + "%' OR l.path LIKE '%" + WORD + "%' LIMIT 20"), "sqlite3"));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("assets", assets);
        json.put("runs", runs);
        json.put("archive", warm ? "made and used" : "not made within " + ARCHIVE_WAIT.toMinutes() + " min: cold starts");
        List<Row> rows = new ArrayList<>();
        for (Case c : cases) {
            Timed<double[]> ours = Timed.run(c.measure(), () -> times(c.ours(), runs));
            Map<String, Object> m = new LinkedHashMap<>();
            ours.into(m);
            m.put("oursMs", ours.value());
            String note = "whole process, median of " + runs + "; " + assets + " assets";
            if (ours.disturbed()) note += String.format(Locale.ROOT, "; disturbed: other processes used %.2f cores", ours.otherCores());
            if (!warm) note += "; no class-data archive";
            if (c.peer() == null) {
                rows.add(Row.skipped("cli: " + c.measure(), median(ours.value()), "ms", false, peers.sqlite3.skipReason()));
            } else {
                Timed<double[]> peer = Timed.run(c.peerName(), () -> times(c.peer(), runs));
                m.put("peerMs", peer.value());
                rows.add(Row.compare("cli: " + c.measure(), median(ours.value()), median(peer.value()), "ms", false, note));
            }
            json.put(c.measure(), m);
        }
        return new Section(json, rows);
    }

    /** sqlite3 reading {@code db} (read-only) with {@code sql}, or null without sqlite3. */
    private static List<String> sqlite(Peers peers, String db, String sql) {
        return peers.sqlite3.present() ? List.of(peers.sqlite3.exe(), "-readonly", db, sql) : null;
    }

    /** Wall times of {@code runs} runs of a command, in ms, after one untimed run. */
    private static double[] times(List<String> command, int runs) {
        Cmd.check(command, TIMEOUT);
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            Cmd.check(command, TIMEOUT);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
    }

    /**
     * Waits until the launcher's class-data archive for the current jar and Java is there (the
     * launcher says where: scripts/env.sh startup_cache); false when this Java makes none or it did
     * not come in time.
     */
    private static boolean awaitArchive(Path root) throws Exception {
        String where = Cmd.check(List.of("bash", "-c", "set -euo pipefail; source scripts/env.sh; find_java; "
                + "startup_cache dam-cli/target/dam.jar; echo \"$STARTUP_CACHE\""), TIMEOUT).text().strip();
        if (where.isEmpty()) return false;
        Path archive = root.resolve(where);
        Instant deadline = Instant.now().plus(ARCHIVE_WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (Files.isRegularFile(archive)) return true; // renamed into place when complete
            Thread.sleep(500);
        }
        return false;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
