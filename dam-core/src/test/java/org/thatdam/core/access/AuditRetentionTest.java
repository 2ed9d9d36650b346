package org.thatdam.core.access;

import org.thatdam.core.audit.AuditAction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.AuditEntry;

class AuditRetentionTest {

    @TempDir Path dir;

    @Test
    void entriesOlderThanTheKeptDaysAreDeleted() {
        try (AccessFixture f = new AccessFixture(dir)) {
            f.audit.record(null, AuditAction.LOGIN_FAILED, "old", null, null);
            f.clock.advance(Duration.ofDays(10));
            f.audit.record(null, AuditAction.LOGIN_FAILED, "recent", null, null);
            f.clock.advance(Duration.ofDays(5));
            assertThat(f.audit.prune(Duration.ofDays(20))).isZero();
            assertThat(f.audit.prune(Duration.ofDays(7))).isEqualTo(1);
            assertThat(f.audit.query(null, null, 10)).extracting(AuditEntry::target).containsExactly("recent");
        }
    }
}
