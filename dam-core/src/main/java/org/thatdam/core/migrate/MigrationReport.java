package org.thatdam.core.migrate;

import java.util.List;

/**
 * What {@code dam migrate} did: each table's rows and checksum on both sides ({@code ok} when all are
 * equal), and how long the copy and its verification took.
 */
public record MigrationReport(boolean ok, String source, String target, int schemaVersion, long rows, long copyMs,
                              long verifyMs, long rowsPerSecond, List<Table> tables) {

    /** One table: its rows in the source and in the copy, and their checksums (SHA-256 over the rows in key order). */
    public record Table(String table, long sourceRows, long targetRows, String sourceChecksum, String targetChecksum,
                        boolean ok) {}

    public List<String> mismatched() {
        return tables.stream().filter(t -> !t.ok()).map(Table::table).toList();
    }
}
