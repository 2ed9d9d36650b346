package org.thatdam.cli.tui;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.json.Json;
import org.thatdam.core.serve.ServerEndpoint;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.JobState;
import org.thatdam.server.api.AssetDetailsView;
import org.thatdam.server.api.AssetPage;
import org.thatdam.server.api.AssetPatchBody;
import org.thatdam.server.api.JobList;
import org.thatdam.server.api.JobView;
import org.thatdam.server.api.QueryCheck;
import org.thatdam.server.api.RootView;
import org.thatdam.server.api.ScanBody;
import org.thatdam.server.api.ScanStatus;
import org.thatdam.server.api.SearchPage;
import org.thatdam.server.api.StatsView;
import org.thatdam.cli.client.ServerAddress;
import org.thatdam.cli.client.PinnedCertificate;
import org.thatdam.cli.client.ServerClient;

/**
 * A running server, over its HTTP API and its event WebSocket: a server named by URL (TLS checked as
 * usual) or the server running on this machine's library (its local key, its pinned certificate).
 *
 * <p>Every request has a time limit and every answer a size limit; the server's refusals become
 * {@link DamException}s with the server's code and words, and failures to reach it are said in words.
 * The event stream reconnects after a loss, backing off from {@link #FIRST_RETRY} to {@link #LAST_RETRY}.
 */
public final class ApiBackend implements TuiBackend {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** Answers are JSON pages of at most a thousand rows: far below this. */
    static final int MAX_BODY = 4 * 1024 * 1024;
    static final int MAX_POSTER = (int) HomeBackend.MAX_POSTER_BYTES;
    /** One event message; the server's are a few hundred bytes. */
    static final int MAX_EVENT = 256 * 1024;
    /** The longest refusal passed on from a server; the server's own are one sentence. */
    static final int MAX_WORDS = 500;
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LAST_RETRY = Duration.ofSeconds(10);
    /** How long a connection must have lasted for the pause before the next attempt to start over. */
    static final Duration STEADY = Duration.ofSeconds(30);
    /** The server's answers may carry fields newer than this client: they are not a reason to fail. */
    private static final ObjectMapper READER = reader();

    private static ObjectMapper reader() {
        ObjectMapper m = Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // a null row in a list is no row of ours: refused with the other malformed answers, not met by a view
        m.configOverride(List.class).setSetterInfo(com.fasterxml.jackson.annotation.JsonSetter.Value
                .forContentNulls(com.fasterxml.jackson.annotation.Nulls.FAIL));
        return m;
    }

    private final String base;
    private final @Nullable String key;
    private final boolean local;
    private final String describe;
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();
    /** The names of this backend's threads begin with it ("tui-api-3-"); all of them end with {@link #close()}. */
    private final String threads = "tui-api-" + INSTANCES.incrementAndGet() + "-";
    private final java.util.concurrent.ExecutorService pool =
            Executors.newFixedThreadPool(2, Thread.ofPlatform().name(threads + "http-", 0).daemon(true).factory());
    private final HttpClient http;
    /** Schedules reconnections of the event stream. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name(threads + "retry").daemon(true).factory());
    private final java.util.Set<Stream> streams = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private ApiBackend(String base, @Nullable String key, boolean local, @Nullable String pinned, String describe) {
        this.base = base;
        this.key = key;
        this.local = local;
        this.describe = describe;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .executor(pool);
        if (pinned != null) b.sslContext(PinnedCertificate.context(pinned));
        this.http = b.build();
    }

    /** The server at {@code url} ({@code --server}, checked as {@code dam upload} checks it), sending {@code key} when given. */
    public static ApiBackend remote(String url, Optional<String> key) {
        String base = ServerAddress.base(url);
        return new ApiBackend(base, key.orElse(null), false, null, "server " + base);
    }

    /** The server running on this machine's library, reached on loopback with its local key and certificate. */
    public static ApiBackend local(ServerEndpoint endpoint) {
        String base = endpoint.localUrl();
        return new ApiBackend(base, endpoint.localKey(), true, endpoint.certificate(), "server " + base + " (this library's)");
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public boolean local() {
        return local;
    }

    @Override
    public StatsView stats() {
        return get("/api/v1/stats", StatsView.class);
    }

    @Override
    public AssetPage list(ListQuery q) {
        return get("/api/v1/assets?limit=" + q.limit() + "&offset=" + q.offset() + param("batch", q.batch()) + param("kind", q.kind())
                + param("status", q.status()) + param("sort", q.sort()), AssetPage.class);
    }

    @Override
    public SearchPage search(String query, @Nullable String sort, @Nullable String filter, int limit, int offset, boolean facets) {
        return get("/api/v1/search?q=" + enc(query == null ? "" : query) + "&limit=" + limit + "&offset=" + offset + "&facets=" + facets
                + param("sort", sort) + param("filter", filter), SearchPage.class);
    }

    @Override
    public QueryCheck check(String query) {
        return get("/api/v1/search/check?q=" + enc(query == null ? "" : query), QueryCheck.class);
    }

    @Override
    public AssetDetailsView asset(long id) {
        return unwrapped(json(send(request("/api/v1/assets/" + id).GET(), MAX_BODY, "read assets")), AssetDetailsView.class);
    }

    @Override
    public Optional<byte[]> poster(long id) {
        try {
            return Optional.of(send(request("/api/v1/assets/" + id + "/poster?size=small").setHeader("Accept", "image/jpeg").GET(),
                    MAX_POSTER, "read posters"));
        } catch (DamException e) {
            if (e.code() == ErrorCode.NOT_FOUND && !e.getMessage().startsWith("no asset")) return Optional.empty();
            throw e;
        }
    }

    @Override
    public JobList jobs(@Nullable JobState state, int limit) {
        return get("/api/v1/jobs?limit=" + limit + (state == null ? "" : "&state=" + state.id()), JobList.class);
    }

    @Override
    public JobView retry(long jobId) {
        return call("POST", "/api/v1/jobs/" + jobId + "/retry", null, JobView.class, "retry jobs");
    }

    @Override
    public void cancel(long jobId) {
        call("POST", "/api/v1/jobs/" + jobId + "/cancel", null, JobView.class, "cancel jobs");
    }

    @Override
    public List<ScanStatus> scans() {
        return List.of(get("/api/v1/scans", ScanStatus[].class));
    }

    @Override
    public ScanStatus scan(@Nullable String folder) {
        return call("POST", "/api/v1/scans", new ScanBody(folder == null || folder.isBlank() ? null : folder), ScanStatus.class, "start scans");
    }

    @Override
    public List<RootView> roots() {
        return List.of(get("/api/v1/roots", RootView[].class));
    }

    @Override
    public AssetDetailsView edit(long id, AssetPatchBody patch) {
        byte[] body = send(request("/api/v1/assets/" + id).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes(patch))), MAX_BODY, "edit assets");
        return unwrapped(json(body), AssetDetailsView.class);
    }

    @Override
    public JobView regenerate(long id, JobKind kind) {
        return call("POST", "/api/v1/assets/" + id + "/regenerate?kind=" + enc(kind.id()), null, JobView.class, "regenerate derivatives");
    }

    @Override
    public Optional<Path> proxyFile(long id) {
        if (!local) return Optional.empty();
        return Optional.ofNullable(asset(id).proxyPath()).map(Path::of).filter(Files::isRegularFile);
    }

    // ---- requests

    private <T> T get(String path, Class<T> type) {
        return read(send(request(path).GET(), MAX_BODY, "read the library"), type);
    }

    private <T> T call(String method, String path, @Nullable Object body, Class<T> type, String what) {
        HttpRequest.Builder b = request(path);
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        return read(send(b, MAX_BODY, what), type);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        if (key != null) b.header("Authorization", "Bearer " + key);
        return b;
    }

    /**
     * Sends and answers the body of a 2xx (at most {@code limit} bytes), or throws the server's refusal;
     * {@code what} names the action for a refusal by role ("this key's role may not edit assets").
     */
    private byte[] send(HttpRequest.Builder request, int limit, String what) {
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request.build(), info -> Limited.body(info, limit));
        HttpResponse<byte[]> res;
        try {
            // the request's own timeout covers the answer's start; this bounds the body too
            res = pending.get(REQUEST_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw DamException.unavailable("interrupted while asking " + describe, e);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw DamException.unavailable(describe + " did not answer within " + REQUEST_TIMEOUT.toSeconds() * 2 + " s", e);
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        }
        if (res.statusCode() / 100 == 2) return res.body();
        throw refusal(res, what);
    }

    private DamException unreachable(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof Limited.TooLarge t) cause = t;
        }
        if (cause instanceof Limited.TooLarge t) return new DamException(ErrorCode.TOO_LARGE, describe + " answered " + t.getMessage(), cause);
        String why = cause instanceof HttpConnectTimeoutException ? "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s"
                : cause instanceof HttpTimeoutException ? "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s"
                : cause instanceof ConnectException ? "connection refused"
                : cause instanceof SSLException ? "its TLS certificate is not trusted here, or it does not speak HTTPS"
                : cause instanceof java.nio.channels.UnresolvedAddressException || cause instanceof java.net.UnknownHostException
                        ? "its name does not resolve"
                : "the connection broke";
        return DamException.unavailable("cannot reach " + describe + ": " + why, cause instanceof Exception e ? e : null);
    }

    private DamException refusal(HttpResponse<byte[]> res, String what) {
        int status = res.statusCode();
        JsonNode error = null;
        try {
            error = READER.readTree(res.body()).path("error");
        } catch (IOException | RuntimeException e) {
            // not our JSON (a proxy's page): the status says it
        }
        String wire = error == null ? "" : error.path("code").asText("");
        String message = error == null || !error.path("message").isTextual() ? null : words(error.path("message").asText());
        ErrorCode code = ServerClient.codeOf(wire, status);
        return switch (status) {
            case 401 -> code == ErrorCode.SETUP_REQUIRED && message != null ? new DamException(code, message)
                    : new DamException(ErrorCode.UNAUTHORIZED, key == null
                            ? describe + " needs an API key: give one with --api-key-file or " + ServerAddress.KEY_ENV
                            : describe + " does not accept this API key" + (message == null ? " (wrong, expired or revoked)" : ": " + message));
            // the role check's refusal ("this needs the editor role; 'viewer' has viewer") is said as what may not be done
            case 403 -> message == null ? new DamException(code, "refused by " + describe)
                    : code == ErrorCode.FORBIDDEN && message.startsWith("this needs the ")
                            ? new DamException(code, "this key's role may not " + what + " (" + message + ")")
                            : new DamException(code, message);
            default -> {
                if (message == null) {
                    yield new DamException(code, describe + " answered HTTP " + status + " without the expected JSON");
                }
                yield new DamException(code, status / 100 == 4 ? message : describe + " failed: " + message);
            }
        };
    }

    /** A server's words as one short line: control characters shown as '?', at most {@value #MAX_WORDS} characters. */
    static String words(String message) {
        StringBuilder b = new StringBuilder(Math.min(message.length(), MAX_WORDS + 1));
        message.codePoints().limit(MAX_WORDS).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return message.codePointCount(0, message.length()) > MAX_WORDS ? b.append('…').toString() : b.toString();
    }

    private static JsonNode json(byte[] body) {
        try {
            return READER.readTree(body);
        } catch (IOException e) {
            throw DamException.unavailable("the server's answer is not JSON", e);
        }
    }

    private static <T> T read(byte[] body, Class<T> type) {
        try {
            T value = READER.readValue(body, type);
            if (value == null) throw new IOException("null");
            return value;
        } catch (IOException e) {
            throw DamException.unavailable("the server's answer is not the expected " + type.getSimpleName(), e);
        }
    }

    /**
     * Reads a record whose {@code @JsonUnwrapped} components lie flat in the object beside the others
     * (Jackson writes those but cannot pass them to a record's constructor): each unwrapped component
     * from the whole object, each other one from its field.
     */
    static <R extends Record> R unwrapped(JsonNode node, Class<R> type) {
        if (!(node instanceof ObjectNode)) throw DamException.unavailable("the server's answer is not a " + type.getSimpleName(), null);
        RecordComponent[] parts = type.getRecordComponents();
        Object[] values = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                RecordComponent c = parts[i];
                types[i] = c.getType();
                JavaType t = READER.getTypeFactory().constructType(c.getGenericType());
                JsonNode part = unwrapped(type, c) ? node : node.get(c.getName());
                values[i] = part == null || part.isNull() ? empty(c.getType()) : READER.readerFor(t).readValue(part);
            }
            Constructor<R> make = type.getDeclaredConstructor(types);
            return make.newInstance(values);
        } catch (IOException e) {
            throw DamException.unavailable("the server's answer is not the expected " + type.getSimpleName(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("a record without its canonical constructor: " + type, e);
        }
    }

    /** Whether a component is written flat: the annotation lands on its field and accessor, not on the component. */
    private static boolean unwrapped(Class<?> type, RecordComponent c) throws NoSuchFieldException {
        var flat = com.fasterxml.jackson.annotation.JsonUnwrapped.class;
        return c.getAccessor().isAnnotationPresent(flat) || type.getDeclaredField(c.getName()).isAnnotationPresent(flat);
    }

    /** A missing list or map is empty (as the server never sends null for them); anything else null. */
    private static @Nullable Object empty(Class<?> type) {
        if (type == List.class) return List.of();
        if (type == java.util.Map.class) return java.util.Map.of();
        return null;
    }

    private static byte[] bytes(Object body) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a request body that cannot be written as JSON", e);
        }
    }

    private static String param(String name, @Nullable String value) {
        return value == null || value.isBlank() ? "" : "&" + name + "=" + enc(value);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- events

    @Override
    public AutoCloseable subscribe(Consumer<LiveEvent> listener) {
        Stream s = new Stream(listener);
        streams.add(s);
        s.connect();
        return s::close;
    }

    /** Ends the event streams, their retries and the client's threads. */
    @Override
    public void close() {
        streams.forEach(Stream::close);
        timer.shutdownNow();
        http.shutdownNow();
        try {
            http.awaitTermination(Duration.ofSeconds(5)); // its selector thread ends with the last connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
    }

    /** How the names of this backend's threads begin. */
    String threadPrefix() {
        return threads;
    }

    URI eventsUri() {
        return URI.create((base.startsWith("https:") ? "wss:" : "ws:") + base.substring(base.indexOf(':') + 1) + "/api/v1/events");
    }

    /**
     * One subscription: a WebSocket, and after a loss "tui.offline", attempts with a growing pause, and
     * "tui.online" once back. Only the socket that is current may report a loss, so one loss makes one
     * new attempt however many callbacks say so.
     */
    private final class Stream implements WebSocket.Listener {
        private final Consumer<LiveEvent> listener;
        private final StringBuilder partial = new StringBuilder();
        // guarded by this
        private boolean closed;
        private @Nullable WebSocket current;
        private boolean offline;
        private Duration pause = FIRST_RETRY;
        private long openedAt;

        Stream(Consumer<LiveEvent> listener) {
            this.listener = listener;
        }

        synchronized void connect() {
            if (closed) return;
            WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
            if (key != null) b.header("Authorization", "Bearer " + key);
            b.buildAsync(eventsUri(), this).whenComplete((ws, failure) -> {
                if (failure != null) retry();
            });
        }

        @Override
        public void onOpen(WebSocket ws) {
            synchronized (this) {
                if (closed) {
                    ws.abort();
                    return;
                }
                current = ws;
                openedAt = System.nanoTime();
                if (offline) {
                    offline = false;
                    report("tui.online", "connected to " + describe + " again");
                }
            }
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (partial.length() + data.length() > MAX_EVENT) {
                // a message this large is no event of ours: drop the stream and connect again
                partial.setLength(0);
                ws.abort();
                lost(ws);
                return null;
            }
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                deliver(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ws.request(1); // the server sends none
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            lost(ws);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost(ws);
        }

        private void deliver(String text) {
            JsonNode msg;
            try {
                msg = READER.readTree(text);
            } catch (IOException e) {
                return; // not JSON: not an event
            }
            String type = msg.path("type").asText("");
            // the greeting is the stream's, not the library's; tui.* are this UI's own words, which no server may fake
            if (type.isEmpty() || type.equals("hello") || type.startsWith("tui.")) return;
            listener.accept(new LiveEvent(type, msg));
        }

        private synchronized void lost(WebSocket ws) {
            if (ws != current) return; // an old socket's last word, or one already replaced
            current = null;
            // The pause starts over only after a connection that lasted: one the server drops at once (or
            // that sends what no event is) would otherwise be opened again twice a second for good.
            if (System.nanoTime() - openedAt >= STEADY.toNanos()) pause = FIRST_RETRY;
            retry();
        }

        /** The connection is gone (or never came): say so once, and try again after a pause that grows. */
        private synchronized void retry() {
            if (closed) return;
            if (!offline) {
                offline = true;
                report("tui.offline", "lost the connection to " + describe + "; trying again");
            }
            Duration wait = pause;
            pause = pause.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : pause.multipliedBy(2);
            try {
                timer.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: no more attempts
            }
        }

        private void report(String type, String message) {
            ObjectNode body = Json.mapper().createObjectNode().put("type", type).put("message", message);
            listener.accept(new LiveEvent(type, body));
        }

        void close() {
            WebSocket ws;
            synchronized (this) {
                closed = true;
                ws = current;
                current = null;
            }
            streams.remove(this);
            if (ws != null) ws.abort();
        }
    }

    /** A response body collected up to a limit: a larger one is cut off, not read into memory. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        static final class TooLarge extends IOException {
            TooLarge(String message) {
                super(message);
            }
        }

        private Limited(int limit) {
            this.limit = limit;
        }

        static HttpResponse.BodySubscriber<byte[]> body(HttpResponse.ResponseInfo info, int limit) {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > limit) {
                return new Refused(new TooLarge(declared + " bytes, more than the " + limit + " allowed"));
            }
            return new Limited(limit);
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) return;
            for (ByteBuffer b : items) {
                if (bytes.size() + b.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge("more than the " + limit + " bytes allowed"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }

    /** A body refused before it is read: the subscription is cancelled at once. */
    private record Refused(IOException why) implements HttpResponse.BodySubscriber<byte[]> {
        @Override
        public CompletionStage<byte[]> getBody() {
            return CompletableFuture.failedFuture(why);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> items) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onComplete() {}
    }
}
