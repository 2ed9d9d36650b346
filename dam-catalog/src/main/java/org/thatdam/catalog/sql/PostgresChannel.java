package org.thatdam.catalog.sql;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.catalog.CatalogChannel;
import org.thatdam.catalog.CatalogException;
import org.thatdam.model.DamException;

/**
 * LISTEN/NOTIFY on PostgreSQL. One dedicated connection listens (a JDBC connection is not shared between
 * threads, so only the listening thread touches it: it issues the LISTENs too); when it drops, the thread
 * connects again with a growing pause and listens again. Messages sent while it was away are lost, which
 * the channel allows: whoever listens also polls. Sending has a connection of its own too.
 */
final class PostgresChannel implements CatalogChannel, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresChannel.class);
    /** How long one wait for notifications lasts: also how soon a new LISTEN or a close is noticed. */
    static final int WAIT_MS = 250;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** Channel names are SQL identifiers here (LISTEN takes no parameter). */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final DataSource dedicated;
    private final Object sendLock = new Object();
    private Connection sending;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    /** Channels the current connection LISTENs to. */
    private final Set<String> listening = ConcurrentHashMap.newKeySet();
    private final Object changed = new Object();
    private volatile boolean closed;
    private final Thread thread;

    PostgresChannel(DataSource dedicated) {
        this.dedicated = dedicated;
        this.thread = Thread.ofPlatform().name("catalog-listen").daemon(true).start(this::run);
    }

    @Override
    public void publish(String channel, String payload) {
        checkName(channel);
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw DamException.invalid("a message on " + channel + " is larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
        synchronized (sendLock) {
            try {
                send(channel, payload);
            } catch (SQLException first) {
                // the connection broke (a restart, the network): one new connection, one more try
                closeSending();
                try {
                    send(channel, payload);
                } catch (SQLException again) {
                    closeSending();
                    throw new CatalogException("cannot send a message on " + channel + ": " + again.getMessage(), again);
                }
            }
        }
    }

    /** Sends on a connection of the channel's own: a busy pool (every writer waiting for the write lock) never delays a message. */
    private void send(String channel, String payload) throws SQLException {
        if (sending == null) {
            sending = dedicated.getConnection();
            sending.setAutoCommit(true);
        }
        try (PreparedStatement st = sending.prepareStatement("SELECT pg_notify(?, ?)")) {
            st.setString(1, channel);
            st.setString(2, payload);
            st.execute();
        }
    }

    private void closeSending() {
        if (sending == null) return;
        try {
            sending.close();
        } catch (SQLException ignored) {
            // it is being replaced or the channel closes
        }
        sending = null;
    }

    /** Listens from the moment this returns (it waits, briefly, for the LISTEN to be in place). */
    @Override
    public AutoCloseable listen(String channel, Consumer<String> onMessage) {
        checkName(channel);
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(onMessage);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (changed) {
            changed.notifyAll();
            while (!listening.contains(channel) && !closed && System.nanoTime() < deadline) {
                try {
                    changed.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return () -> {
            List<Consumer<String>> l = listeners.get(channel);
            if (l != null) l.remove(onMessage);
        };
    }

    private static void checkName(String channel) {
        if (!NAME.matcher(channel).matches()) throw DamException.invalid("not a channel name: " + channel);
    }

    private void run() {
        long backoff = 100;
        while (!closed) {
            if (listeners.isEmpty()) {
                // a process that only sends (a command line) never holds a connection for listening
                synchronized (changed) {
                    try {
                        changed.wait(WAIT_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                continue;
            }
            try (Connection c = dedicated.getConnection()) {
                c.setAutoCommit(true);
                PGConnection pg = c.unwrap(PGConnection.class);
                listening.clear();
                if (backoff > 100) LOG.info("catalog channel: connected again");
                backoff = 100;
                while (!closed) {
                    listenToNew(c);
                    PGNotification[] got = pg.getNotifications(WAIT_MS);
                    if (got != null) {
                        for (PGNotification n : got) deliver(n.getName(), n.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) return;
                listening.clear();
                LOG.warn("catalog channel: connection lost ({}); connecting again in {} ms", e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    private void listenToNew(Connection c) throws SQLException {
        for (String channel : listeners.keySet()) {
            if (listening.contains(channel)) continue;
            try (Statement st = c.createStatement()) {
                st.execute("LISTEN " + channel); // checked against NAME: a plain identifier
            }
            synchronized (changed) {
                listening.add(channel);
                changed.notifyAll();
            }
        }
    }

    private void deliver(String channel, String payload) {
        List<Consumer<String>> l = listeners.get(channel);
        if (l == null) return;
        for (Consumer<String> consumer : l) {
            try {
                consumer.accept(payload);
            } catch (RuntimeException e) {
                LOG.warn("catalog channel: a listener of {} failed: {}", channel, e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (changed) {
            changed.notifyAll();
        }
        try {
            thread.join(2 * WAIT_MS + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (sendLock) {
            closeSending();
        }
    }
}
