package org.thatdam.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the number of open connections (HTTP and WebSocket alike) bounded, so that a flood of idle
 * sockets cannot use up the process's file descriptors:
 * <ul>
 * <li>one client address holds at most {@code perAddress}: a new connection beyond that closes the
 * address's longest-idle connection that is not in the middle of a request, so the client itself
 * (a browser reconnecting, a health probe from the same host) still gets through while its own
 * flood churns;</li>
 * <li>all addresses together hold at most {@code max}: beyond it new connections are closed at once;</li>
 * <li>a connection that has not sent a complete first request head within {@code headerTimeout}
 * (a client trickling partial headers) is closed; later requests are bounded by the idle timeout.</li>
 * </ul>
 * Counted per endpoint (socket): a WebSocket upgrade keeps the socket and its place.
 */
final class ConnectionGuard implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final int max;
    private final int perAddress;
    private final Duration headerTimeout;
    private volatile Scheduler scheduler;
    private final Map<InetAddress, Set<EndPoint>> byAddress = new ConcurrentHashMap<>();
    private final Set<EndPoint> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();

    ConnectionGuard(int max, int perAddress, Duration headerTimeout) {
        this.max = max;
        this.perAddress = perAddress;
        this.headerTimeout = headerTimeout;
    }

    /** Watches the connections of {@code connector} (before it starts). */
    void attach(org.eclipse.jetty.server.AbstractConnector connector) {
        scheduler = connector.getScheduler();
        connector.addEventListener(this);
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint ep = socket(connection.getEndPoint());
        boolean fresh = open.add(ep);
        InetAddress address = address(ep);
        Set<EndPoint> mine = address == null ? null : byAddress.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet());
        if (mine != null) mine.add(ep);
        // A socket is admitted when its first connection opens (on an HTTPS port: the detector of TLS,
        // then TLS, then HTTP inside it); an upgraded socket (WebSocket) was admitted when it connected.
        if (fresh && !admit(ep, mine, address)) return;
        if (connection instanceof HttpConnection http) {
            scheduler.schedule(() -> {
                if (ep.isOpen() && http.getMessagesIn() == 0) {
                    close(ep, mine, "no complete request head within " + headerTimeout.toSeconds() + " s");
                }
            }, headerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Applies the limits to a new socket; false when it (not another) was closed. */
    private boolean admit(EndPoint ep, Set<EndPoint> mine, InetAddress address) {
        if (open.size() > max) {
            close(ep, mine, "the server holds its maximum of " + max + " connections");
            return false;
        }
        if (mine != null) {
            // One decision at a time per address, so that two new connections do not pick the same victim.
            synchronized (mine) {
                if (mine.size() > perAddress) {
                    Optional<EndPoint> idlest = mine.stream().filter(e -> e != ep && idle(e))
                            .max(Comparator.comparingLong(ConnectionGuard::idleFor));
                    if (idlest.isEmpty()) {
                        close(ep, mine, address.getHostAddress() + " holds " + perAddress + " busy connections");
                        return false;
                    }
                    close(idlest.get(), mine, address.getHostAddress() + " holds " + perAddress + " connections: closing its longest-idle one");
                }
            }
        }
        return true;
    }

    @Override
    public void onClosed(Connection connection) {
        EndPoint ep = socket(connection.getEndPoint());
        if (ep.isOpen()) return; // upgraded: the socket lives on with its new connection
        open.remove(ep);
        InetAddress address = address(ep);
        if (address != null) {
            byAddress.computeIfPresent(address, (a, set) -> {
                set.remove(ep);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** Connections currently open (tests and metrics). */
    int openConnections() {
        return open.size();
    }

    /** Connections closed by this guard since start. */
    int refusedConnections() {
        return refused.get();
    }

    /** Not in the middle of an HTTP exchange (a WebSocket between messages counts as idle). */
    private static boolean idle(EndPoint ep) {
        Connection c = ep.getConnection();
        if (c instanceof SslConnection ssl) c = ssl.getDecryptedEndPoint().getConnection();
        return !(c instanceof HttpConnection h) || h.getHttpChannel().getState().isIdle();
    }

    /** The network socket under {@code ep}: over TLS, HTTP runs on an endpoint inside the TLS connection. */
    private static EndPoint socket(EndPoint ep) {
        return ep instanceof SslConnection.DecryptedEndPoint d ? d.getSslConnection().getEndPoint() : ep;
    }

    private static long idleFor(EndPoint ep) {
        return ep instanceof org.eclipse.jetty.io.IdleTimeout t ? t.getIdleFor() : 0;
    }

    /** Closes and stops counting at once (the close notice may come later, from another thread). */
    private void close(EndPoint ep, Set<EndPoint> mine, String why) {
        open.remove(ep);
        if (mine != null) mine.remove(ep);
        refused.incrementAndGet();
        LOG.debug("closing connection from {}: {}", ep.getRemoteSocketAddress(), why);
        ep.close();
    }

    private static InetAddress address(EndPoint ep) {
        SocketAddress a = ep.getRemoteSocketAddress();
        return a instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
