package org.thatdam.catalog;

import java.util.List;

/**
 * What a copy of a catalog into another did: the tables in the order they were copied, each counted and
 * checksummed on both sides, and how long copying and verifying took.
 */
public record CatalogCopyReport(String source, String target, int schemaVersion, List<TableCheck> tables, long rows,
                                long copyMillis, long verifyMillis) {

    public CatalogCopyReport {
        tables = List.copyOf(tables);
    }

    /** One table's rows and checksum (SHA-256, hex) on both sides. */
    public record TableCheck(String table, long sourceRows, long targetRows, String sourceChecksum, String targetChecksum,
                             boolean ok) {
        public static TableCheck of(String table, long sourceRows, long targetRows, String sourceChecksum, String targetChecksum) {
            return new TableCheck(table, sourceRows, targetRows, sourceChecksum, targetChecksum,
                    sourceRows == targetRows && sourceChecksum.equals(targetChecksum));
        }
    }

    /** How far a copy is: called for each table at its start, after each batch of rows and at its end. */
    @FunctionalInterface
    public interface Progress {
        void table(String table, long rowsDone, long rowsTotal);
    }

    public boolean ok() {
        return tables.stream().allMatch(TableCheck::ok);
    }

    /** The tables whose copy differs from the source. */
    public List<String> mismatched() {
        return tables.stream().filter(t -> !t.ok()).map(TableCheck::table).toList();
    }
}
