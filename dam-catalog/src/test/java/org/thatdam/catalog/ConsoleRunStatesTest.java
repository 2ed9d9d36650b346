package org.thatdam.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;
import org.thatdam.model.ConsoleRun;
import org.thatdam.catalog.sql.SqliteCatalog;

/** The console history keeps its rows through the migration that adds the memory_limit state. */
class ConsoleRunStatesTest {

    @TempDir Path dir;

    @Test
    void existingRunsSurviveAndAMemoryLimitEndingIsStored() throws Exception {
        Path db = dir.resolve("old.db");
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("7").load().migrate();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("INSERT INTO console_run (source_path, tokens, display, state, message, created_at, params) VALUES"
                    + " ('/m/a.mp4', '[\"-i\"]', 'ffmpeg -i a', 'ok', 'wrote x', 10, '{\"width\":\"320\"}'),"
                    + " ('/m/b.mp4', '[]', 'ffmpeg b', 'output_limit', 'stopped', 20, '{}'),"
                    + " ('/m/c.mp4', '[]', 'ffmpeg c', 'failed', 'gone', 30, '{}')");
            st.execute("DELETE FROM console_run WHERE id = 3");
        }
        try (SqliteCatalog catalog = SqliteCatalog.open(db)) {
            List<ConsoleRun> runs = catalog.read(s -> s.consoleRuns().recent(null, 10));
            assertThat(runs).extracting(ConsoleRun::id, ConsoleRun::state, ConsoleRun::message)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "output_limit", "stopped"),
                            org.assertj.core.groups.Tuple.tuple(1L, "ok", "wrote x"));
            assertThat(runs.getLast().params()).isEqualTo(Map.of("width", "320"));

            long id = catalog.write(s -> s.consoleRuns().create(null, "/m/d.mp4", null, Map.of(), List.of("-i"), "d", 40));
            assertThat(id).as("the id of a deleted run is not handed out again").isEqualTo(4);
            catalog.update(s -> s.consoleRuns().finish(id, "memory_limit", -1, 900L, List.of(),
                    "stopped: the run used more than 200 MiB of memory (console.max-memory-mb)", "", 50));
            ConsoleRun run = catalog.read(s -> s.consoleRuns().find(id)).orElseThrow();
            assertThat(run.state()).isEqualTo("memory_limit");
            assertThat(run.finished()).isTrue();
        }
    }
}
