package org.thatdam.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thatdam.model.DamException;

class CatalogUrlTest {

    @Test
    void sqliteUrlsNameAFile() {
        CatalogUrl u = CatalogUrl.parse("sqlite:/data/lib/catalog.db", Map.of());
        assertThat(u.engine()).isEqualTo(CatalogUrl.Engine.SQLITE);
        assertThat(u.sqliteFile()).isEqualTo(Path.of("/data/lib/catalog.db"));
        assertThat(u.display()).isEqualTo("sqlite:/data/lib/catalog.db");
    }

    @Test
    void postgresCredentialsComeFromTheEnvironmentAndNeverShow() {
        CatalogUrl u = CatalogUrl.parse("postgresql://db.example:6543/dam?sslmode=require",
                Map.of("DAM_CATALOG_USER", "dam", "DAM_CATALOG_PASSWORD", "s3cret"));
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/dam?sslmode=require");
        assertThat(u.user()).isEqualTo("dam");
        assertThat(u.password()).isEqualTo("s3cret");
        assertThat(u.display()).isEqualTo("postgresql://dam@db.example:6543/dam?sslmode=require").doesNotContain("s3cret");
        assertThat(u.toString()).doesNotContain("s3cret");
        assertThat(CatalogUrl.parse("postgresql://h/d", Map.of("PGUSER", "pg", "PGPASSWORD", "p")).user()).isEqualTo("pg");
        assertThat(CatalogUrl.parse("postgresql://h/d", Map.of()).port()).isEqualTo(5432);
    }

    @Test
    void passwordsInTheUrlAndOtherMistakesAreRefusedInWords() {
        assertThatThrownBy(() -> CatalogUrl.parse("postgresql://u:secret@h/d", Map.of())).isInstanceOf(DamException.class)
                .hasMessageContaining("must not contain a password").hasMessageNotContaining("secret@");
        assertThatThrownBy(() -> CatalogUrl.parse("postgresql://h/d?password=x", Map.of())).hasMessageContaining("DAM_CATALOG_PASSWORD");
        assertThatThrownBy(() -> CatalogUrl.parse("postgresql://h/", Map.of())).hasMessageContaining("must name one database");
        assertThatThrownBy(() -> CatalogUrl.parse("mysql://h/d", Map.of())).hasMessageContaining("neither sqlite:PATH nor postgresql://");
        assertThatThrownBy(() -> CatalogUrl.parse("sqlite:", Map.of())).hasMessageContaining("names no file");
        // a URL that does not parse is never echoed with what may be a secret
        assertThatThrownBy(() -> CatalogUrl.parse("postgresql://u:s3cretA@/db", Map.of())).hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> CatalogUrl.parse("postgresql://host/db/x?password=s3cretB", Map.of())).hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> CatalogUrl.parse("postgresql://host/db?password=s3cretF&x=^", Map.of())).hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> CatalogUrl.parse("postgresql://host/db?sslpassword=s3cretG", Map.of())).hasMessageNotContaining("s3cret")
                .hasMessageContaining("DAM_CATALOG_PASSWORD");
    }
}
