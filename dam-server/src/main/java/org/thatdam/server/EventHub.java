package org.thatdam.server;

import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventJson;
import org.thatdam.core.events.EventBus;

/**
 * Streams library events to WebSocket clients as JSON with a {@code type} field. Each client has
 * its own bounded queue and sender thread: publishing never waits on a socket, and a client that
 * falls too far behind is disconnected instead of slowing anyone down.
 */
final class EventHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    static final int QUEUE = 1000;

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final AutoCloseable subscription;
    /** Checks every client's credentials again, also while no event flows. */
    private final java.util.concurrent.ScheduledExecutorService checker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("event-stream-check").daemon(true).factory());

    EventHub(EventBus bus) {
        subscription = bus.subscribe(this::publish);
        checker.scheduleWithFixedDelay(this::recheckAll, IDLE_RECHECK.toMillis(), IDLE_RECHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether a client may still listen; asked of its credentials at most every {@link #RECHECK}. */
    @FunctionalInterface
    interface Listener {
        boolean stillAllowed(WsContext ctx);
    }

    /**
     * How long a client's credentials are trusted before the next event to it checks them again (a
     * revoked session or key ends its stream), and how often every client is checked while no event flows.
     */
    static final java.time.Duration RECHECK = java.time.Duration.ofSeconds(2);
    static final java.time.Duration IDLE_RECHECK = java.time.Duration.ofSeconds(5);

    /**
     * What a client may send: each text message is handed over with a way to answer on the same stream
     * (in order with the events, through the client's queue, so a reply never races an event).
     */
    @FunctionalInterface
    interface Inbound {
        void handle(WsContext ctx, String message, java.util.function.Consumer<String> reply);
    }

    /** Streams to every client the upgrade let in, for as long as {@code allowed} says it may listen. */
    void configure(WsConfig ws, Listener allowed) {
        configure(ws, allowed, (ctx, message, reply) -> { }); // clients only listen
    }

    /** As {@link #configure(WsConfig, Listener)}, with {@code inbound} answering what clients send. */
    void configure(WsConfig ws, Listener allowed, Inbound inbound) {
        ws.onConnect(ctx -> {
            ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
            Client c = new Client(ctx, allowed);
            clients.put(ctx.sessionId(), c);
            c.queue.offer("{\"type\":\"hello\",\"clients\":" + clients.size() + "}");
        });
        ws.onClose(ctx -> remove(ctx.sessionId()));
        ws.onError(ctx -> remove(ctx.sessionId()));
        ws.onMessage(ctx -> {
            Client c = clients.get(ctx.sessionId());
            if (c == null) return;
            inbound.handle(ctx, ctx.message(), reply -> {
                if (!c.queue.offer(reply)) LOG.info("event stream {}: its queue is full, a reply is dropped", ctx.sessionId());
            });
        });
    }

    int clientCount() {
        return clients.size();
    }

    private void publish(DamEvent e) {
        if (clients.isEmpty()) return;
        String json;
        try {
            json = EventJson.text(e);
        } catch (RuntimeException ex) {
            LOG.error("cannot serialise {}", e.type(), ex);
            return;
        }
        for (Client c : clients.values()) {
            if (!c.queue.offer(json)) {
                LOG.info("closing event stream {}: it fell {} messages behind", c.ctx.sessionId(), QUEUE);
                remove(c.ctx.sessionId());
                try {
                    c.ctx.closeSession(1008, "too slow: fell behind the event stream");
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
        }
    }

    private void recheckAll() {
        for (Client c : clients.values()) {
            try {
                c.recheck();
            } catch (RuntimeException e) {
                LOG.warn("cannot check the credentials of event stream {}", c.ctx.sessionId(), e);
            }
        }
    }

    private void remove(String id) {
        Client c = clients.remove(id);
        if (c != null) c.sender.interrupt();
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception ignored) {
            // nothing to release
        }
        checker.shutdownNow();
        clients.keySet().forEach(this::remove);
    }

    private static final class Client {
        final WsContext ctx;
        final Listener allowed;
        final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
        final Thread sender;
        private volatile long checkedAt = System.nanoTime();

        Client(WsContext ctx, Listener allowed) {
            this.ctx = ctx;
            this.allowed = allowed;
            this.sender = Thread.ofVirtual().name("ws-" + ctx.sessionId()).start(this::run);
        }

        /** Whether the client may still listen; closes its stream when not. */
        synchronized boolean recheck() {
            if (!ctx.session.isOpen()) return false;
            if (allowed.stillAllowed(ctx)) {
                checkedAt = System.nanoTime();
                return true;
            }
            ctx.closeSession(1008, "your session has ended or your key was revoked");
            return false;
        }

        private void run() {
            try {
                while (true) {
                    String m = queue.take();
                    if (!ctx.session.isOpen()) return;
                    if (System.nanoTime() - checkedAt > RECHECK.toNanos() && !recheck()) return;
                    ctx.send(m);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // The socket broke, or this client was dropped while a send was blocked (Jetty then throws
                // an InterruptedIOException; WsContext.send throws IOExceptions undeclared): onClose/onError
                // removes the client. Caught here so the sender ends quietly instead of dying uncaught.
            }
        }
    }
}
