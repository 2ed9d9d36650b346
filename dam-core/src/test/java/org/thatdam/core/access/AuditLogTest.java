package org.thatdam.core.access;

import org.thatdam.core.audit.AuditAction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.AuditEntry;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Role;

class AuditLogTest {

    @TempDir Path dir;
    AccessFixture f;

    @BeforeEach
    void open() {
        f = new AccessFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void entriesAreFilteredByUserIgnoringCaseAndBySinceNewestFirst() {
        f.audit.record(AccessFixture.as("Ann", Role.ADMIN), AuditAction.USER_ADD, "bob", "role viewer", "10.0.0.1");
        f.clock.advance(Duration.ofDays(2));
        Instant cut = f.clock.instant();
        f.audit.record(AccessFixture.as("bob", Role.VIEWER), AuditAction.LOGIN, "bob", null, "10.0.0.2");
        f.audit.record(AccessFixture.as("ann", Role.ADMIN), AuditAction.USER_ROLE, "bob", "viewer -> editor", null);
        f.audit.record(null, AuditAction.LOGIN_FAILED, "eve", null, "10.6.6.6");

        assertThat(f.audit.query(null, null, 100)).extracting(AuditEntry::action)
                .containsExactly("login.failed", "user.role", "login", "user.add");
        assertThat(f.audit.query("ANN", null, 100)).extracting(AuditEntry::action).containsExactly("user.role", "user.add");
        assertThat(f.audit.query("ann", cut, 100)).extracting(AuditEntry::detail).containsExactly("viewer -> editor");
        assertThat(f.audit.query(null, cut, 2)).hasSize(2);
        AuditEntry first = f.audit.query(null, null, 100).getLast();
        assertThat(first.at()).isEqualTo(cut.minus(Duration.ofDays(2)));
        assertThat(first.address()).isEqualTo("10.0.0.1");
        assertCode(() -> f.audit.query(null, null, 0), ErrorCode.INVALID, "limit");
    }

    @Test
    void entriesAreFilteredByActionOrByAGroupOfActions() {
        f.audit.record(null, AuditAction.LOGIN_FAILED, "eve", null, "10.6.6.6");
        f.audit.record(AccessFixture.as("ann", Role.ADMIN), AuditAction.LOGIN, "ann", null, "10.0.0.1");
        f.audit.record(AccessFixture.as("ann", Role.ADMIN), AuditAction.BATCH_RENAME, "batch trip", "to travel", "10.0.0.1");
        f.audit.record(AccessFixture.as("ann", Role.ADMIN), AuditAction.ROOT_ADD, "root /media", "scan 1", "10.0.0.1");

        assertThat(f.audit.query(null, null, "login", 100)).extracting(AuditEntry::action).containsExactly("login", "login.failed");
        assertThat(f.audit.query(null, null, "LOGIN.FAILED", 100)).extracting(AuditEntry::target).containsExactly("eve");
        assertThat(f.audit.query("ann", null, "batch", 100)).extracting(AuditEntry::detail).containsExactly("to travel");
        assertThat(f.audit.query(null, null, "user", 100)).isEmpty();
        assertCode(() -> f.audit.query(null, null, "log", 100), ErrorCode.INVALID, "no audit action 'log'");
        assertThat(AuditAction.filters()).contains("login", "login.failed", "batch", "batch.rename", "prune", "root")
                .doesNotHaveDuplicates();
    }
}
