package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.Derivative;
import org.thatdam.storage.objects.ObjectStore;
import org.thatdam.storage.testing.TestS3;

/**
 * Derivatives kept in a bucket of a real S3 server (s3proxy): made from a generated clip by one node,
 * published to the bucket, served by it with byte ranges (streamed from the bucket), and served by a
 * second node (its own home, the same catalog and bucket) through a presigned redirect that a plain
 * HTTP client follows. Forgetting the asset empties its part of the bucket.
 */
class StoredDerivativesTest {

    static final TestS3.Bucket BUCKET = TestS3.freshBucket().under("lib");

    @RegisterExtension
    @Order(1)
    static final LiveServer maker = s3(LiveServer.withMedia(Map.of("clip.mp4", () -> TestMedia.clip(2, "320x240"))))
            .jobsDone();

    @RegisterExtension
    @Order(2)
    static final LiveServer other = s3(LiveServer.sharingCatalogOf(maker)).config(ConfigKey.STORAGE_SERVE, "presigned");

    static final ObjectStore bucket = BUCKET.open();

    static LiveServer s3(LiveServer node) {
        return node.config(ConfigKey.STORAGE_URL, BUCKET.url().toString())
                .config(ConfigKey.STORAGE_S3_ENDPOINT, BUCKET.endpoint()).env(BUCKET.env());
    }

    @AfterAll
    static void closeBucket() {
        bucket.close();
    }

    static byte[] object(String key) throws Exception {
        try (InputStream in = bucket.open(key, 0, -1)) {
            return in.readAllBytes();
        }
    }

    @Test
    void derivativesLandInTheBucketAndAreServedWithRangesByEveryNode() throws Exception {
        long id = maker.idOf("clip.mp4");
        AssetDetails d = maker.dam().assets().details(id).orElseThrow();
        Derivative poster = d.derivative("poster-large").orElseThrow();
        String key = "derivatives/" + poster.path();
        byte[] stored = object(key);
        assertThat(stored).hasSize((int) poster.sizeBytes());
        assertThat(maker.dam().readinessChecks().get("storage").get()).isEqualTo("ok");
        // the sprite's sheets went up with its track
        Derivative sprite = d.derivative("sprite").orElseThrow();
        assertThat(bucket.stat("derivatives/" + sprite.path()).orElseThrow().size()).isEqualTo(sprite.sizeBytes());

        // proxy mode: a byte range, streamed from the bucket, with validators
        HttpResponse<byte[]> part = maker.getBytes("/api/v1/assets/" + id + "/poster?size=large", "Range", "bytes=10-99");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 10-99/" + stored.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(stored, 10, 100));
        String etag = part.headers().firstValue("ETag").orElseThrow();
        assertThat(maker.getBytes("/api/v1/assets/" + id + "/poster?size=large", "If-None-Match", etag).statusCode())
                .isEqualTo(304);
        HttpResponse<byte[]> beyond = maker.getBytes("/api/v1/assets/" + id + "/poster?size=large",
                "Range", "bytes=" + stored.length + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        HttpResponse<byte[]> sheet = maker.getBytes("/api/v1/assets/" + id + "/sprites/0.jpg");
        assertThat(sheet.statusCode()).isEqualTo(200);
        assertThat(sheet.body()).isEqualTo(object("derivatives/" + Path.of(sprite.path()).resolveSibling("sprite-0.jpg")));
        assertThat(maker.get("/api/v1/assets/" + id + "/sprite.vtt").body()).contains("sprites/0.jpg#xywh=");

        // the other node made nothing: it redirects to the bucket, and a client following the redirect gets the bytes
        assertThat(other.derivativeDir(id)).doesNotExist();
        HttpResponse<byte[]> redirect = other.getBytes("/api/v1/assets/" + id + "/poster?size=large");
        assertThat(redirect.statusCode()).isEqualTo(302);
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(BUCKET.endpoint() + "/").contains("X-Amz-Signature=");
        try (HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<byte[]> followed = browser.send(HttpRequest.newBuilder(other.uri("/api/v1/assets/" + id + "/poster?size=large"))
                    .header("Authorization", "Bearer " + other.key(org.thatdam.model.Role.VIEWER))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(followed.statusCode()).isEqualTo(200);
            assertThat(followed.body()).isEqualTo(stored);
        }
        // the access checks stay in front of the redirect
        assertThat(other.sendBytesAnonymous(HttpRequest.newBuilder(other.uri("/api/v1/assets/" + id + "/poster?size=large")))
                .statusCode()).isEqualTo(401);
        // work that needs a file gets a copy fetched into the node's own working folder
        Path local = other.dam().assets().derivativeFile(id, "poster-large").orElseThrow();
        assertThat(local).startsWith(other.dam().layout().derivativesDir());
        assertThat(Files.readAllBytes(local)).isEqualTo(stored);

        // a backup copies the catalog only (the derivatives are in the bucket) and is stored in the bucket too
        var backup = maker.dam().backups().backup(new org.thatdam.core.backup.BackupRequest(
                maker.tmp().resolve("backups").toString(), true, false, null), p -> { }, () -> false);
        assertThat(bucket.list("backups/" + backup.snapshot() + "/", null, 100).items())
                .extracting(o -> o.key().substring(o.key().lastIndexOf('/') + 1)).contains("backup.json")
                .noneMatch(name -> name.startsWith("poster-"));

        maker.dam().assets().delete(id, Actor.commandLine());
        assertThat(bucket.list("derivatives/", null, 10).items()).isEmpty();
    }
}
