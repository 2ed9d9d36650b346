package org.thatdam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.thatdam.core.Json;
import org.thatdam.core.serve.ServerEndpoint;
import org.thatdam.core.serve.ServerLock;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchResult;
import org.thatdam.storage.DataLayout;

/**
 * Talks to the server that owns this library's search index (the one holding its server lock), for
 * the commands that would otherwise open the index themselves. Loopback only: it connects to the
 * address in {@code server.json}.
 */
final class ServerClient {

    /** The answer of POST /api/v1/reindex. */
    record Reindexed(long documents, long tookMs) {}

    private static final Duration STARTING = Duration.ofSeconds(5);
    private final ServerEndpoint endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerClient(ServerEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** A client for the server running on this library, or empty when none runs. */
    static Optional<ServerClient> forLibrary(DataLayout layout) throws InterruptedException {
        long deadline = System.nanoTime() + STARTING.toNanos();
        while (true) {
            Optional<ServerLock.Holder> holder = ServerLock.running(layout);
            if (holder.isEmpty()) return Optional.empty();
            if (holder.get().endpoint() != null) return Optional.of(new ServerClient(holder.get().endpoint()));
            // Locked but not yet published: a server that is starting writes server.json in a moment.
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a server holds this library (" + layout.serverLock()
                        + ") but has not said where it listens (" + layout.serverJson() + " is missing); stop it first");
            }
            Thread.sleep(100);
        }
    }

    SearchResult search(SearchRequest r) throws InterruptedException {
        String query = "q=" + enc(r.query()) + "&sort=" + r.sort().id() + "&limit=" + r.limit() + "&offset=" + r.offset()
                + "&facets=" + r.facets();
        return call(HttpRequest.newBuilder(uri("/api/v1/search?" + query)).GET(), SearchResult.class);
    }

    Reindexed reindex() throws InterruptedException {
        // A rebuild of a large library takes a while: no request timeout.
        return call(HttpRequest.newBuilder(uri("/api/v1/reindex")).POST(HttpRequest.BodyPublishers.noBody()), Reindexed.class);
    }

    private <T> T call(HttpRequest.Builder request, Class<T> type) throws InterruptedException {
        HttpResponse<byte[]> res;
        try {
            res = http.send(request.header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("the server running on this library (pid " + endpoint.pid() + ", "
                    + endpoint.localUrl() + ") does not answer (" + describe(e) + "); stop it or retry", e);
        }
        try {
            if (res.statusCode() / 100 == 2) return Json.mapper().readValue(res.body(), type);
            JsonNode error = Json.mapper().readTree(res.body()).path("error");
            String message = error.path("message").asText("HTTP " + res.statusCode());
            if (res.statusCode() / 100 == 4) throw new IllegalArgumentException(message);
            throw new IllegalStateException("the server running on this library failed: " + message);
        } catch (IOException e) {
            throw new IllegalStateException("the server running on this library answered HTTP " + res.statusCode()
                    + " with a body that is not the expected JSON", e);
        }
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
