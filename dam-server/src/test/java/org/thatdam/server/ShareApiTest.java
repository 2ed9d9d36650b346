package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.model.AuditEntry;
import org.thatdam.model.Role;

/**
 * Share links end to end on a live server: editors make them, anyone with a link sees and plays
 * exactly what it shares (with Range), nothing else; passwords, expiry and revocation.
 */
class ShareApiTest {

    /** Real time plus what the test has skipped: the job engine keeps working, expiries arrive at once. */
    static final class SkippingClock extends Clock {
        private final AtomicLong skipped = new AtomicLong();

        void skip(Duration d) {
            skipped.addAndGet(d.toMillis());
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + skipped.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }
    }

    static final SkippingClock CLOCK = new SkippingClock();

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia().clock(CLOCK).jobsDone();

    static final String GONE = "this link does not exist, has expired or was revoked";

    @Test
    void anEditorSharesAnAssetAndAnyoneWithTheLinkPlaysIt() {
        long clip = live.idOf("trip/clip.mp4");
        HttpResponse<String> byViewer = as(Role.VIEWER, post("/api/v1/shares", "{\"assetId\":" + clip + "}"));
        assertThat(LiveServer.assertJsonError("a viewer sharing", byViewer, 403).path("code").asText()).isEqualTo("forbidden");
        HttpResponse<String> anonymous = live.sendAnonymous(post("/api/v1/shares", "{\"assetId\":" + clip + "}"));
        LiveServer.assertJsonError("an anonymous share", anonymous, 401);

        JsonNode created = create("{\"assetId\":" + clip + "}");
        String token = created.path("share").path("token").asText();
        assertThat(created.path("url").asText()).isEqualTo(live.url("/share.html#" + token));
        assertThat(created.path("share").path("url").asText()).isEqualTo(created.path("url").asText());
        assertThat(created.path("share").path("assetId").asLong()).isEqualTo(clip);
        assertThat(created.path("share").path("createdBy").asText()).isEqualTo("editor");
        assertThat(created.path("share").path("live").asBoolean()).isTrue();
        assertThat(created.path("share").has("passwordHash")).isFalse();

        HttpResponse<String> opened = anonymousGet("/api/v1/shared/" + token);
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        assertThat(opened.body()).doesNotContain(live.mediaDir().toString()).doesNotContain("clip.mp4");
        JsonNode shared = LiveServer.parse(opened.body());
        assertThat(shared.path("kind").asText()).isEqualTo("asset");
        assertThat(shared.path("title").asText()).isEqualTo("clip");
        JsonNode asset = shared.path("assets").get(0);
        assertThat(asset.path("kind").asText()).isEqualTo("video");
        assertThat(asset.path("durationSec").asDouble()).isGreaterThan(1.5);
        assertThat(asset.path("poster").asText()).isEqualTo("/api/v1/shared/" + token + "/assets/" + clip + "/poster");
        assertThat(asset.path("proxy").asText()).isEqualTo("/api/v1/shared/" + token + "/assets/" + clip + "/proxy");

        HttpResponse<byte[]> poster = anonymousBytes(asset.path("poster").asText());
        assertThat(poster.statusCode()).isEqualTo(200);
        assertThat(poster.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(poster.body()).startsWith(0xFF, 0xD8);
        assertThat(anonymousBytes(asset.path("poster").asText() + "?size=large").statusCode()).isEqualTo(200);

        HttpResponse<byte[]> range = anonymousBytes(asset.path("proxy").asText(), "Range", "bytes=0-99");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(range.headers().firstValue("Content-Range")).hasValueSatisfying(v -> assertThat(v).startsWith("bytes 0-99/"));
        assertThat(range.body()).hasSize(100);
        assertThat(new String(range.body(), 4, 4, StandardCharsets.ISO_8859_1)).isEqualTo("ftyp");

        // nothing else through this link: other assets, the authenticated routes
        long other = live.idOf("short.mp4");
        for (String path : List.of("/api/v1/shared/" + token + "/assets/" + other + "/proxy",
                "/api/v1/shared/" + token + "/assets/" + other + "/poster", "/api/v1/shared/" + token + "/assets/987654/poster")) {
            HttpResponse<String> r = anonymousGet(path);
            assertThat(LiveServer.assertJsonError(path, r, 404).path("message").asText()).contains("this link shares no asset");
        }
        LiveServer.assertJsonError("the asset itself", anonymousGet("/api/v1/assets/" + clip + "/proxy"), 401);
    }

    @Test
    void aBatchLinkSharesItsAssetsAndSaysWhichHaveNoProxy() {
        JsonNode created = create("{\"batch\":\"trip\",\"expiresInDays\":7}");
        String token = created.path("share").path("token").asText();
        assertThat(created.path("share").path("batch").asText()).isEqualTo("trip");
        assertThat(created.path("share").path("expiresAt").asText()).isNotEmpty();
        JsonNode shared = LiveServer.parse(anonymousGet("/api/v1/shared/" + token).body());
        assertThat(shared.path("kind").asText()).isEqualTo("batch");
        assertThat(shared.path("title").asText()).isEqualTo("trip");
        assertThat(shared.path("expiresAt").asText()).isEqualTo(created.path("share").path("expiresAt").asText());
        List<Long> ids = new java.util.ArrayList<>();
        shared.path("assets").forEach(a -> ids.add(a.path("id").asLong()));
        assertThat(ids).containsExactlyInAnyOrder(live.idOf("trip/clip.mp4"), live.idOf("trip/tone.mp3"));

        long tone = live.idOf("trip/tone.mp3");
        HttpResponse<byte[]> audio = anonymousBytes("/api/v1/shared/" + token + "/assets/" + tone + "/proxy", "Range", "bytes=10-");
        assertThat(audio.statusCode()).isEqualTo(206);
        assertThat(audio.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("audio/"));

        long frame = live.idOf("trip/stills/frame.png");
        LiveServer.assertJsonError("an asset of another batch",
                anonymousGet("/api/v1/shared/" + token + "/assets/" + frame + "/poster"), 404);
        String stills = create("{\"batch\":\"stills\"}").path("share").path("token").asText();
        JsonNode image = LiveServer.parse(anonymousGet("/api/v1/shared/" + stills).body()).path("assets").get(0);
        assertThat(image.path("proxy").isNull()).as("an image has no proxy: %s", image).isTrue();
        HttpResponse<String> noProxy = anonymousGet("/api/v1/shared/" + stills + "/assets/" + frame + "/proxy");
        assertThat(LiveServer.assertJsonError("the proxy of an image", noProxy, 404).path("message").asText())
                .isEqualTo("asset " + frame + " is an image: images never have a proxy");
        assertThat(anonymousBytes("/api/v1/shared/" + stills + "/assets/" + frame + "/poster").statusCode()).isEqualTo(200);

        long legacy = live.idOf("old/legacy.avi");
        LiveServer.assertJsonError("an asset of another batch",
                anonymousGet("/api/v1/shared/" + token + "/assets/" + legacy + "/proxy"), 404);
    }

    @Test
    void aPasswordLinkAnswersOnlyOnceUnlockedAndTheCookieServesOnlyThatLink() {
        long clip = live.idOf("trip/clip.mp4");
        JsonNode created = create("{\"assetId\":" + clip + ",\"password\":\"open sesame\"}");
        String token = created.path("share").path("token").asText();
        assertThat(created.path("share").path("password").asBoolean()).isTrue();
        String base = "/api/v1/shared/" + token;

        for (String path : List.of(base, base + "/assets/" + clip + "/poster", base + "/assets/" + clip + "/proxy")) {
            JsonNode error = LiveServer.assertJsonError(path, anonymousGet(path), 401);
            assertThat(error.path("code").asText()).isEqualTo("unauthorized");
            assertThat(error.path("message").asText()).isEqualTo("this link needs its password");
        }
        HttpResponse<String> wrong = live.sendAnonymous(post(base + "/unlock", "{\"password\":\"open sesam\"}"));
        assertThat(LiveServer.assertJsonError("a wrong password", wrong, 401).path("message").asText()).isEqualTo("wrong password for this link");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        LiveServer.assertJsonError("no password", live.sendAnonymous(post(base + "/unlock", "{}")), 422);

        HttpResponse<String> unlocked = live.sendAnonymous(post(base + "/unlock", "{\"password\":\"open sesame\"}"));
        assertThat(unlocked.statusCode()).as(unlocked.body()).isEqualTo(204);
        String setCookie = unlocked.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("dam_share=").contains("Path=" + base).containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax").doesNotContainIgnoringCase("Secure");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(withCookie(base, cookie).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> proxy = live.sendBytesAnonymous(HttpRequest.newBuilder(live.uri(base + "/assets/" + clip + "/proxy"))
                .header("Cookie", cookie).header("Range", "bytes=0-9"));
        assertThat(proxy.statusCode()).isEqualTo(206);

        JsonNode other = create("{\"assetId\":" + clip + ",\"password\":\"open sesame\"}");
        String otherBase = "/api/v1/shared/" + other.path("share").path("token").asText();
        LiveServer.assertJsonError("another link with this cookie", withCookie(otherBase, cookie), 401);
        LiveServer.assertJsonError("a forged cookie", withCookie(base, "dam_share=forged"), 401);
    }

    @Test
    void anExpiredOrRevokedLinkAnswersLikeOneThatNeverExisted() {
        long clip = live.idOf("trip/clip.mp4");
        String expiring = create("{\"assetId\":" + clip + ",\"expiresInDays\":1}").path("share").path("token").asText();
        JsonNode revoked = create("{\"assetId\":" + clip + "}").path("share");
        assertThat(anonymousGet("/api/v1/shared/" + expiring).statusCode()).isEqualTo(200);

        HttpResponse<String> revoke = as(Role.EDITOR, HttpRequest.newBuilder(live.uri("/api/v1/shares/" + revoked.path("id").asLong())).DELETE());
        assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(204);
        HttpResponse<String> again = as(Role.EDITOR, HttpRequest.newBuilder(live.uri("/api/v1/shares/" + revoked.path("id").asLong())).DELETE());
        LiveServer.assertJsonError("revoking twice", again, 409);
        CLOCK.skip(Duration.ofHours(25));

        for (String token : List.of(expiring, revoked.path("token").asText(), "no-such-token", "x".repeat(500))) {
            for (String path : List.of("/api/v1/shared/" + token, "/api/v1/shared/" + token + "/assets/" + clip + "/proxy")) {
                JsonNode error = LiveServer.assertJsonError(path, anonymousGet(path), 404);
                assertThat(error.path("message").asText()).isEqualTo(GONE);
            }
        }
        JsonNode list = LiveServer.parse(as(Role.EDITOR, HttpRequest.newBuilder(live.uri("/api/v1/shares"))).body());
        JsonNode listedRevoked = null;
        for (JsonNode l : list) if (l.path("id").asLong() == revoked.path("id").asLong()) listedRevoked = l;
        assertThat(listedRevoked).isNotNull();
        assertThat(listedRevoked.path("live").asBoolean()).isFalse();
        assertThat(listedRevoked.path("revokedAt").asText()).isNotEmpty();
        assertThat(list.get(0).path("id").asLong()).as("newest first").isGreaterThan(list.get(list.size() - 1).path("id").asLong());
        LiveServer.assertJsonError("a viewer listing", as(Role.VIEWER, HttpRequest.newBuilder(live.uri("/api/v1/shares"))), 403);
    }

    @Test
    void badRequestsGetPreciseErrors() {
        long clip = live.idOf("trip/clip.mp4");
        assertThat(error("{\"assetId\":" + clip + ",\"batch\":\"trip\"}", 422)).contains("either one asset or one batch");
        assertThat(error("{}", 422)).contains("either one asset or one batch");
        assertThat(error("{\"assetId\":987654321}", 404)).contains("no asset with id 987654321");
        assertThat(error("{\"batch\":\"nope\"}", 404)).contains("no batch named 'nope'");
        assertThat(error("{\"assetId\":" + clip + ",\"expiresInDays\":0}", 422)).contains("expiresInDays");
        assertThat(error("{\"assetId\":" + clip + ",\"password\":\"short\"}", 422)).contains("at least 8 characters");
        LiveServer.assertJsonError("an unknown field", as(Role.EDITOR, post("/api/v1/shares", "{\"asset\":1}")), 400);
        LiveServer.assertJsonError("a bad id", as(Role.EDITOR, HttpRequest.newBuilder(live.uri("/api/v1/shares/abc")).DELETE()), 400);
    }

    @Test
    void creatingAndRevokingAreAudited() {
        long clip = live.idOf("trip/clip.mp4");
        JsonNode share = create("{\"assetId\":" + clip + "}").path("share");
        as(Role.EDITOR, HttpRequest.newBuilder(live.uri("/api/v1/shares/" + share.path("id").asLong())).DELETE());
        List<AuditEntry> entries = live.dam().audit().query("editor", null, 100);
        assertThat(entries).extracting(AuditEntry::action).containsSubsequence("share.revoke", "share.create");
        AuditEntry revoke = entries.stream().filter(e -> e.action().equals("share.revoke")).findFirst().orElseThrow();
        assertThat(revoke.target()).isEqualTo("asset " + clip);
        assertThat(revoke.detail()).isEqualTo("link " + share.path("id").asLong());
        assertThat(revoke.address()).isEqualTo("127.0.0.1");
    }

    @Test
    void wrongLinkPasswordsLockTheLinkButNotTheLoginsFromThatAddress() {
        CLOCK.skip(Duration.ofHours(2)); // earlier wrong passwords from this address are forgotten
        long clip = live.idOf("trip/clip.mp4");
        JsonNode share = create("{\"assetId\":" + clip + ",\"password\":\"open sesame\"}").path("share");
        String unlock = "/api/v1/shared/" + share.path("token").asText() + "/unlock";
        for (int i = 0; i < 5; i++) {
            LiveServer.assertJsonError("guess " + i, live.sendAnonymous(post(unlock, "{\"password\":\"guess " + i + "\"}")), 401);
        }
        HttpResponse<String> locked = live.sendAnonymous(post(unlock, "{\"password\":\"open sesame\"}"));
        assertThat(LiveServer.assertJsonError("the locked link", locked, 429).path("message").asText())
                .startsWith("too many wrong passwords for this link; try again in");
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();

        HttpResponse<String> login = AccountsApiTest.login(live, LiveServer.ADMIN, LiveServer.PASSWORD);
        assertThat(login.statusCode()).as("the admin logs in from the same address: " + login.body()).isEqualTo(200);

        List<AuditEntry> failed = live.dam().audit().query(null, null, "share.unlock.failed", 100).stream()
                .filter(e -> e.target().equals("share " + share.path("id").asLong())).toList();
        assertThat(failed).hasSize(5).allSatisfy(e -> {
            assertThat(e.user()).isNull();
            assertThat(e.address()).isEqualTo("127.0.0.1");
        });
        CLOCK.skip(Duration.ofHours(2));
    }

    @Test
    void linksAreListedAPageAtATimeAndALinkSaysWhetherItListsEverything() {
        long clip = live.idOf("trip/clip.mp4");
        JsonNode first = create("{\"assetId\":" + clip + "}").path("share");
        JsonNode second = create("{\"batch\":\"trip\"}").path("share");
        JsonNode page = LiveServer.parse(as(Role.EDITOR, HttpRequest.newBuilder(live.uri("/api/v1/shares?limit=1"))).body());
        assertThat(page).hasSize(1);
        assertThat(page.get(0).path("id").asLong()).isEqualTo(second.path("id").asLong());
        JsonNode next = LiveServer.parse(as(Role.EDITOR, HttpRequest.newBuilder(live.uri("/api/v1/shares?limit=1&offset=1"))).body());
        assertThat(next.get(0).path("id").asLong()).isEqualTo(first.path("id").asLong());
        LiveServer.assertJsonError("too many", as(Role.EDITOR, HttpRequest.newBuilder(live.uri("/api/v1/shares?limit=1001"))), 400);

        HttpResponse<String> batch = anonymousGet("/api/v1/shared/" + second.path("token").asText());
        assertThat(LiveServer.parse(batch.body()).path("truncated").isBoolean()).as(batch.body()).isTrue();
        assertThat(LiveServer.parse(batch.body()).path("truncated").asBoolean()).isFalse();
    }

    private static String error(String body, int status) {
        return LiveServer.assertJsonError(body, as(Role.EDITOR, post("/api/v1/shares", body)), status).path("message").asText();
    }

    private static JsonNode create(String body) {
        HttpResponse<String> r = as(Role.EDITOR, post("/api/v1/shares", body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return LiveServer.parse(r.body());
    }

    private static HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(live.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> as(Role role, HttpRequest.Builder b) {
        return live.sendAnonymous(b.header("Authorization", "Bearer " + live.key(role)));
    }

    private static HttpResponse<String> anonymousGet(String path) {
        return live.sendAnonymous(HttpRequest.newBuilder(live.uri(path)).GET());
    }

    private static HttpResponse<String> withCookie(String path, String cookie) {
        return live.sendAnonymous(HttpRequest.newBuilder(live.uri(path)).header("Cookie", cookie).GET());
    }

    /** A GET without credentials (extra headers: name, value, …), the body as bytes. */
    private static HttpResponse<byte[]> anonymousBytes(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(live.uri(path)).GET();
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return live.sendBytesAnonymous(b);
    }
}
