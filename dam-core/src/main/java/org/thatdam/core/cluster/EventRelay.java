package org.thatdam.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.catalog.CatalogChannel;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.core.json.Json;

/**
 * Carries this node's events to the other nodes sharing the catalog, and theirs to this node's bus: what a
 * worker publishes (job progress and states, ingested assets, scan progress) reaches every API node's
 * WebSocket clients. Each message names its origin (this process's run), so a node never re-publishes its own.
 *
 * <p>Sending happens off the publishing thread, through a bounded queue: when it is full, progress ticks are
 * dropped (the next one says more) and other events too, with one log line. An event too large for one
 * message ({@link CatalogChannel#MAX_PAYLOAD_BYTES}) is dropped the same way.
 */
public final class EventRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventRelay.class);
    /** The channel the events travel on. */
    public static final String CHANNEL = "dam_events";
    static final int QUEUE = 10_000;
    private static final Map<String, Class<? extends DamEvent>> KINDS = kinds();

    private final EventBus bus;
    private final CatalogChannel channel;
    private final String origin;
    private final BlockingQueue<String> outbox = new ArrayBlockingQueue<>(QUEUE);
    /** Set while an event from another node is handed to the local bus: it is not sent back out. */
    private final ThreadLocal<Boolean> relaying = ThreadLocal.withInitial(() -> false);
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final AutoCloseable subscription;
    private final Thread sender;
    private volatile AutoCloseable listening;
    private volatile boolean closed;

    /** Starts sending this node's events; {@link #receive} also brings the others' here. {@code origin}: unique per run. */
    public EventRelay(EventBus bus, CatalogChannel channel, String origin) {
        this.bus = bus;
        this.channel = channel;
        this.origin = origin;
        this.subscription = bus.subscribe(this::send);
        this.sender = Thread.ofPlatform().name("event-relay").daemon(true).start(this::sendLoop);
    }

    /** Re-publishes the other nodes' events on this node's bus from now on (a node that serves clients). */
    public synchronized void receive() {
        if (listening == null && !closed) listening = channel.listen(CHANNEL, this::received);
    }

    private void send(DamEvent e) {
        if (relaying.get() || closed) return;
        String json;
        try {
            ObjectNode msg = Json.mapper().createObjectNode().put("origin", origin).put("event", e.getClass().getSimpleName());
            msg.set("data", Json.mapper().valueToTree(e));
            json = Json.mapper().writeValueAsString(msg);
        } catch (Exception ex) {
            LOG.error("cannot encode {} for the other nodes", e.type(), ex);
            return;
        }
        boolean tick = e instanceof DamEvent.JobProgress || e instanceof DamEvent.ScanProgress;
        if (json.getBytes(StandardCharsets.UTF_8).length > CatalogChannel.MAX_PAYLOAD_BYTES) {
            if (!tick) once(e.type() + " large", "{} events larger than {} bytes are not sent to the other nodes",
                    e.type(), CatalogChannel.MAX_PAYLOAD_BYTES);
            return;
        }
        if (!outbox.offer(json) && !tick) {
            once(e.type() + " full", "the other nodes are sent events more slowly than they come: {} events dropped", e.type());
        }
    }

    private void once(String key, String format, Object... args) {
        if (reported.add(key)) LOG.warn(format, args);
    }

    private void sendLoop() {
        // On close what is queued still goes (a worker's last job states), then the thread ends.
        while (!closed || !outbox.isEmpty()) {
            String next;
            try {
                next = outbox.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) continue;
            try {
                channel.publish(CHANNEL, next);
            } catch (RuntimeException e) {
                once("publish", "cannot send events to the other nodes ({}); they miss some until it works again", e.getMessage());
            }
        }
    }

    private void received(String payload) {
        DamEvent event;
        try {
            JsonNode msg = Json.mapper().readTree(payload);
            if (origin.equals(msg.path("origin").asText())) return;
            Class<? extends DamEvent> kind = KINDS.get(msg.path("event").asText());
            if (kind == null) {
                once("unknown " + msg.path("event").asText(), "an event of a kind this node does not know came from {}: {}",
                        msg.path("origin").asText(), msg.path("event").asText());
                return;
            }
            event = Json.mapper().treeToValue(msg.path("data"), kind);
        } catch (Exception e) {
            once("unreadable", "an event from another node cannot be read: {}", e.getMessage());
            return;
        }
        relaying.set(true);
        try {
            bus.publish(event);
        } finally {
            relaying.set(false);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Class<? extends DamEvent>> kinds() {
        Map<String, Class<? extends DamEvent>> m = new java.util.HashMap<>();
        for (Class<?> c : DamEvent.class.getPermittedSubclasses()) m.put(c.getSimpleName(), (Class<? extends DamEvent>) c);
        return Map.copyOf(m);
    }

    @Override
    public void close() {
        closed = true;
        try {
            subscription.close();
            AutoCloseable l = listening;
            if (l != null) l.close();
        } catch (Exception e) {
            LOG.debug("event relay: {}", e.toString());
        }
        try {
            sender.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
