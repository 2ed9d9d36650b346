package org.thatdam.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.thatdam.core.json.Json;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.core.serve.ServerEndpoint;
import org.thatdam.core.serve.ServerLock;
import org.thatdam.search.FacetFilters;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchResult;
import org.thatdam.server.api.Reindexed;
import org.thatdam.storage.DataLayout;

/**
 * Talks to the server that owns this library's search index (the one holding its server lock), for
 * the commands that would otherwise open the index themselves. Loopback only: it connects to the
 * address in {@code server.json}, and only trusts a server that answers that file's token. A server
 * speaking HTTPS must present the certificate that file names.
 */
public final class ServerClient {

    private static final Duration STARTING = Duration.ofSeconds(5);
    private final ServerEndpoint endpoint;
    private final HttpClient http;

    private ServerClient(ServerEndpoint endpoint) {
        this.endpoint = endpoint;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (endpoint.certificate() != null) b.sslContext(PinnedCertificate.context(endpoint.certificate()));
        this.http = b.build();
    }

    /**
     * A client for the server running on this library, or empty when none runs. The server must be
     * on loopback and answer this library's token (from {@code server.json}); one that does not is
     * ignored, with a line on {@code err}, and this library is used directly once its lock is free.
     */
    public static Optional<ServerClient> forLibrary(DataLayout layout, PrintWriter err) throws InterruptedException {
        long deadline = System.nanoTime() + STARTING.toNanos();
        boolean told = false;
        while (true) {
            Optional<ServerLock.Holder> holder = ServerLock.running(layout);
            if (holder.isEmpty()) return Optional.empty();
            ServerEndpoint endpoint = holder.get().endpoint();
            if (endpoint != null) {
                ServerClient client = new ServerClient(endpoint);
                if (client.servesThisLibrary()) return Optional.of(client);
                if (!told) {
                    err.println("dam: server.json names a server that is not this library's; ignoring it");
                    err.flush();
                    told = true;
                }
            }
            // Locked but not (yet) published: a server that is starting writes server.json in a moment.
            if (System.nanoTime() > deadline) {
                throw DamException.conflict("a server holds this library (" + layout.serverLock()
                        + ") but " + layout.serverJson() + (endpoint == null ? " is missing (a worker node, `dam serve --role"
                        + " worker`, serves no HTTP: run commands from an API node's home or another home with the same"
                        + " settings)" : " does not say where it listens") + "; stop it first");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Whether the server at the published address is this library's: it answers the token of
     * {@code server.json}. Asked of /health, which reads nothing and changes nothing.
     */
    private boolean servesThisLibrary() throws InterruptedException {
        URI health = uri("/health"); // refuses an address that is not loopback
        if (endpoint.token() == null) return false;
        try {
            HttpResponse<Void> res = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return res.headers().firstValue(ServerEndpoint.TOKEN_HEADER).map(endpoint.token()::equals).orElse(false);
        } catch (IOException e) {
            throw DamException.unavailable("the server running on this library (pid " + endpoint.pid() + ", "
                    + endpoint.localUrl() + ") does not answer (" + describe(e) + "); stop it or retry", e);
        }
    }

    /** Where the server listens and how this machine's command line proves itself to it. */
    public ServerEndpoint endpoint() {
        return endpoint;
    }

    public SearchResult search(SearchRequest r) throws InterruptedException {
        String query = "q=" + enc(r.query()) + "&sort=" + r.sort().id() + "&limit=" + r.limit() + "&offset=" + r.offset()
                + "&facets=" + r.facets() + "&mode=" + r.mode().id() + (r.filters().isEmpty() ? "" : "&filter=" + enc(FacetFilters.format(r.filters())));
        return call(HttpRequest.newBuilder(uri("/api/v1/search?" + query)).GET(), SearchResult.class);
    }

    /** A page of a collection's assets (a smart one's are its search's results, from the server's index). */
    public org.thatdam.server.api.AssetPage collectionAssets(long id, int limit, int offset) throws InterruptedException {
        return call(HttpRequest.newBuilder(uri("/api/v1/collections/" + id + "/assets?limit=" + limit + "&offset=" + offset)).GET(),
                org.thatdam.server.api.AssetPage.class);
    }

    public Reindexed reindex() throws InterruptedException {
        // A rebuild of a large library takes a while: no request timeout.
        return call(HttpRequest.newBuilder(uri("/api/v1/reindex")).POST(HttpRequest.BodyPublishers.noBody()), Reindexed.class);
    }

    /** GET of an API path, its JSON answer as {@code type}. */
    public <T> T get(String path, Class<T> type) throws InterruptedException {
        return call(HttpRequest.newBuilder(uri(path)).GET(), type);
    }

    /** {@code method} of an API path with {@code body} as JSON (null: none); the answer as {@code type} ({@code Void}: none). */
    public <T> T send(String method, String path, Object body, Class<T> type) throws InterruptedException {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a request that cannot be written as JSON", e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, publisher);
        if (body != null) b.header("Content-Type", "application/json");
        return call(b, type);
    }

    private <T> T call(HttpRequest.Builder request, Class<T> type) throws InterruptedException {
        HttpResponse<byte[]> res;
        try {
            // The local key of server.json: this machine's owner of the library acts as admin.
            if (endpoint.localKey() != null) request.header("Authorization", "Bearer " + endpoint.localKey());
            res = http.send(request.header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw DamException.unavailable("the server running on this library (pid " + endpoint.pid() + ", "
                    + endpoint.localUrl() + ") does not answer (" + describe(e) + "); stop it or retry", e);
        }
        try {
            if (res.statusCode() / 100 == 2) return type == Void.class ? null : Json.mapper().readValue(res.body(), type);
            JsonNode error = Json.mapper().readTree(res.body()).path("error");
            String message = error.path("message").asText("HTTP " + res.statusCode());
            ErrorCode code = codeOf(error.path("code").asText(""), res.statusCode());
            if (res.statusCode() / 100 == 4) throw new DamException(code, message);
            throw new DamException(code, "the server running on this library failed: " + message);
        } catch (IOException e) {
            throw DamException.unavailable("the server running on this library answered HTTP " + res.statusCode()
                    + " with a body that is not the expected JSON", e);
        }
    }

    /** The server's error code as ours (the same words on both sides); by status when it sent none we know. */
    public static ErrorCode codeOf(String wire, int status) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.wire().equals(wire)) return c;
        }
        return status / 100 == 4 ? ErrorCode.INVALID : ErrorCode.UNAVAILABLE;
    }

    private URI uri(String path) {
        return URI.create(endpoint.localUrl() + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String describe(IOException e) {
        return e instanceof java.net.ConnectException ? "connection refused"
                : e instanceof java.net.http.HttpTimeoutException ? "timed out"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
