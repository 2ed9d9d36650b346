package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.testing.TestClock;
import org.thatdam.model.Role;

/**
 * Accounts through the API, over real HTTP and a real catalog: users (admins only, never without an
 * admin), API keys (never more than their user, dead the moment they are revoked or expire),
 * login with its cookie, throttling and expiry (on a clock the test moves), one's own sessions
 * and password, logout, and the first run's setup.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class AccountsApiTest {

    static final TestClock clock = TestClock.now();

    /**
     * Accounts need no media. Short session lifetimes on a clock the tests move: expiry and
     * throttling without waiting. Failed logins add up per address (every request here comes from
     * 127.0.0.1), so a test that fails logins on purpose ends by moving the clock past the
     * throttle's memory ({@link #forgetFailedLogins}).
     */
    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.of()).clock(clock)
            .config(ConfigKey.AUTH_SESSION_IDLE_MINUTES, "30").config(ConfigKey.AUTH_SESSION_MAX_DAYS, "1");

    /** A library without users, as on the first run. */
    @RegisterExtension
    @Order(2)
    static final LiveServer empty = LiveServer.withMedia(Map.of()).noUsers();

    // ------------------------------------------------------------ users

    @Test
    void anAdminListsCreatesChangesAndRemovesUsers() {
        assertThat(names(live.getJson("/api/v1/users"))).contains(LiveServer.ADMIN);

        HttpResponse<String> made = live.post("/api/v1/users", "{\"username\":\"ann\",\"role\":\"editor\",\"password\":\"ann's password\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode ann = LiveServer.parse(made.body());
        assertThat(ann.path("name").asText()).isEqualTo("ann");
        assertThat(ann.path("role").asText()).isEqualTo("editor");
        assertThat(made.body()).doesNotContain("password").doesNotContain("argon2");
        assertThat(names(live.getJson("/api/v1/users"))).contains("ann");

        assertCode(live.post("/api/v1/users", "{\"username\":\"ANN\",\"role\":\"viewer\",\"password\":\"another password\"}"),
                409, "conflict");
        assertCode(live.post("/api/v1/users", "{\"username\":\"-x\",\"role\":\"viewer\",\"password\":\"another password\"}"),
                422, "invalid");
        assertCode(live.post("/api/v1/users", "{\"username\":\"bob\",\"role\":\"viewer\",\"password\":\"short\"}"), 422, "invalid");
        JsonNode role = assertCode(live.post("/api/v1/users", "{\"username\":\"bob\",\"role\":\"boss\",\"password\":\"long enough\"}"),
                400, "bad_request");
        assertThat(role.path("message").asText()).isEqualTo("field \"role\": expected one of viewer, editor, admin");

        HttpResponse<String> demoted = live.patch("/api/v1/users/ann", "{\"role\":\"viewer\"}");
        assertThat(demoted.statusCode()).as(demoted.body()).isEqualTo(200);
        assertThat(LiveServer.parse(demoted.body()).path("role").asText()).isEqualTo("viewer");
        assertCode(live.patch("/api/v1/users/ann", "{}"), 422, "invalid");
        assertCode(live.patch("/api/v1/users/ann", "{\"role\":\"editor\",\"password\":\"short\"}"), 422, "invalid");
        assertThat(role(live.getJson("/api/v1/users"), "ann")).as("a refused password leaves the role").isEqualTo("viewer");

        String annSession = cookie(login(live, "ann", "ann's password"));
        assertThat(live.patch("/api/v1/users/ann", "{\"password\":\"ann's new password\"}").statusCode()).isEqualTo(200);
        assertThat(asCookie(live, annSession, "GET", "/api/v1/auth/sessions", null).statusCode())
                .as("a password set by an admin ends the user's sessions").isEqualTo(401);
        assertThat(login(live, "ann", "ann's password").statusCode()).isEqualTo(401);
        assertThat(login(live, "ann", "ann's new password").statusCode()).isEqualTo(200);

        assertThat(live.delete("/api/v1/users/ann").statusCode()).isEqualTo(204);
        assertThat(names(live.getJson("/api/v1/users"))).doesNotContain("ann");
        assertCode(live.delete("/api/v1/users/ann"), 404, "not_found");
        assertCode(live.patch("/api/v1/users/ann", "{\"role\":\"editor\"}"), 404, "not_found");
        forgetFailedLogins();
    }

    @Test
    void theLastAdminCannotBeDemotedOrRemoved() {
        List<String> admins = new ArrayList<>();
        live.getJson("/api/v1/users").forEach(u -> {
            if (u.path("role").asText().equals("admin")) admins.add(u.path("name").asText());
        });
        assertThat(admins).containsExactly(LiveServer.ADMIN);
        assertThat(assertCode(live.patch("/api/v1/users/admin", "{\"role\":\"editor\"}"), 409, "conflict").path("message").asText())
                .contains("last admin");
        // refused as a whole: the password given with the role is not set either
        assertCode(live.patch("/api/v1/users/admin", "{\"role\":\"viewer\",\"password\":\"a new admin password\"}"), 409, "conflict");
        assertThat(login(live, LiveServer.ADMIN, LiveServer.PASSWORD).statusCode()).isEqualTo(200);
        assertCode(live.delete("/api/v1/users/admin"), 409, "conflict");
        assertThat(names(live.getJson("/api/v1/users"))).contains(LiveServer.ADMIN);

        // with a second admin, the first may go down a role (and come back)
        assertThat(live.post("/api/v1/users", "{\"username\":\"deputy\",\"role\":\"admin\",\"password\":\"deputy password\"}")
                .statusCode()).isEqualTo(201);
        assertThat(live.patch("/api/v1/users/deputy", "{\"role\":\"viewer\"}").statusCode()).isEqualTo(200);
        assertThat(live.delete("/api/v1/users/deputy").statusCode()).isEqualTo(204);
    }

    @Test
    void viewersAndEditorsCannotManageUsers() {
        for (Role r : List.of(Role.VIEWER, Role.EDITOR)) {
            String key = live.key(r);
            assertCode(asKey(live, key, "GET", "/api/v1/users", null), 403, "forbidden");
            assertCode(asKey(live, key, "POST", "/api/v1/users", "{\"username\":\"eve\",\"role\":\"admin\",\"password\":\"eve's password\"}"),
                    403, "forbidden");
            assertCode(asKey(live, key, "PATCH", "/api/v1/users/" + r.id(), "{\"role\":\"admin\"}"), 403, "forbidden");
            assertCode(asKey(live, key, "DELETE", "/api/v1/users/admin", null), 403, "forbidden");
        }
        assertThat(names(live.getJson("/api/v1/users"))).doesNotContain("eve");
        assertCode(live.sendAnonymous(HttpRequest.newBuilder(live.uri("/api/v1/users"))), 401, "unauthorized");
    }

    // ------------------------------------------------------------ API keys

    @Test
    void anApiKeyWorksUntilItIsRevokedAndNotAMomentLonger() {
        String viewer = live.key(Role.VIEWER);
        HttpResponse<String> made = asKey(live, viewer, "POST", "/api/v1/apikeys", "{\"name\":\"backup script\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode created = LiveServer.parse(made.body());
        String key = created.path("key").asText();
        long id = created.path("id").asLong();
        assertThat(key).startsWith("dam_");
        assertThat(created.path("apiKey").path("id").asLong()).isEqualTo(id);
        assertThat(created.path("apiKey").path("user").asText()).isEqualTo("viewer");
        assertThat(created.path("apiKey").path("role").asText()).isEqualTo("viewer");
        assertThat(created.path("apiKey").path("name").asText()).isEqualTo("backup script");
        assertThat(key).startsWith(created.path("apiKey").path("prefix").asText());
        assertThat(created.path("apiKey").path("active").asBoolean()).isTrue();

        HttpResponse<String> status = asKey(live, key, "GET", "/api/v1/auth/status", null);
        assertThat(LiveServer.parse(status.body()).path("user").asText()).isEqualTo("viewer");
        assertThat(LiveServer.parse(status.body()).path("via").asText()).isEqualTo("api_key");
        assertThat(asKey(live, key, "GET", "/api/v1/batches", null).statusCode()).isEqualTo(200);
        assertCode(asKey(live, key, "POST", "/api/v1/scans", "{}"), 403, "forbidden");

        JsonNode listed = find(LiveServer.parse(asKey(live, viewer, "GET", "/api/v1/apikeys", null).body()), id);
        assertThat(listed.path("lastUsedAt").isTextual()).as("last use shown: %s", listed).isTrue();
        assertThat(listed.toString()).doesNotContain(key);
        // a viewer sees their own keys only
        for (JsonNode k : LiveServer.parse(asKey(live, viewer, "GET", "/api/v1/apikeys", null).body())) {
            assertThat(k.path("user").asText()).isEqualTo("viewer");
        }
        assertCode(asKey(live, viewer, "GET", "/api/v1/apikeys?user=admin", null), 403, "forbidden");

        HttpResponse<String> revoked = asKey(live, viewer, "DELETE", "/api/v1/apikeys/" + id, null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(LiveServer.parse(revoked.body()).path("revokedAt").isTextual()).isTrue();
        assertThat(LiveServer.parse(revoked.body()).path("active").asBoolean()).isFalse();
        JsonNode refused = assertCode(asKey(live, key, "GET", "/api/v1/batches", null), 401, "unauthorized");
        assertThat(refused.path("message").asText()).contains("revoked");
        assertCode(asKey(live, viewer, "DELETE", "/api/v1/apikeys/" + id, null), 409, "conflict");
        // another user's key is not there for a viewer, whatever its id
        long adminsKey = LiveServer.parse(live.post("/api/v1/apikeys", "{}").body()).path("id").asLong();
        assertCode(asKey(live, viewer, "DELETE", "/api/v1/apikeys/" + adminsKey, null), 404, "not_found");
        assertThat(live.delete("/api/v1/apikeys/" + adminsKey).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyNeverHasMoreRightsThanItsUserOrTheCredentialThatMakesIt() {
        String viewer = live.key(Role.VIEWER);
        assertThat(assertCode(asKey(live, viewer, "POST", "/api/v1/apikeys", "{\"role\":\"editor\"}"), 422, "invalid")
                .path("message").asText()).contains("more rights");
        assertCode(asKey(live, viewer, "POST", "/api/v1/apikeys", "{\"user\":\"editor\"}"), 403, "forbidden");
        assertCode(asKey(live, viewer, "POST", "/api/v1/apikeys", "{\"expiresInDays\":0}"), 422, "invalid");
        assertThat(assertCode(asKey(live, viewer, "POST", "/api/v1/apikeys", "{\"expiresInDays\":3651}"), 422, "invalid")
                .path("message").asText()).contains("3650 days");
        assertCode(live.post("/api/v1/apikeys", "{\"user\":\"viewer\",\"role\":\"admin\"}"), 422, "invalid");
        assertCode(live.post("/api/v1/apikeys", "{\"user\":\"nobody\"}"), 404, "not_found");

        // an admin's key limited to viewing manages none of the admin's keys or sessions; it may revoke itself
        JsonNode limitedMade = LiveServer.parse(live.post("/api/v1/apikeys", "{\"role\":\"viewer\"}").body());
        String limited = limitedMade.path("key").asText();
        HttpResponse<String> admins = live.post("/api/v1/apikeys", "{\"name\":\"admin's own\"}");
        long adminsKey = LiveServer.parse(admins.body()).path("id").asLong();
        assertCode(asKey(live, limited, "POST", "/api/v1/apikeys", "{}"), 403, "forbidden");
        assertCode(asKey(live, limited, "GET", "/api/v1/apikeys", null), 403, "forbidden");
        assertCode(asKey(live, limited, "DELETE", "/api/v1/apikeys/" + adminsKey, null), 403, "forbidden");
        assertCode(asKey(live, limited, "GET", "/api/v1/auth/sessions", null), 403, "forbidden");
        assertCode(asKey(live, limited, "GET", "/api/v1/users", null), 403, "forbidden");
        assertThat(asKey(live, limited, "DELETE", "/api/v1/apikeys/" + limitedMade.path("id").asLong(), null).statusCode())
                .isEqualTo(200);
        assertCode(asKey(live, limited, "GET", "/api/v1/batches", null), 401, "unauthorized");
        assertThat(live.delete("/api/v1/apikeys/" + adminsKey).statusCode()).isEqualTo(200);

        // a demoted user's keys are demoted with them
        assertThat(live.post("/api/v1/users", "{\"username\":\"dora\",\"role\":\"editor\",\"password\":\"dora's password\"}")
                .statusCode()).isEqualTo(201);
        String doras = LiveServer.parse(live.post("/api/v1/apikeys", "{\"user\":\"dora\"}").body()).path("key").asText();
        // an editor's route: let through to the job lookup (no such job), then refused
        assertCode(asKey(live, doras, "POST", "/api/v1/jobs/987654321/retry", null), 404, "not_found");
        assertThat(live.patch("/api/v1/users/dora", "{\"role\":\"viewer\"}").statusCode()).isEqualTo(200);
        assertCode(asKey(live, doras, "POST", "/api/v1/jobs/987654321/retry", null), 403, "forbidden");
        assertThat(live.delete("/api/v1/users/dora").statusCode()).isEqualTo(204);
        assertCode(asKey(live, doras, "GET", "/api/v1/batches", null), 401, "unauthorized");
    }

    @Test
    void anExpiredKeyIsRefused() {
        HttpResponse<String> made = live.post("/api/v1/apikeys", "{\"name\":\"one day\",\"expiresInDays\":1}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode created = LiveServer.parse(made.body());
        String key = created.path("key").asText();
        assertThat(created.path("apiKey").path("expiresAt").asText()).isEqualTo(clock.instant().plus(Duration.ofDays(1)).toString());
        assertThat(asKey(live, key, "GET", "/api/v1/batches", null).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofDays(1).minusSeconds(1));
        assertThat(asKey(live, key, "GET", "/api/v1/batches", null).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertCode(asKey(live, key, "GET", "/api/v1/batches", null), 401, "unauthorized");
        JsonNode listed = find(live.getJson("/api/v1/apikeys"), created.path("id").asLong());
        assertThat(listed.path("active").asBoolean()).isFalse();
        assertThat(listed.path("revokedAt").isNull()).isTrue();
    }

    // ------------------------------------------------------------ login, sessions, logout

    @Test
    void loginSetsAHttpOnlySameSiteCookieThatIsNotSecureOverHttp() {
        HttpResponse<String> r = login(live, LiveServer.ADMIN, LiveServer.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode view = LiveServer.parse(r.body());
        assertThat(view.path("user").path("name").asText()).isEqualTo(LiveServer.ADMIN);
        assertThat(view.path("user").path("role").asText()).isEqualTo("admin");
        assertThat(view.path("idleMinutes").asLong()).isEqualTo(30);
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        List<String> attributes = List.of(set.split(";\\s*"));
        assertThat(attributes.get(0)).startsWith(CredentialAccess.COOKIE + "=").hasSizeGreaterThan(40);
        assertThat(attributes).contains("HttpOnly", "Path=/").anySatisfy(a -> assertThat(a).isEqualToIgnoringCase("SameSite=Lax"));
        assertThat(attributes).noneSatisfy(a -> assertThat(a).isEqualToIgnoringCase("Secure"));
        assertThat(attributes).anySatisfy(a -> assertThat(a).startsWith("Max-Age="));

        String cookie = attributes.get(0);
        JsonNode status = LiveServer.parse(asCookie(live, cookie, "GET", "/api/v1/auth/status", null).body());
        assertThat(status.path("user").asText()).isEqualTo(LiveServer.ADMIN);
        assertThat(status.path("via").asText()).isEqualTo("session");
        assertThat(asCookie(live, cookie, "GET", "/api/v1/users", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordOrAnUnknownNameIsTheSame401() {
        HttpResponse<String> wrong = login(live, LiveServer.ADMIN, "not the password");
        HttpResponse<String> unknown = login(live, "nobody-at-all", "not the password");
        JsonNode w = assertCode(wrong, 401, "unauthorized");
        JsonNode u = assertCode(unknown, 401, "unauthorized");
        assertThat(w.path("message").asText()).isEqualTo(u.path("message").asText()).isEqualTo("wrong user name or password");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertCode(live.sendAnonymous(HttpRequest.newBuilder(live.uri("/api/v1/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\"}"))), 422, "invalid");
        forgetFailedLogins();
    }

    @Test
    void repeatedFailuresAreThrottledWithRetryAfter() {
        live.key(Role.VIEWER); // the user "viewer"
        for (int i = 0; i < 5; i++) assertCode(login(live, "viewer", "guess " + i), 401, "unauthorized");
        HttpResponse<String> limited = login(live, "viewer", LiveServer.PASSWORD);
        assertCode(limited, 429, "rate_limited");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(limited.headers().firstValue("Set-Cookie")).isEmpty();
        // the address waits too, whatever the account
        assertThat(login(live, LiveServer.ADMIN, LiveServer.PASSWORD).statusCode()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(1));
        assertThat(login(live, "viewer", LiveServer.PASSWORD).statusCode()).isEqualTo(200);
        assertCode(login(live, "viewer", "guess again"), 401, "unauthorized");
        HttpResponse<String> longer = login(live, "viewer", LiveServer.PASSWORD);
        assertCode(longer, 429, "rate_limited");
        assertThat(longer.headers().firstValue("Retry-After")).hasValue("2");
        forgetFailedLogins();
        assertThat(login(live, "viewer", LiveServer.PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void aSessionEndsWhenLeftUnused() {
        String cookie = cookie(login(live, LiveServer.ADMIN, LiveServer.PASSWORD));
        clock.advance(Duration.ofMinutes(29));
        assertThat(asCookie(live, cookie, "GET", "/api/v1/batches", null).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(29)); // 58 minutes after login, 29 after its last use
        assertThat(asCookie(live, cookie, "GET", "/api/v1/batches", null).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(30));
        assertThat(assertCode(asCookie(live, cookie, "GET", "/api/v1/batches", null), 401, "unauthorized")
                .path("message").asText()).contains("session has ended");
    }

    @Test
    void aSessionEndsAtItsMaximumAgeHoweverMuchItIsUsed() {
        String cookie = cookie(login(live, LiveServer.ADMIN, LiveServer.PASSWORD));
        Duration used = Duration.ZERO;
        while (used.compareTo(Duration.ofDays(1).minusMinutes(20)) < 0) {
            clock.advance(Duration.ofMinutes(20));
            used = used.plusMinutes(20);
            assertThat(asCookie(live, cookie, "GET", "/api/v1/batches", null).statusCode()).as("after %s", used).isEqualTo(200);
        }
        clock.advance(Duration.ofDays(1).minus(used));
        assertCode(asCookie(live, cookie, "GET", "/api/v1/batches", null), 401, "unauthorized");
    }

    @Test
    void logoutEndsTheSession() {
        String cookie = cookie(login(live, LiveServer.ADMIN, LiveServer.PASSWORD));
        assertThat(asCookie(live, cookie, "GET", "/api/v1/batches", null).statusCode()).isEqualTo(200);
        HttpResponse<String> out = asCookie(live, cookie, "POST", "/api/v1/auth/logout", null);
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith(CredentialAccess.COOKIE + "=;").contains("Max-Age=0");
        assertCode(asCookie(live, cookie, "GET", "/api/v1/batches", null), 401, "unauthorized");
    }

    @Test
    void usersListAndRevokeTheirOwnSessions() {
        live.key(Role.EDITOR); // the user "editor"
        String first = cookie(login(live, "editor", LiveServer.PASSWORD));
        String second = cookie(login(live, "editor", LiveServer.PASSWORD));
        JsonNode sessions = LiveServer.parse(asCookie(live, first, "GET", "/api/v1/auth/sessions", null).body());
        assertThat(sessions.size()).isGreaterThanOrEqualTo(2);
        List<JsonNode> current = new ArrayList<>();
        sessions.forEach(s -> {
            if (s.path("current").asBoolean()) current.add(s);
        });
        assertThat(current).hasSize(1);
        assertThat(current.get(0).path("address").asText()).isEqualTo("127.0.0.1");
        assertThat(current.get(0).path("userAgent").isTextual()).isTrue();
        long firstId = current.get(0).path("id").asLong();
        long secondId = -1;
        for (JsonNode s : LiveServer.parse(asCookie(live, second, "GET", "/api/v1/auth/sessions", null).body())) {
            if (s.path("current").asBoolean()) secondId = s.path("id").asLong();
        }
        assertThat(secondId).isNotEqualTo(firstId).isPositive();
        // with an API key no session is the current one
        for (JsonNode s : LiveServer.parse(asKey(live, live.key(Role.EDITOR), "GET", "/api/v1/auth/sessions", null).body())) {
            assertThat(s.path("current").asBoolean()).isFalse();
        }

        assertThat(asCookie(live, first, "DELETE", "/api/v1/auth/sessions/" + secondId, null).statusCode()).isEqualTo(204);
        assertCode(asCookie(live, second, "GET", "/api/v1/batches", null), 401, "unauthorized");
        assertThat(asCookie(live, first, "GET", "/api/v1/batches", null).statusCode()).isEqualTo(200);
        assertCode(asCookie(live, first, "DELETE", "/api/v1/auth/sessions/" + secondId, null), 404, "not_found");
        // another user's session is not there for a viewer
        assertCode(asKey(live, live.key(Role.VIEWER), "DELETE", "/api/v1/auth/sessions/" + firstId, null), 404, "not_found");
        assertThat(asCookie(live, first, "GET", "/api/v1/batches", null).statusCode()).isEqualTo(200);
    }

    @Test
    void changingOnesPasswordAsksTheCurrentOneAndEndsTheOtherSessions() {
        assertThat(live.post("/api/v1/users", "{\"username\":\"pat\",\"role\":\"viewer\",\"password\":\"pat's first password\"}")
                .statusCode()).isEqualTo(201);
        String here = cookie(login(live, "pat", "pat's first password"));
        String elsewhere = cookie(login(live, "pat", "pat's first password"));
        String path = "/api/v1/auth/password";
        assertCode(asCookie(live, here, "POST", path, "{\"currentPassword\":\"not it\",\"newPassword\":\"pat's second password\"}"),
                422, "invalid");
        assertCode(asCookie(live, here, "POST", path, "{\"currentPassword\":\"pat's first password\",\"newPassword\":\"short\"}"),
                422, "invalid");
        assertThat(login(live, "pat", "pat's first password").statusCode()).as("nothing changed yet").isEqualTo(200);

        HttpResponse<String> changed = asCookie(live, here, "POST", path,
                "{\"currentPassword\":\"pat's first password\",\"newPassword\":\"pat's second password\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        assertThat(asCookie(live, here, "GET", "/api/v1/batches", null).statusCode()).as("the session that changed it").isEqualTo(200);
        assertCode(asCookie(live, elsewhere, "GET", "/api/v1/batches", null), 401, "unauthorized");
        assertCode(login(live, "pat", "pat's first password"), 401, "unauthorized");
        assertThat(login(live, "pat", "pat's second password").statusCode()).isEqualTo(200);
        // the command line's key is nobody's: it has no password of its own
        HttpResponse<String> local = asKey(live, live.dam().localKey(), "POST", path,
                "{\"currentPassword\":\"x\",\"newPassword\":\"something long\"}");
        assertCode(local, 422, "invalid");
        assertThat(LiveServer.parse(asKey(live, live.dam().localKey(), "GET", "/api/v1/auth/sessions", null).body()).size()).isZero();
        assertThat(live.delete("/api/v1/users/pat").statusCode()).isEqualTo(204);
        forgetFailedLogins();
    }

    // ------------------------------------------------------------ the first run

    @Test
    void withoutUsersOnlySetupIsAnsweredThenItIsClosed() {
        List<String> notRefused = new ArrayList<>();
        for (ApiRegistry.Op op : empty.server().operations()) {
            if (op.role() == null) continue;
            String path = LiveServer.nowhere(op.path());
            HttpResponse<String> r = empty.sendAnonymous(HttpRequest.newBuilder(empty.uri(path)).header("Content-Type", "application/json")
                    .method(op.method().name(), op.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}")));
            // an answer to HEAD has no body (RFC 9110), so there only the status can say it
            boolean head = op.method().name().equals("HEAD");
            if (r.statusCode() != 401 || !head && !LiveServer.parse(r.body()).path("error").path("code").asText().equals("setup_required")) {
                notRefused.add(op.method() + " " + op.path() + " → " + r.statusCode());
            }
        }
        assertThat(notRefused).as("routes answered before setup").isEmpty();
        assertCode(login(empty, "admin", "whatever it is"), 401, "setup_required");
        assertThat(LiveServer.parse(empty.sendAnonymous(HttpRequest.newBuilder(empty.uri("/api/v1/auth/status"))).body())
                .path("setupRequired").asBoolean()).isTrue();

        HttpResponse<String> setup = anonymousPost(empty, "/api/v1/auth/setup", "{\"username\":\"root\",\"password\":\"the first password\"}");
        assertThat(setup.statusCode()).as(setup.body()).isEqualTo(201);
        assertThat(LiveServer.parse(setup.body()).path("user").path("role").asText()).isEqualTo("admin");
        String cookie = cookie(setup);
        assertThat(asCookie(empty, cookie, "GET", "/api/v1/users", null).statusCode()).isEqualTo(200);

        assertCode(anonymousPost(empty, "/api/v1/auth/setup", "{\"username\":\"second\",\"password\":\"another password\"}"),
                409, "conflict");
        assertCode(empty.sendAnonymous(HttpRequest.newBuilder(empty.uri("/api/v1/batches"))), 401, "unauthorized");
        assertThat(names(LiveServer.parse(asCookie(empty, cookie, "GET", "/api/v1/users", null).body()))).containsExactly("root");
    }

    // ------------------------------------------------------------ helpers

    /** Moves the clock past the login throttle's memory (an hour): this address's failures are forgotten. */
    private static void forgetFailedLogins() {
        clock.advance(Duration.ofHours(2));
    }

    static HttpResponse<String> login(LiveServer server, String user, String password) {
        return anonymousPost(server, "/api/v1/auth/login",
                "{\"username\":" + LiveServer.quote(user) + ",\"password\":" + LiveServer.quote(password) + "}");
    }

    static HttpResponse<String> anonymousPost(LiveServer server, String path, String json) {
        return server.sendAnonymous(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** The {@code name=value} of the session cookie a response sets. */
    static String cookie(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    /** A request with the session cookie, as the dashboard sends it (changes carry X-Dam-Request). */
    static HttpResponse<String> asCookie(LiveServer server, String cookie, String method, String path, String json) {
        HttpRequest.Builder b = request(server, method, path, json).header("Cookie", cookie);
        if (!method.equals("GET")) b.header(CredentialAccess.REQUEST_HEADER, "1");
        return server.sendAnonymous(b);
    }

    static HttpResponse<String> asKey(LiveServer server, String key, String method, String path, String json) {
        return server.sendAnonymous(request(server, method, path, json).header("Authorization", "Bearer " + key));
    }

    private static HttpRequest.Builder request(LiveServer server, String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path));
        if (json == null) return b.method(method, HttpRequest.BodyPublishers.noBody());
        return b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }

    static JsonNode assertCode(HttpResponse<String> r, int status, String code) {
        JsonNode error = LiveServer.assertJsonError(r.request().method() + " " + r.uri().getPath(), r, status);
        assertThat(error.path("code").asText()).as("code of %s", r.body()).isEqualTo(code);
        return error;
    }

    private static String role(JsonNode users, String name) {
        for (JsonNode u : users) {
            if (u.path("name").asText().equals(name)) return u.path("role").asText();
        }
        throw new AssertionError("no user " + name + " in " + users);
    }

    private static List<String> names(JsonNode users) {
        List<String> names = new ArrayList<>();
        users.forEach(u -> names.add(u.path("name").asText()));
        return names;
    }

    private static JsonNode find(JsonNode keys, long id) {
        for (JsonNode k : keys) {
            if (k.path("id").asLong() == id) return k;
        }
        throw new AssertionError("no key " + id + " in " + keys);
    }

}
