package org.thatdam.catalog.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.catalog.CatalogCopyReport;
import org.thatdam.catalog.CatalogUrl;
import org.thatdam.catalog.testing.CatalogFixture;
import org.thatdam.catalog.testing.TestPostgres;

/**
 * How fast a populated catalog is copied each way; a measurement, not a check of speed, so it runs only when
 * asked: {@code -Ddam.copy.assets=10000}.
 */
@EnabledIfSystemProperty(named = "dam.copy.assets", matches = "\\d+")
class CatalogCopyThroughputTest {

    @TempDir Path dir;

    @Test
    void copyAPopulatedCatalogBothWays() {
        int assets = Integer.getInteger("dam.copy.assets");
        Path file = dir.resolve("catalog.db");
        try (var catalog = SqliteCatalog.open(file)) {
            CatalogFixture.populate(catalog, assets);
        }
        CatalogUrl pg = TestPostgres.freshDatabase();
        CatalogCopyReport there = CatalogCopy.copy(CatalogUrl.sqlite(file), pg, null);
        CatalogCopyReport back = CatalogCopy.copy(pg, CatalogUrl.sqlite(dir.resolve("back.db")), null);
        assertThat(there.ok()).isTrue();
        assertThat(back.ok()).isTrue();
        for (CatalogCopyReport r : new CatalogCopyReport[] {there, back}) {
            System.out.printf(Locale.ROOT, "copy %d assets %s -> %s: %d rows in %d ms (%d rows/s), verified in %d ms%n", assets,
                    r.source().substring(0, 6), r.target().substring(0, 6), r.rows(), r.copyMillis(),
                    r.rows() * 1000 / Math.max(1, r.copyMillis()), r.verifyMillis());
        }
    }
}
