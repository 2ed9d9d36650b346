package org.thatdam.catalog.sql;

/**
 * The SQL engines the catalog runs on. The repositories write portable SQL; where the engines spell
 * a thing differently, the fragment comes from here, so the difference lives in one place.
 */
enum SqlDialect {
    SQLITE,
    POSTGRESQL;

    /**
     * {@code column} equals {@code param} ignoring case. SQLite's NOCASE folds ASCII letters only;
     * PostgreSQL compares lower() of both, the expression its unique indexes on names are built on.
     */
    String equalsIgnoringCase(String column, String param) {
        return this == SQLITE ? column + " = " + param + " COLLATE NOCASE" : "lower(" + column + ") = lower(" + param + ")";
    }

    /** An ORDER BY term sorting {@code expr} without case. */
    String orderIgnoringCase(String expr) {
        return this == SQLITE ? expr + " COLLATE NOCASE" : "lower(" + expr + ")";
    }

    /** The aggregate joining strings with a separator; both take {@code (value, separator ORDER BY …)}. */
    String groupConcat() {
        return this == SQLITE ? "group_concat" : "string_agg";
    }

    /** The one-character string of a code point (a control character used as a separator). */
    String chr(int codePoint) {
        return (this == SQLITE ? "char(" : "chr(") + codePoint + ")";
    }

    /** The function giving the 1-based position of a needle in a haystack, 0 when absent: {@code f(haystack, needle)}. */
    String instr() {
        return this == SQLITE ? "instr" : "strpos";
    }

    /** The function building a JSON array of its arguments. */
    String jsonArray() {
        return this == SQLITE ? "json_array" : "json_build_array";
    }

    /** The scalar maximum of its arguments (SQLite's max() with two or more arguments is not the aggregate). */
    String greatest() {
        return this == SQLITE ? "max" : "greatest";
    }

    /**
     * The UTC calendar period of a time in epoch milliseconds, named by a strftime pattern made of
     * {@code %Y}, {@code %m}, {@code %d} and literal dashes (e.g. {@code 2024-05}).
     */
    String period(String strftimePattern, String epochMillis) {
        if (!strftimePattern.matches("[%Ymd-]+")) throw new IllegalArgumentException("unsupported period pattern " + strftimePattern);
        if (this == SQLITE) return "strftime('" + strftimePattern + "', " + epochMillis + " / 1000, 'unixepoch')";
        String toChar = strftimePattern.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD");
        return "to_char(to_timestamp(" + epochMillis + " / 1000) AT TIME ZONE 'UTC', '" + toChar + "')";
    }

    /**
     * What a SELECT of the next queued job ends with: on PostgreSQL the row is locked, and rows another
     * transaction holds are passed over, so concurrent claimers on many nodes never take the same job.
     * SQLite serialises writers: nothing to add.
     */
    String lockSkippingLocked() {
        return this == SQLITE ? "" : " FOR UPDATE SKIP LOCKED";
    }
}
