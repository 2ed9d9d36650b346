package org.thatdam.core.cluster;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.catalog.CatalogChannel;

/**
 * "Look now" messages to the other nodes on one channel, sent off the caller's thread and coalesced: a burst
 * of calls while one message waits to go sends that one only (the listeners look at the catalog, not at how
 * many messages came).
 */
public final class Wakeups implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Wakeups.class);

    private final CatalogChannel channel;
    private final String name;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService sender;

    public Wakeups(CatalogChannel channel, String name) {
        this.channel = channel;
        this.name = name;
        this.sender = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("wake-" + name).daemon(true).factory());
    }

    /** Sends a wake-up soon, unless one is already about to go. */
    public void send() {
        if (!pending.compareAndSet(false, true)) return;
        try {
            sender.execute(() -> {
                pending.set(false);
                try {
                    channel.publish(name, "");
                } catch (RuntimeException e) {
                    // the others' poll finds the work a moment later
                    LOG.debug("cannot send a wake-up on {}: {}", name, e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            pending.set(false);
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
