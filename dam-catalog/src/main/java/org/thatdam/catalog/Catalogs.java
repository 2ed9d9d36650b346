package org.thatdam.catalog;

import org.thatdam.catalog.sql.PostgresCatalog;
import org.thatdam.catalog.sql.SqliteCatalog;

/** Opens the catalog a URL names, on its engine. */
public final class Catalogs {
    private Catalogs() {}

    public static Catalog open(CatalogUrl url) {
        return switch (url.engine()) {
            case SQLITE -> SqliteCatalog.open(url.sqliteFile());
            case POSTGRESQL -> PostgresCatalog.open(url);
        };
    }
}
