package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigException;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.config.DamConfig;
import org.thatdam.model.Role;

/**
 * HTTPS with a certificate and key the user gives as PEM files: the server speaks TLS on its port,
 * the session cookie is Secure, and every way the files can be wrong is one clear configuration
 * error before anything listens. The certificates are made here, for localhost and 127.0.0.1.
 */
class TlsServerTest {

    private static final Path DIR;
    private static final X509Certificate RSA_CERT;

    static {
        try {
            DIR = Files.createTempDirectory("dam-tls-");
            // the key in the traditional PKCS#1 form ("BEGIN RSA PRIVATE KEY"), as many tools still write it
            RSA_CERT = TestCertificates.write(DIR, "server", "localhost", "127.0.0.1").cert();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.of())
            .config(ConfigKey.SERVER_TLS_CERTIFICATE, DIR.resolve("server.crt").toString())
            .config(ConfigKey.SERVER_TLS_KEY, DIR.resolve("server.key").toString());

    @TempDir Path tmp;

    @AfterAll
    static void removeFiles() throws IOException {
        try (var files = Files.list(DIR)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(DIR);
    }

    @Test
    void theServerSpeaksHttpsWithTheGivenCertificate() throws Exception {
        assertThat(live.server().https()).isTrue();
        HttpClient client = trusting(RSA_CERT);
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(https("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(RSA_CERT);

        HttpResponse<String> stats = client.send(HttpRequest.newBuilder(https("/api/v1/stats"))
                .header("Authorization", "Bearer " + live.key(Role.VIEWER)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
    }

    @Test
    void theSessionCookieIsSecure() throws Exception {
        HttpResponse<String> login = trusting(RSA_CERT).send(HttpRequest.newBuilder(https("/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":" + LiveServer.quote(LiveServer.PASSWORD) + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(c ->
                assertThat(c).contains("dam_session=").contains("Secure").contains("HttpOnly"));
    }

    @Test
    void plainHttpOnThePortIsOnlyRedirected() {
        HttpResponse<String> stats = live.get("/api/v1/stats?x=1"); // http://, with a key
        assertThat(stats.statusCode()).isEqualTo(308);
        assertThat(stats.headers().firstValue("Location")).hasValue("https://127.0.0.1:" + live.port() + "/api/v1/stats?x=1");
        assertThat(stats.body()).isEmpty();

        HttpResponse<String> login = live.sendAnonymous(HttpRequest.newBuilder(live.uri("/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":" + LiveServer.quote(LiveServer.PASSWORD) + "}")));
        assertThat(login.statusCode()).isEqualTo(308);
        assertThat(login.headers().firstValue("Set-Cookie")).as("no session over plain HTTP").isEmpty();
        assertThat(login.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void theRedirectOnlyNamesAHostTheServerAnswersTo() {
        LiveServer.RawResponse v6 = live.raw("GET /x?y=1 HTTP/1.1", new byte[0], "[0:0:0:0:0:0:0:1]:" + live.port());
        assertThat(v6.status()).isEqualTo(308);
        assertThat(v6.header("Location")).isEqualTo("https://[0:0:0:0:0:0:0:1]:" + live.port() + "/x?y=1");
        assertThat(live.raw("GET / HTTP/1.1", new byte[0], "LOCALHOST.:" + live.port()).header("Location"))
                .isEqualTo("https://localhost:" + live.port() + "/");

        for (String host : new String[] {"evil.example", "evil.example:" + live.port(), "127.0.0.1.evil.example"}) {
            LiveServer.RawResponse r = live.raw("GET /api/v1/stats HTTP/1.1", new byte[0], host);
            assertThat(LiveServer.assertJsonError("plain HTTP for " + host, r, 421).path("message").asText()).contains("server.allowed-hosts");
            assertThat(r.header("Location")).as("no redirect to " + host).isNull();
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsNotServed() {
        HttpClient stranger = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> stranger.send(HttpRequest.newBuilder(https("/health")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void pkcs8AndEcKeysAreReadToo() throws Exception {
        KeyPair ec = TestCertificates.keyPair("EC", 256);
        X509Certificate cert = TestCertificates.selfSigned(ec, "SHA256withECDSA", "localhost");
        Path crt = Files.writeString(tmp.resolve("ec.crt"), TestCertificates.pem(cert));
        // "BEGIN EC PRIVATE KEY" with the curve named inside, as openssl writes it
        var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded());
        var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        var withCurve = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
        Path sec1 = Files.writeString(tmp.resolve("ec-sec1.key"),
                TestCertificates.pem(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", withCurve.getEncoded())));
        Path pkcs8 = Files.writeString(tmp.resolve("ec-pkcs8.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ec.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        assertThat(ServerTls.from(config(crt, sec1))).hasValueSatisfying(t -> assertThat(t.certificate()).isEqualTo(cert));
        assertThat(ServerTls.from(config(crt, pkcs8))).hasValueSatisfying(t -> assertThat(t.certificate()).isEqualTo(cert));
        assertThat(ServerTls.from(config(null, null))).isEmpty();
    }

    @Test
    void wrongFilesAreOneClearErrorEach() throws Exception {
        Path crt = DIR.resolve("server.crt");
        Path key = DIR.resolve("server.key");
        Path otherKey = Files.writeString(tmp.resolve("other.key"), TestCertificates.pem(TestCertificates.keyPair("RSA", 2048).getPrivate()));
        Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "not a PEM file at all");
        Path missing = tmp.resolve("missing.crt");

        assertConfigError(config(crt, otherKey), "server.tls.key = " + otherKey + " is not the private key of the certificate in " + crt);
        assertConfigError(config(missing, key), "server.tls.certificate = " + missing + " (from command line): no such file");
        assertConfigError(config(crt, tmp), "server.tls.key = " + tmp + " (from command line) is a folder, not a PEM file");
        assertConfigError(config(garbage, key), "server.tls.certificate = " + garbage + " ");
        assertConfigError(config(crt, garbage), "server.tls.key = " + garbage + " holds no private key");
        assertConfigError(config(key, key), "server.tls.certificate = " + key + " ");
        assertConfigError(config(crt, crt), "server.tls.key = " + crt + " holds no private key");
        assertConfigError(config(crt, null), "HTTPS needs both server.tls.certificate and server.tls.key; only server.tls.certificate is set");
        assertConfigError(config(null, key), "only server.tls.key is set");
    }

    @Test
    void aServerWithAMismatchedKeyListensNowhere() throws Exception {
        Path otherKey = Files.writeString(tmp.resolve("other.key"), TestCertificates.pem(TestCertificates.keyPair("RSA", 2048).getPrivate()));
        Map<ConfigKey, String> flags = new LinkedHashMap<>();
        flags.put(ConfigKey.HOME, tmp.resolve("home").toString());
        flags.put(ConfigKey.SERVER_TLS_CERTIFICATE, DIR.resolve("server.crt").toString());
        flags.put(ConfigKey.SERVER_TLS_KEY, otherKey.toString());
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (Dam dam = Dam.open(ConfigLoader.load(Map.of(), null, flags))) {
            assertThatThrownBy(() -> DamServer.start(dam, "127.0.0.1", port)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("is not the private key of the certificate");
        }
        try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(free.getLocalPort()).as("nothing listens on the port").isEqualTo(port);
        }
    }

    private static void assertConfigError(DamConfig config, String message) {
        assertThatThrownBy(() -> ServerTls.from(config)).isInstanceOf(ConfigException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception"));
    }

    private DamConfig config(Path cert, Path key) {
        Map<ConfigKey, String> flags = new LinkedHashMap<>();
        flags.put(ConfigKey.HOME, tmp.resolve("home").toString());
        if (cert != null) flags.put(ConfigKey.SERVER_TLS_CERTIFICATE, cert.toString());
        if (key != null) flags.put(ConfigKey.SERVER_TLS_KEY, key.toString());
        return ConfigLoader.load(Map.of(), null, flags);
    }

    private static URI https(String path) {
        return URI.create("https://localhost:" + live.port() + path);
    }

    /** A client that trusts exactly {@code cert} (and checks the host name against it). */
    private static HttpClient trusting(X509Certificate cert) {
        return HttpClient.newBuilder().sslContext(TestCertificates.trusting(cert)).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
