package org.thatdam.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;
import org.thatdam.core.serve.ServerEndpoint;
import org.thatdam.model.DamException;
import org.thatdam.storage.DataLayout;
import org.thatdam.cli.client.ServerAddress;
import org.thatdam.cli.client.ServerClient;

/**
 * The server {@code dam upload} sends to: its base URL, the bearer key it sends, and, for this
 * library's own server, the certificate fingerprint it pins (as every local client does). A server
 * named with {@code --server} gets the usual TLS checks and an API key ({@code --api-key-file} or
 * {@code DAM_API_KEY}); without {@code --server}, the server running on the library of
 * {@code --home} is used with its local key.
 */
record UploadTarget(String baseUrl, Optional<String> key, Optional<String> pinnedCertificate) {

    static final String KEY_ENV = ServerAddress.KEY_ENV;

    URL uploadsUrl() {
        try {
            return URI.create(baseUrl + "/api/v1/uploads").toURL();
        } catch (IOException e) {
            throw DamException.invalid("not a URL: " + baseUrl);
        }
    }

    /** A server given by URL, with the key of {@code keyFile} or else of {@value #KEY_ENV} (none is fine for a server without users). */
    static UploadTarget remote(String server, Path keyFile) {
        ServerAddress a = ServerAddress.of(server, keyFile);
        return new UploadTarget(a.baseUrl(), a.key(), Optional.empty());
    }

    /** The server running on this library (checked by its token), or a clear error when none runs. */
    static UploadTarget local(DataLayout layout, PrintWriter err) throws InterruptedException {
        ServerEndpoint e = ServerClient.forLibrary(layout, err).map(ServerClient::endpoint).orElseThrow(() ->
                DamException.unavailable("no server runs on the library " + layout.home()
                        + "; start one with 'dam serve', or name a server with --server URL", null));
        return new UploadTarget(e.localUrl(), Optional.ofNullable(e.localKey()), Optional.ofNullable(e.certificate()));
    }
}
