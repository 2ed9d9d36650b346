package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.serve.LibraryRuntime;
import org.thatdam.core.serve.ServerEndpoint;
import org.thatdam.server.DamServer;
import org.thatdam.server.TestCertificates;

/**
 * A server speaking HTTPS with a certificate made for its public name (not for loopback): the
 * command line of the same machine still reaches it, trusting exactly the certificate server.json
 * names, and no other.
 */
class TlsServeCliTest {

    @TempDir Path tmp;

    @Test
    void theCommandLineReachesAnHttpsServerByItsPinnedCertificate() throws Exception {
        Path home = tmp.resolve("home");
        TestCertificates.PemFiles pem = TestCertificates.write(Files.createDirectories(tmp.resolve("tls")), "dam", "dam.example.org");
        Map<ConfigKey, String> flags = new LinkedHashMap<>();
        flags.put(ConfigKey.HOME, home.toString());
        flags.put(ConfigKey.SERVER_TLS_CERTIFICATE, pem.certificate().toString());
        flags.put(ConfigKey.SERVER_TLS_KEY, pem.key().toString());
        CliRunner cli = new CliRunner(home);
        try (LibraryRuntime runtime = LibraryRuntime.open(ConfigLoader.load(Map.of(), null, flags));
             DamServer server = DamServer.start(runtime.dam(), "127.0.0.1", 0)) {
            String url = "https://127.0.0.1:" + server.port();
            assertThat(server.certificateFingerprint()).hasValue(ServerEndpoint.fingerprint(pem.cert()));
            runtime.publish("127.0.0.1", server.port(), url, server.certificateFingerprint().orElseThrow());

            CliRunner.Result r = cli.run("search", "anything", "--json");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.json().path("total").asInt()).isZero();

            // Another certificate on that address: not this library's server, the local key is not sent to it.
            runtime.publish("127.0.0.1", server.port(), url, "00".repeat(32));
            CliRunner.Result refused = cli.run("search", "anything", "--json");
            assertThat(refused.code()).as(refused.err()).isEqualTo(8);
            assertThat(refused.err()).contains("does not answer").doesNotContain("Exception");
        }
    }
}
