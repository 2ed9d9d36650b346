package org.thatdam.core.access;

import org.thatdam.core.audit.AuditAction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.AuditEntry;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;

/**
 * A library change and its audit entry share one transaction, on a real catalog: a change the
 * database refuses leaves no entry, and an entry the database refuses undoes its change. The
 * refusals are SQLite triggers added to the library's own catalog file.
 */
class AuditedChangesTest {

    static final Actor ANN = new Actor(new Principal("ann", Role.EDITOR, Principal.Via.API_KEY, 7L), "192.0.2.1");

    @TempDir Path tmp;
    Dam dam;
    long clip;

    @BeforeEach
    void setUp() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media")).toRealPath();
        TestMedia.copy(TestMedia.h264Mp4(), media.resolve("trip"), "clip.mp4");
        dam = openDam(tmp);
        scan(dam, media);
        clip = dam.assets().recent(1).get(0).id();
    }

    @AfterEach
    void tearDown() {
        dam.close();
    }

    @Test
    void aChangeIsWrittenWithItsEntryNamingWhoAndFromWhere() {
        dam.batches().renameBatch("trip", "holiday", ANN);
        AuditEntry e = dam.audit().query(null, null, 10).get(0);
        assertThat(e.action()).isEqualTo(AuditAction.BATCH_RENAME.id());
        assertThat(e.user()).isEqualTo("ann");
        assertThat(e.address()).isEqualTo("192.0.2.1");
        assertThat(e.target()).isEqualTo("batch trip");
        assertThat(e.detail()).isEqualTo("to holiday");
    }

    @Test
    void aChangeTheCatalogRefusesLeavesNoEntry() throws Exception {
        sql("CREATE TRIGGER refuse_title BEFORE UPDATE OF title ON asset BEGIN SELECT RAISE(ABORT, 'no new titles'); END");
        assertThatThrownBy(() -> dam.assets().update(clip, AssetPatch.none().withTitle("Renamed"), ANN))
                .isInstanceOf(RuntimeException.class);
        assertThat(dam.assets().details(clip).orElseThrow().asset().title()).isNotEqualTo("Renamed");
        assertThat(entries()).isEmpty();
    }

    @Test
    void anEntryTheCatalogRefusesUndoesItsChange() throws Exception {
        sql("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'no audit'); END");
        assertThatThrownBy(() -> dam.assets().update(clip, AssetPatch.none().withTitle("Renamed"), ANN))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> dam.batches().renameBatch("trip", "holiday", ANN)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> dam.assets().delete(clip, Actor.commandLine())).isInstanceOf(RuntimeException.class);

        assertThat(dam.assets().details(clip)).as("not forgotten").isPresent();
        assertThat(dam.assets().details(clip).orElseThrow().asset().title()).isNotEqualTo("Renamed");
        assertThat(dam.batches().batches()).extracting(b -> b.name()).contains("trip").doesNotContain("holiday");
        sql("DROP TRIGGER refuse_audit");
        assertThat(entries()).isEmpty();
    }

    private List<AuditEntry> entries() {
        return dam.audit().query(null, null, 100);
    }

    /** Runs {@code statement} on the library's catalog file through a connection of its own. */
    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dam.layout().catalogDb());
             Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
