package org.thatdam.catalog.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thatdam.catalog.CatalogException;
import org.thatdam.catalog.CatalogUrl;
import org.thatdam.catalog.testing.TestPostgres;

/** The catalog opens on a real PostgreSQL, migrates once, and says where it is without secrets. */
class PostgresCatalogTest {

    @Test
    void opensMigratesAndReopensARealDatabase() {
        CatalogUrl url = TestPostgres.freshDatabase();
        try (var catalog = Catalogs.open(url)) {
            assertThat(catalog.describe()).startsWith("postgresql://postgres@127.0.0.1:").doesNotContain("password");
            assertThat(catalog.<Long>read(s -> s.changes().lastSeq())).isZero();
        }
        try (var again = Catalogs.open(url)) {
            assertThat(again.<Long>read(s -> s.changes().lastSeq())).isZero();
        }
    }

    @Test
    void anUnreachableServerIsSaidInWords() {
        CatalogUrl url = CatalogUrl.parse("postgresql://127.0.0.1:1/none", Map.of("DAM_CATALOG_USER", "x"));
        assertThatThrownBy(() -> Catalogs.open(url)).isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("cannot open the catalog postgresql://x@127.0.0.1:1/none: ");
    }
}
