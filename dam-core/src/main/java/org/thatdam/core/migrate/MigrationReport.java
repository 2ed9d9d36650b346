package org.thatdam.core.migrate;

import java.util.List;
import org.thatdam.catalog.sql.CatalogCopy.TableCheck;

/**
 * What {@code dam migrate} did: each table's rows and checksum on both sides ({@code ok} when all are
 * equal), and how long the copy and its verification took.
 */
public record MigrationReport(boolean ok, String source, String target, int schemaVersion, long rows, long copyMs,
                              long verifyMs, long rowsPerSecond, List<TableCheck> tables) {

    public List<String> mismatched() {
        return tables.stream().filter(t -> !t.ok()).map(TableCheck::table).toList();
    }
}
