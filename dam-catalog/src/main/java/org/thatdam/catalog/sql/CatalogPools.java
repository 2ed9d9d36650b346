package org.thatdam.catalog.sql;

import com.zaxxer.hikari.HikariConfig;
import javax.sql.DataSource;

/** What both engines' catalogs share about their connections: the pool's shape, and how a failure is worded. */
final class CatalogPools {

    private CatalogPools() {}

    /** A pool over {@code source}: a couple of connections per core, at least four, one kept open. */
    static HikariConfig config(DataSource source) {
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(source);
        hc.setPoolName("catalog");
        hc.setMaximumPoolSize(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
        hc.setMinimumIdle(1);
        return hc;
    }

    /** The innermost cause's message: what the database or the driver said, without the wrappers' words. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
