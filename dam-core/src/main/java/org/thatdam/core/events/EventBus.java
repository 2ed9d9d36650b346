package org.thatdam.core.events;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process publish/subscribe. Subscribers are called on the publishing thread and must be quick
 * (hand off to a queue for slow work, as the WebSocket hub does); one that throws is logged and
 * never stops the publisher or the other subscribers.
 */
public final class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final CopyOnWriteArrayList<Consumer<DamEvent>> subscribers = new CopyOnWriteArrayList<>();

    public AutoCloseable subscribe(Consumer<DamEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(DamEvent event) {
        for (Consumer<DamEvent> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event subscriber failed on {}: {}", event.type(), e.toString());
            }
        }
    }
}
