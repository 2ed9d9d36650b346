package org.thatdam.catalog.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a catalog whose schema is current skips Flyway: the version it trusts must be the newest migration. */
class SchemaVersionTest {

    @TempDir Path tmp;

    @Test
    void theKnownVersionIsTheNewestMigration() throws Exception {
        Pattern v = Pattern.compile("V(\\d+)__.*\\.sql");
        int newest;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            newest = files.map(f -> v.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
        }
        assertThat(SqliteCatalog.SCHEMA_VERSION).isEqualTo(newest);
    }

    @Test
    void aCatalogOpensAgainWithoutMigratingAndKeepsItsData() {
        Path db = tmp.resolve("catalog.db");
        try (SqliteCatalog first = SqliteCatalog.open(db)) {
            first.update(s -> s.audit().append(1L, "alice", "login", "alice", null, null));
        }
        try (SqliteCatalog again = SqliteCatalog.open(db)) {
            java.util.List<org.thatdam.model.AuditEntry> entries = again.read(s -> s.audit().query(null, null, null, 10));
            assertThat(entries).hasSize(1);
        }
    }
}
