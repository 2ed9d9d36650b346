package org.thatdam.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client of {@code /api/v1/events} (java.net.http): either a healthy one that reads
 * every message as it comes, or — with {@code reading = false} — one that never asks for a single
 * message, so the server's writes to it eventually block.
 */
final class EventClient implements WebSocket.Listener, AutoCloseable {

    private final boolean reading;
    private final List<JsonNode> messages = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean closed;
    private volatile Throwable error;
    final WebSocket socket;

    private EventClient(WebSocket.Builder builder, int port, boolean reading) throws Exception {
        this.reading = reading;
        this.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/events"), this)
                .get(10, TimeUnit.SECONDS);
    }

    /** A healthy client that connects with the API key {@code key}. */
    static EventClient withKey(LiveServer live, String key) throws Exception {
        return new EventClient(live.http().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + key), live.port(), true);
    }

    static EventClient healthy(LiveServer live) throws Exception {
        return new EventClient(live.webSocket(), live.port(), true);
    }

    /** A healthy client that connects with a {@code Cookie} header (a browser's session). */
    static EventClient withCookie(LiveServer live, String cookie) throws Exception {
        return new EventClient(live.http().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .header("Cookie", cookie), live.port(), true);
    }

    /** A client that never reads: it requests no message at all. */
    static EventClient neverReading(LiveServer live) throws Exception {
        return new EventClient(live.webSocket(), live.port(), false);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonNode json = LiveServer.parse(partial.toString());
            partial.setLength(0);
            synchronized (messages) {
                messages.add(json);
                messages.notifyAll();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = true;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable e) {
        error = e;
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    Throwable error() {
        return error;
    }

    List<JsonNode> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** Waits for a message matching {@code p} (received at any time), or fails after {@code timeout}. */
    JsonNode await(String what, Predicate<JsonNode> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (messages) {
            while (true) {
                for (JsonNode m : messages) {
                    if (p.test(m)) return m;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no event " + what + " within " + timeout + " among " + messages.size()
                            + " messages: " + tail(messages));
                }
                messages.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Waits until at least {@code n} messages matching {@code p} have arrived. */
    void awaitCount(Predicate<JsonNode> p, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        int have = 0;
        synchronized (messages) {
            while (true) {
                for (; seen < messages.size(); seen++) {
                    if (p.test(messages.get(seen))) have++;
                }
                if (have >= n) return;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("only " + have + " of " + n + " matching messages within " + timeout
                            + (closed ? " (the socket closed" + (error == null ? "" : ": " + error) + ")" : ""));
                }
                messages.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    private static String tail(List<JsonNode> messages) {
        List<JsonNode> last = messages.subList(Math.max(0, messages.size() - 10), messages.size());
        StringBuilder b = new StringBuilder();
        for (JsonNode m : last) {
            String s = m.toString();
            b.append(s.length() > 200 ? s.substring(0, 200) + "…" : s).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
