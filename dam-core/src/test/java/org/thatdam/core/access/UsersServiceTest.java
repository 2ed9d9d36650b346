package org.thatdam.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.model.User;

class UsersServiceTest {

    @TempDir Path dir;
    AccessFixture f;
    final Principal cli = Principal.commandLine();

    @BeforeEach
    void open() {
        f = new AccessFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void setupCreatesTheFirstAdminOnceAndIsAudited() {
        assertThat(f.users.needsSetup()).isTrue();
        User admin = f.users.setup("Alice", "long enough pw", "127.0.0.1");
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(f.users.needsSetup()).isFalse();
        assertCode(() -> f.users.setup("mallory", "long enough pw", "10.0.0.9"), ErrorCode.CONFLICT, "already has users");
        assertThat(f.audit.query(null, null, 10)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("setup");
            assertThat(e.user()).isEqualTo("Alice");
            assertThat(e.address()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void namesAreUniqueIgnoringCaseAndHashesAreNeverPlainText() {
        f.users.add("bob", Role.EDITOR, "password one", cli, null);
        assertCode(() -> f.users.add("BOB", Role.VIEWER, "password two", cli, null), ErrorCode.CONFLICT, "already exists");
        assertThat(f.users.user("Bob").name()).isEqualTo("bob");
        String stored = f.catalog.read(s -> s.users().passwordHash("bob")).orElseThrow();
        assertThat(stored).startsWith("$argon2id$").doesNotContain("password one");
    }

    @Test
    void hostileNamesAndPasswordsAreRefusedInWords() {
        for (String bad : new String[] {"", " ", "a b", "../x", "-lead", "x".repeat(65), "ü", "a\nb", null}) {
            assertCode(() -> f.users.add(bad, Role.VIEWER, "long enough pw", cli, null), ErrorCode.INVALID, "user name");
        }
        assertCode(() -> f.users.add("carol", Role.VIEWER, "short", cli, null), ErrorCode.INVALID, "at least 8");
        assertCode(() -> f.users.add("carol", Role.VIEWER, "x".repeat(1025), cli, null), ErrorCode.INVALID, "at most 1024");
        assertCode(() -> f.users.add("carol", Role.VIEWER, null, cli, null), ErrorCode.INVALID, "at least 8");
    }

    @Test
    void theLastAdminCanBeNeitherRemovedNorDemoted() {
        f.users.add("root", Role.ADMIN, "password one", cli, null);
        f.users.add("ed", Role.EDITOR, "password one", cli, null);
        assertCode(() -> f.users.remove("root", cli, null), ErrorCode.CONFLICT, "last admin");
        assertCode(() -> f.users.role("root", Role.EDITOR, cli, null), ErrorCode.CONFLICT, "last admin");
        f.users.role("ed", Role.ADMIN, cli, null);
        f.users.role("root", Role.VIEWER, cli, null);
        f.users.remove("root", cli, null);
        assertThat(f.users.list()).extracting(User::name, User::role).containsExactly(org.assertj.core.groups.Tuple.tuple("ed", Role.ADMIN));
        assertCode(() -> f.users.remove("root", cli, null), ErrorCode.NOT_FOUND, "no user 'root'");
    }

    @Test
    void onlyAdminsManageUsersAndSetPasswords() {
        f.users.add("root", Role.ADMIN, "password one", cli, null);
        f.users.add("ed", Role.EDITOR, "password one", cli, null);
        Principal ed = AccessFixture.as("ed", Role.EDITOR);
        assertCode(() -> f.users.add("x", Role.ADMIN, "password one", ed, null), ErrorCode.FORBIDDEN, "only an admin");
        assertCode(() -> f.users.role("ed", Role.ADMIN, ed, null), ErrorCode.FORBIDDEN, "only an admin");
        assertCode(() -> f.users.remove("root", ed, null), ErrorCode.FORBIDDEN, "only an admin");
        assertCode(() -> f.users.passwd("root", "password two", ed, null), ErrorCode.FORBIDDEN, "only an admin");
        assertCode(() -> f.users.passwd("ed", "password two", ed, null), ErrorCode.FORBIDDEN, "only an admin");
        assertThat(f.users.authenticate("ed", "password one")).as("one's own goes through changePassword").isPresent();
        f.users.passwd("ED", "password two", AccessFixture.as("root", Role.ADMIN), "10.1.1.1");
        assertThat(f.users.authenticate("ed", "password two")).isPresent();
        assertThat(f.users.authenticate("ed", "password one")).isEmpty();
    }

    @Test
    void roleAndPasswordChangeTogetherOrNotAtAll() {
        f.users.add("root", Role.ADMIN, "password one", cli, null);
        f.users.add("ed", Role.EDITOR, "password one", cli, null);
        var session = f.sessions.login("ed", "password one", "10.0.0.1", null);
        assertCode(() -> f.users.update("ed", Role.VIEWER, "short", cli, null), ErrorCode.INVALID, "at least 8");
        assertThat(f.users.user("ed").role()).as("a bad password leaves the role").isEqualTo(Role.EDITOR);
        assertCode(() -> f.users.update("root", Role.VIEWER, "password two", cli, null), ErrorCode.CONFLICT, "last admin");
        assertThat(f.users.authenticate("root", "password one")).as("a refused role leaves the password").isPresent();
        assertCode(() -> f.users.update("ed", null, null, cli, null), ErrorCode.INVALID, "a role, a password or both");

        User ed = f.users.update("ed", Role.VIEWER, "password two", cli, "10.0.0.2");
        assertThat(ed.role()).isEqualTo(Role.VIEWER);
        assertThat(f.users.authenticate("ed", "password two")).isPresent();
        assertThat(f.sessions.validate(session.token())).as("the new password ended the session").isEmpty();
        assertThat(f.audit.query(null, null, 2)).extracting(e -> e.action(), e -> e.detail()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("user.passwd", "1 session(s) ended"),
                org.assertj.core.groups.Tuple.tuple("user.role", "editor -> viewer"));
    }

    @Test
    void setupRefusesBeforeHashingOnceUsersExist() throws Exception {
        PasswordHasher hasher = new PasswordHasher(AccessFixture.LIGHT, 1, java.time.Duration.ofMillis(200));
        AccessFixture g = new AccessFixture(dir.resolve("g"), hasher);
        try {
            g.users.setup("alice", "long enough pw", null);
            try (var held = PasswordHasherTest.hold(hasher)) {
                // with every hash slot taken, a refusal after a hash would say "busy"
                assertCode(() -> g.users.setup("mallory", "long enough pw", null), ErrorCode.CONFLICT, "already has users");
                assertCode(() -> g.users.setup("mallory", "x".repeat(2000), null), ErrorCode.CONFLICT, "already has users");
            }
        } finally {
            g.close();
        }
    }

    @Test
    void aNewPasswordEndsTheUsersSessions() {
        f.users.add("ed", Role.EDITOR, "password one", cli, null);
        var s = f.sessions.login("ed", "password one", "10.0.0.1", "test");
        assertThat(f.sessions.validate(s.token())).isPresent();
        f.users.passwd("ed", "password two", cli, null);
        assertThat(f.sessions.validate(s.token())).isEmpty();
    }

    @Test
    void hashesOfOlderParametersAreReplacedAtTheNextLogin() {
        f.users.add("ed", Role.EDITOR, "password one", cli, null);
        String before = f.catalog.read(s -> s.users().passwordHash("ed")).orElseThrow();
        UserService stronger = new UserService(f.catalog, new PasswordHasher(new PasswordHasher.Params(2048, 1, 1)), f.audit, f.clock);
        assertThat(stronger.authenticate("ed", "password one")).isPresent();
        String after = f.catalog.read(s -> s.users().passwordHash("ed")).orElseThrow();
        assertThat(after).isNotEqualTo(before).contains("m=2048,");
    }

    @Test
    void usersSurviveReopeningTheCatalog() {
        f.users.add("ed", Role.EDITOR, "password one", cli, null);
        f.close();
        f = new AccessFixture(dir);
        assertThat(f.users.authenticate("ed", "password one")).isPresent();
    }
}
