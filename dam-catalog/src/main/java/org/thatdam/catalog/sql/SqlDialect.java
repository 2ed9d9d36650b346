package org.thatdam.catalog.sql;

/**
 * The SQL engines the catalog runs on. The repositories write portable SQL; where the engines spell
 * a thing differently, the fragment comes from here, so the difference lives in one place.
 */
enum SqlDialect {
    SQLITE,
    POSTGRESQL;
}
