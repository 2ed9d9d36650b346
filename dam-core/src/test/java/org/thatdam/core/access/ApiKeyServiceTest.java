package org.thatdam.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.ApiKey;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;

class ApiKeyServiceTest {

    @TempDir Path dir;
    AccessFixture f;
    final Principal cli = Principal.commandLine();

    @BeforeEach
    void open() {
        f = new AccessFixture(dir);
        f.users.add("root", Role.ADMIN, "password one", cli, null);
        f.users.add("ed", Role.EDITOR, "password one", cli, null);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aKeyIsShownOnceStoredHashedAndAuthenticatesAsItsUser() {
        var k = f.apiKeys.create("ed", "backup script", Role.VIEWER, null, cli, null);
        assertThat(k.secret()).startsWith("dam_").hasSizeGreaterThan(40);
        assertThat(k.key().prefix()).isEqualTo(k.secret().substring(0, 12));
        assertThat(k.key().role()).isEqualTo(Role.VIEWER);
        Integer plain = f.catalog.read(s -> s.apiKeys().findByHash(k.secret())).isPresent() ? 1 : 0;
        assertThat(plain).as("the key itself is not what is stored").isZero();
        assertThat(f.apiKeys.authenticate(k.secret()))
                .contains(new Principal("ed", Role.VIEWER, Principal.Via.API_KEY, k.key().id()));
        for (String bad : new String[] {null, "", "dam_", k.secret() + "x", k.secret().substring(4), "dam_" + "a".repeat(500)}) {
            assertThat(f.apiKeys.authenticate(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void aKeyNeverHasMoreRightsThanItsUser() {
        assertCode(() -> f.apiKeys.create("ed", null, Role.ADMIN, null, cli, null), ErrorCode.INVALID,
                "more rights than its user");
        var k = f.apiKeys.create("ed", null, null, null, cli, null);
        assertThat(k.key().role()).as("defaults to the user's role").isEqualTo(Role.EDITOR);
        f.users.role("ed", Role.VIEWER, cli, null);
        assertThat(f.apiKeys.authenticate(k.secret())).map(Principal::role).contains(Role.VIEWER);
        f.users.remove("ed", cli, null);
        assertThat(f.apiKeys.authenticate(k.secret())).isEmpty();
    }

    @Test
    void keysExpireAndCanBeRevoked() {
        var k = f.apiKeys.create("ed", "ci", null, Duration.ofDays(90), cli, null);
        assertThat(f.apiKeys.authenticate(k.secret())).isPresent();
        f.clock.advance(Duration.ofDays(90));
        assertThat(f.apiKeys.authenticate(k.secret())).as("expired").isEmpty();

        var r = f.apiKeys.create("ed", "ci", null, null, cli, null);
        Principal ed = AccessFixture.as("ed", Role.EDITOR);
        ApiKey revoked = f.apiKeys.revoke(r.key().id(), ed, "10.0.0.1");
        assertThat(revoked.revokedAt()).isNotNull();
        assertThat(f.apiKeys.authenticate(r.secret())).isEmpty();
        assertCode(() -> f.apiKeys.revoke(r.key().id(), ed, null), ErrorCode.CONFLICT, "already revoked");
        assertCode(() -> f.apiKeys.revoke(999, ed, null), ErrorCode.NOT_FOUND, "no API key 999");
        assertCode(() -> f.apiKeys.create("ed", null, null, Duration.ZERO, cli, null), ErrorCode.INVALID, "future");
    }

    @Test
    void lastUseIsNotedAtMostOnceAMinute() {
        var k = f.apiKeys.create("ed", null, null, null, cli, null);
        f.apiKeys.authenticate(k.secret());
        var first = f.apiKeys.list("ed", cli).getFirst().lastUsedAt();
        assertThat(first).isEqualTo(f.clock.instant());
        f.clock.advance(Duration.ofSeconds(30));
        f.apiKeys.authenticate(k.secret());
        assertThat(f.apiKeys.list("ed", cli).getFirst().lastUsedAt()).isEqualTo(first);
        f.clock.advance(Duration.ofSeconds(30));
        f.apiKeys.authenticate(k.secret());
        assertThat(f.apiKeys.list("ed", cli).getFirst().lastUsedAt()).isEqualTo(f.clock.instant());
    }

    @Test
    void usersSeeAndManageOnlyTheirOwnKeys() {
        var rootKey = f.apiKeys.create("root", null, null, null, cli, null);
        Principal ed = AccessFixture.as("ed", Role.EDITOR);
        f.apiKeys.create("ed", "mine", null, null, ed, null);
        assertCode(() -> f.apiKeys.create("root", null, null, null, ed, null), ErrorCode.FORBIDDEN, "only an admin");
        assertCode(() -> f.apiKeys.list(null, ed), ErrorCode.FORBIDDEN, "only an admin");
        assertCode(() -> f.apiKeys.list("root", ed), ErrorCode.FORBIDDEN, "only an admin");
        assertCode(() -> f.apiKeys.revoke(rootKey.key().id(), ed, null), ErrorCode.NOT_FOUND, "no API key");
        assertThat(f.apiKeys.list("ed", ed)).extracting(ApiKey::name).containsExactly("mine");
        assertThat(f.apiKeys.list(null, AccessFixture.as("root", Role.ADMIN))).hasSize(2);
        assertThat(f.audit.query("ed", null, 10)).extracting(e -> e.action()).containsExactly("apikey.create");
    }

    @Test
    void aKeyNeverHasMoreRightsThanTheCredentialThatMakesIt() {
        Principal rootViewing = new Principal("root", Role.VIEWER, Principal.Via.API_KEY, 1L);
        assertThat(f.apiKeys.create("root", null, null, null, rootViewing, null).key().role())
                .as("defaults to the lower of the user's and the caller's role").isEqualTo(Role.VIEWER);
        assertCode(() -> f.apiKeys.create("root", null, Role.ADMIN, null, rootViewing, null), ErrorCode.INVALID,
                "more rights than the credential");
        assertThat(f.apiKeys.create("ed", null, null, null, AccessFixture.as("root", Role.ADMIN), null).key().role())
                .as("an admin making a key for an editor").isEqualTo(Role.EDITOR);
    }
}
