package org.thatdam.catalog.sql;

import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogUrl;

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
