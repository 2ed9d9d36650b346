package org.thatdam.core.access;

import org.thatdam.core.audit.AuditAction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.AuditEntry;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;

class SessionServiceTest {

    @TempDir Path dir;
    AccessFixture f;

    @BeforeEach
    void open() {
        f = new AccessFixture(dir);
        f.users.add("ed", Role.EDITOR, "password one", Principal.commandLine(), null);
        f.users.add("vi", Role.VIEWER, "password one", Principal.commandLine(), null);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void loginGivesATokenKeptOnlyAsItsHash() {
        var s = f.sessions.login("ED", "password one", "10.0.0.1", "Firefox");
        assertThat(s.token()).hasSizeGreaterThanOrEqualTo(43);
        Principal p = f.sessions.validate(s.token()).orElseThrow();
        assertThat(p).isEqualTo(new Principal("ed", Role.EDITOR, Principal.Via.SESSION, s.session().id()));
        String stored = f.catalog.read(h -> h.sessions().findByTokenHash(Secrets.sha256(s.token()))).orElseThrow()
                .session().userAgent();
        assertThat(stored).isEqualTo("Firefox");
        assertThat(f.sessions.validate(s.token() + "x")).isEmpty();
        assertThat(f.sessions.validate("")).isEmpty();
        assertThat(f.sessions.validate(null)).isEmpty();
        assertThat(f.sessions.validate("z".repeat(10_000))).isEmpty();
    }

    @Test
    void wrongNameAndWrongPasswordGetTheSameAnswerAndAreAudited() {
        assertCode(() -> f.sessions.login("ed", "password two", "10.0.0.1", null), ErrorCode.UNAUTHORIZED,
                "wrong user name or password");
        assertCode(() -> f.sessions.login("nobody", "password one", "10.0.0.2", null), ErrorCode.UNAUTHORIZED,
                "wrong user name or password");
        assertThat(f.audit.query(null, null, 10)).extracting(AuditEntry::action, AuditEntry::target, AuditEntry::address)
                .startsWith(org.assertj.core.groups.Tuple.tuple("login.failed", "nobody", "10.0.0.2"),
                        org.assertj.core.groups.Tuple.tuple("login.failed", "ed", "10.0.0.1"));
    }

    @Test
    void whatAStrangerSendsIsStoredWithoutControlOrDirectionCharacters() {
        String forged = "admin\u009b31m\u202eFORGED\u2028login admin ok\u0085x\u0007";
        assertCode(() -> f.sessions.login("ad\u200bmin\ufeff\udb40\udc41", "password two", "10.0.0.3", null), ErrorCode.UNAUTHORIZED,
                "wrong user name or password");
        assertThat(f.audit.query(null, null, 1).get(0).target()).as("invisible characters").isEqualTo("ad?min??");
        assertCode(() -> f.sessions.login(forged, "password two", "10.0.0.3", null), ErrorCode.UNAUTHORIZED,
                "wrong user name or password");
        assertThat(f.audit.query(null, null, 1).get(0).target()).isEqualTo("admin?31m?FORGED?login admin ok?x?");
        var s = f.sessions.login("ed", "password one", "10.0.0.1", "Agent\u202e/1.0\r\nX: y" + "z".repeat(1000));
        String stored = f.catalog.read(h -> h.sessions().findByTokenHash(Secrets.sha256(s.token()))).orElseThrow()
                .session().userAgent();
        assertThat(stored).startsWith("Agent?/1.0??X: y").hasSize(256);
    }

    @Test
    void aLesserKeyOfTheUserCannotChangeThePassword() {
        var lesser = new Principal("ed", Role.VIEWER, Principal.Via.API_KEY, 99L);
        assertCode(() -> f.sessions.changePassword(lesser, "password one", "password two", null), ErrorCode.FORBIDDEN,
                "fewer rights than its user");
        assertThat(f.sessions.login("ed", "password one", null, null).user().name()).as("the password is unchanged").isEqualTo("ed");
    }

    @Test
    void sessionsEndAfterTheIdleTimeAndTheMaximumAge() {
        var idle = f.sessions.login("ed", "password one", "10.0.0.1", null);
        f.clock.advance(AccessFixture.IDLE.minusMinutes(1));
        assertThat(f.sessions.validate(idle.token())).as("used just before the idle time").isPresent();
        f.clock.advance(AccessFixture.IDLE.minusMinutes(1));
        assertThat(f.sessions.validate(idle.token())).as("the use above refreshed it").isPresent();
        f.clock.advance(AccessFixture.IDLE);
        assertThat(f.sessions.validate(idle.token())).as("idle too long").isEmpty();

        var busy = f.sessions.login("ed", "password one", "10.0.0.1", null);
        for (Duration used = Duration.ZERO; used.compareTo(AccessFixture.MAX_AGE) < 0; used = used.plusHours(6)) {
            assertThat(f.sessions.validate(busy.token())).as("after %s", used).isPresent();
            f.clock.advance(Duration.ofHours(6));
        }
        assertThat(f.sessions.validate(busy.token())).as("past the maximum age, however busy").isEmpty();
    }

    @Test
    void sessionsSurviveARestart() {
        var s = f.sessions.login("ed", "password one", "10.0.0.1", null);
        f.close();
        f = new AccessFixture(dir);
        assertThat(f.sessions.validate(s.token())).map(Principal::user).contains("ed");
    }

    @Test
    void usersListAndRevokeTheirOwnSessionsOnly() {
        var a = f.sessions.login("ed", "password one", "10.0.0.1", "phone");
        var b = f.sessions.login("ed", "password one", "10.0.0.2", "laptop");
        var v = f.sessions.login("vi", "password one", "10.0.0.3", null);
        Principal ed = f.sessions.validate(a.token()).orElseThrow();
        Principal vi = f.sessions.validate(v.token()).orElseThrow();
        assertThat(f.sessions.list("ed", ed)).extracting(x -> x.userAgent()).containsExactly("laptop", "phone");
        assertCode(() -> f.sessions.list("ed", vi), ErrorCode.FORBIDDEN, "only an admin");
        assertCode(() -> f.sessions.revoke(a.session().id(), vi, null), ErrorCode.NOT_FOUND, "no session");
        f.sessions.revoke(b.session().id(), ed, "10.0.0.1");
        assertThat(f.sessions.validate(b.token())).isEmpty();
        assertThat(f.sessions.validate(a.token())).isPresent();
        f.sessions.logout(a.token(), "10.0.0.1");
        assertThat(f.sessions.validate(a.token())).isEmpty();
        assertThat(f.audit.query("ed", null, 10)).extracting(AuditEntry::action)
                .containsExactly("logout", "session.revoke", "login", "login");
    }

    @Test
    void aDemotedUsersSessionCarriesTheNewRole() {
        var s = f.sessions.login("ed", "password one", "10.0.0.1", null);
        f.users.role("ed", Role.VIEWER, Principal.commandLine(), null);
        assertThat(f.sessions.validate(s.token())).map(Principal::role).contains(Role.VIEWER);
        f.users.remove("ed", Principal.commandLine(), null);
        assertThat(f.sessions.validate(s.token())).isEmpty();
    }

    @Test
    void repeatedFailuresAreThrottledPerAccountAndPerAddressWithDoublingWaits() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertCode(() -> f.sessions.login("ed", "wrong password", "10.0.0.1", null), ErrorCode.UNAUTHORIZED, "wrong");
        }
        // Even the right password waits now: the answer must not tell a guesser it was right.
        assertCode(() -> f.sessions.login("ed", "password one", "10.0.0.7", null), ErrorCode.RATE_LIMITED, "try again in 1 s");
        assertCode(() -> f.sessions.login("vi", "password one", "10.0.0.1", null), ErrorCode.RATE_LIMITED, "try again in 1 s");
        assertThat(f.sessions.login("vi", "password one", "10.0.0.8", null).token()).as("other account, other address").isNotBlank();

        f.clock.advance(Duration.ofSeconds(1));
        assertCode(() -> f.sessions.login("ed", "wrong password", "10.0.0.9", null), ErrorCode.UNAUTHORIZED, "wrong");
        assertCode(() -> f.sessions.login("ed", "password one", "10.0.0.9", null), ErrorCode.RATE_LIMITED, "try again in 2 s");
        f.clock.advance(Duration.ofSeconds(2));
        assertThat(f.sessions.login("ed", "password one", "10.0.0.9", null).token()).isNotBlank();
        assertThat(f.sessions.login("ed", "password one", "10.0.0.9", null).token()).as("success cleared the account").isNotBlank();
    }

    @Test
    void changingOnesPasswordProvesTheCurrentOneAndKeepsOnlyThisSession() {
        var here = f.sessions.login("ed", "password one", "10.0.0.1", "laptop");
        var there = f.sessions.login("ed", "password one", "10.0.0.2", "phone");
        Principal ed = f.sessions.validate(here.token()).orElseThrow();
        assertCode(() -> f.sessions.changePassword(ed, "password two", "password three", "10.0.0.1"), ErrorCode.INVALID,
                "current password is not right");
        assertCode(() -> f.sessions.changePassword(ed, "password one", "short", "10.0.0.1"), ErrorCode.INVALID, "at least 8");
        assertCode(() -> f.sessions.changePassword(Principal.commandLine(), "x", "password three", null), ErrorCode.INVALID,
                "belongs to no user");
        assertThat(f.sessions.validate(there.token())).as("nothing changed yet").isPresent();

        f.sessions.changePassword(ed, "password one", "password three", "10.0.0.1");
        assertThat(f.sessions.validate(here.token())).as("the session that changed it").isPresent();
        assertThat(f.sessions.validate(there.token())).as("the others").isEmpty();
        assertCode(() -> f.sessions.login("ed", "password one", "10.0.0.3", null), ErrorCode.UNAUTHORIZED, "wrong");
        assertThat(f.sessions.login("ed", "password three", "10.0.0.3", null).token()).isNotBlank();
        AuditEntry changed = f.audit.query("ed", null, AuditAction.USER_PASSWORD.id(), 1).getFirst();
        assertThat(changed.detail()).isEqualTo("own password; 1 other session(s) ended");
        assertThat(changed.address()).isEqualTo("10.0.0.1");
    }

    @Test
    void guessingTheCurrentPasswordIsThrottledLikeALogin() {
        Principal ed = f.sessions.validate(f.sessions.login("ed", "password one", "10.0.0.1", null).token()).orElseThrow();
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertCode(() -> f.sessions.changePassword(ed, "guess", "password three", "10.0.0.1"), ErrorCode.INVALID, "not right");
        }
        var limited = org.assertj.core.api.Assertions.catchThrowableOfType(org.thatdam.model.RateLimitedException.class,
                () -> f.sessions.changePassword(ed, "password one", "password three", "10.0.0.5"));
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void parallelGuessesGetNoMoreTriesThanSequentialOnes() throws Exception {
        int guessers = 24;
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(guessers);
        try {
            List<java.util.concurrent.Future<ErrorCode>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < guessers; i++) {
                String guess = "guess number " + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    try {
                        f.sessions.login("ed", guess, "10.0.0.1", null);
                        return null;
                    } catch (org.thatdam.model.DamException e) {
                        return e.code();
                    }
                }));
            }
            start.countDown();
            List<ErrorCode> codes = new java.util.ArrayList<>();
            for (var a : answers) codes.add(a.get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertThat(codes).as("only the free failures were checked at all")
                    .filteredOn(c -> c == ErrorCode.UNAUTHORIZED).hasSize(LoginThrottle.FREE_FAILURES);
            assertThat(codes).filteredOn(c -> c == ErrorCode.RATE_LIMITED).hasSize(guessers - LoginThrottle.FREE_FAILURES);
            assertThat(f.audit.query(null, null, "login.failed", 100)).hasSize(LoginThrottle.FREE_FAILURES);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void setupOpensTheFirstAdminsSessionAtOnce() {
        AccessFixture empty = new AccessFixture(dir.resolve("empty"));
        try {
            var s = empty.sessions.setup("alice", "long enough pw", "127.0.0.1", "browser");
            assertThat(empty.sessions.validate(s.token())).map(Principal::role).contains(Role.ADMIN);
            assertThat(empty.audit.query(null, null, 10)).extracting(AuditEntry::action).containsExactly("login", "setup");
        } finally {
            empty.close();
        }
    }

    @Test
    void aWrongCurrentPasswordIsAudited() {
        Principal ed = f.sessions.validate(f.sessions.login("ed", "password one", "10.0.0.1", null).token()).orElseThrow();
        assertCode(() -> f.sessions.changePassword(ed, "guess", "password three", "10.0.0.4"), ErrorCode.INVALID, "not right");
        assertThat(f.audit.query(null, null, "user.passwd.failed", 10)).singleElement().satisfies(e -> {
            assertThat(e.user()).isEqualTo("ed");
            assertThat(e.target()).isEqualTo("ed");
            assertThat(e.address()).isEqualTo("10.0.0.4");
        });
    }

    @Test
    void aThrottledPasswordChangeCostsNoHash() throws Exception {
        PasswordHasher hasher = new PasswordHasher(AccessFixture.LIGHT, 1, Duration.ofMillis(200));
        AccessFixture g = new AccessFixture(dir.resolve("g"), hasher);
        try {
            g.users.add("ed", Role.EDITOR, "password one", Principal.commandLine(), null);
            Principal ed = AccessFixture.as("ed", Role.EDITOR);
            for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
                assertCode(() -> g.sessions.changePassword(ed, "guess", "password three", "10.0.0.1"), ErrorCode.INVALID, "not right");
            }
            try (var held = PasswordHasherTest.hold(hasher)) {
                // with every hash slot taken, a refusal that came after a hash would say "busy"
                assertCode(() -> g.sessions.changePassword(ed, "guess", "password three", "10.0.0.1"), ErrorCode.RATE_LIMITED,
                        "try again in");
                assertCode(() -> g.sessions.changePassword(ed, "guess", "short", "10.0.0.1"), ErrorCode.INVALID, "at least 8");
            }
        } finally {
            g.close();
        }
    }
}
