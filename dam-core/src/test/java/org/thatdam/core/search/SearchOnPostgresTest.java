package org.thatdam.core.search;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.catalog.CatalogUrl;

/** The index follows a catalog on PostgreSQL as it follows SQLite's: scans, edits, removals, another handle's writes. */
class SearchOnPostgresTest {

    @TempDir Path tmp;

    @Test
    void followsScansEditsAndRemovals() throws Exception {
        SearchServiceTest.followsScansEditsAndRemovals(tmp, CatalogUrl.Engine.POSTGRESQL);
    }

    @Test
    void followsChangesMadeThroughAnotherCatalogHandle() throws Exception {
        SearchServiceTest.followsChangesMadeThroughAnotherCatalogHandle(tmp.resolve("other"), CatalogUrl.Engine.POSTGRESQL);
    }
}
