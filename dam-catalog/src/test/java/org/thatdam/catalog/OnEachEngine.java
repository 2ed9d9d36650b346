package org.thatdam.catalog;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.thatdam.catalog.testing.CatalogEngines;

/**
 * A fresh catalog for each test on the engine the subclass is run with (annotate it
 * {@code @ParameterizedClass @EnumSource(CatalogUrl.Engine.class)}), and the helper that fills it.
 */
abstract class OnEachEngine {

    @Parameter CatalogUrl.Engine engine;
    @TempDir Path dir;
    Catalog catalog;
    final SqliteCatalogTest helper = new SqliteCatalogTest();

    @BeforeEach
    void open() {
        catalog = CatalogEngines.open(engine, dir);
        helper.catalog = catalog;
    }

    @AfterEach
    void close() {
        catalog.close();
    }
}
