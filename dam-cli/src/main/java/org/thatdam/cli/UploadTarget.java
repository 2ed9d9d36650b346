package org.thatdam.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.thatdam.core.serve.ServerEndpoint;
import org.thatdam.model.DamException;
import org.thatdam.storage.DataLayout;

/**
 * The server {@code dam upload} sends to: its base URL, the bearer key it sends, and, for this
 * library's own server, the certificate fingerprint it pins (as every local client does). A server
 * named with {@code --server} gets the usual TLS checks and an API key ({@code --api-key-file} or
 * {@code DAM_API_KEY}); without {@code --server}, the server running on the library of
 * {@code --home} is used with its local key.
 */
record UploadTarget(String baseUrl, Optional<String> key, Optional<String> pinnedCertificate) {

    static final String KEY_ENV = "DAM_API_KEY";

    URL uploadsUrl() {
        try {
            return URI.create(baseUrl + "/api/v1/uploads").toURL();
        } catch (IOException e) {
            throw DamException.invalid("not a URL: " + baseUrl);
        }
    }

    /** A server given by URL, with the key of {@code keyFile} or else of {@value #KEY_ENV} (none is fine for a server without users). */
    static UploadTarget remote(String server, Path keyFile) {
        return new UploadTarget(base(server), keyFile != null ? Optional.of(readKey(keyFile))
                : Optional.ofNullable(System.getenv(KEY_ENV)).map(String::strip).filter(k -> !k.isEmpty()), Optional.empty());
    }

    /** The server running on this library (checked by its token), or a clear error when none runs. */
    static UploadTarget local(DataLayout layout, PrintWriter err) throws InterruptedException {
        ServerEndpoint e = ServerClient.forLibrary(layout, err).map(ServerClient::endpoint).orElseThrow(() ->
                DamException.unavailable("no server runs on the library " + layout.home()
                        + "; start one with 'dam serve', or name a server with --server URL", null));
        return new UploadTarget(e.localUrl(), Optional.ofNullable(e.localKey()), Optional.ofNullable(e.certificate()));
    }

    private static String base(String server) {
        URI u;
        try {
            u = new URI(server.strip());
        } catch (URISyntaxException e) {
            throw DamException.invalid("--server: not a URL: " + Output.clean(server));
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw DamException.invalid("--server: expected http://HOST[:PORT] or https://HOST[:PORT], got " + Output.clean(server));
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw DamException.invalid("--server: give only the server's address (no user, query or fragment): " + Output.clean(server));
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
        return scheme + "://" + u.getRawAuthority() + path;
    }

    private static String readKey(Path file) {
        try {
            String key = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (key.isEmpty()) throw DamException.invalid("--api-key-file: " + file + " is empty");
            return key;
        } catch (IOException e) {
            throw DamException.notFound("--api-key-file: cannot read " + file);
        }
    }
}
