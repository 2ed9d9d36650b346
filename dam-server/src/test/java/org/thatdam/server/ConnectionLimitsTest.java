package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;

/**
 * Floods of idle sockets and WebSocket connects from one address, and clients that never finish
 * their request head: the server stays reachable (also from that address) and holds a bounded
 * number of connections.
 */
class ConnectionLimitsTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia()
            .config(ConfigKey.SERVER_MAX_CONNECTIONS, "512").config(ConfigKey.SERVER_MAX_CONNECTIONS_PER_ADDRESS, "64");
    /** Connections the test's own HTTP client may keep alive. */
    static final int KEPT_ALIVE = 4;
    /**
     * Sockets the client opens before it waits for the server to have accepted them: below the
     * listening socket's accept queue (the JDK's default backlog of 50), so that the kernel never drops
     * a handshake and leaves the connection to SYN-ACK retransmits seconds later.
     */
    static final int BATCH = 32;
    /** Sockets the server has accepted since the class started (counted by the test, whatever became of them). */
    static final AtomicInteger accepted = new AtomicInteger();

    @BeforeAll
    static void countAcceptedSockets() {
        for (var connector : live.server().javalin().jettyServer().server().getConnectors()) {
            if (connector instanceof AbstractConnector c) c.addEventListener(new Connection.Listener() {
                @Override
                public void onOpened(Connection connection) {
                    if (connection instanceof HttpConnection) accepted.incrementAndGet(); // not again on a WebSocket upgrade
                }

                @Override
                public void onClosed(Connection connection) {}
            });
        }
    }

    @Test
    void healthAnswersThroughAFloodOfIdleAndWebSocketConnections() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            byte[] upgrade = ("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            int before = accepted.get();
            for (int i = 0; i < 3000; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", live.port()), 5000);
                if (i % 3 == 0) s.getOutputStream().write(upgrade); // every third one becomes an event stream
                sockets.add(s);
                if (sockets.size() % BATCH == 0) awaitAccepted(before + sockets.size());
            }
            // From the same address, while all of them are held open by the client
            long t0 = System.nanoTime();
            assertThat(live.getJson("/health").path("status").asText()).isEqualTo("ok");
            assertThat(live.getJson("/api/v1/assets?limit=1").path("total").asLong()).isEqualTo(LiveServer.LAYOUT.size());
            System.out.printf("/health answered in %d ms with 3000 sockets opened from the same address%n",
                    (System.nanoTime() - t0) / 1_000_000);
            // The server may still be accepting the tail of the flood (each accept is admitted, then a
            // connection is closed): once it has caught up it holds at most the per-address limit.
            awaitGuard(() -> guard().refusedConnections() >= 3000 - 64 && guard().openConnections() <= 64);
            assertThat(guard().openConnections()).as("connections the server holds").isLessThanOrEqualTo(64);
            assertThat(guard().refusedConnections()).isGreaterThanOrEqualTo(3000 - 64);
        } finally {
            for (Socket s : sockets) s.close();
        }
        awaitOpenConnections(KEPT_ALIVE);
    }

    @Test
    void otherAddressesKeepTheirShareWhileOneFloods() throws Exception {
        List<Socket> flood = new ArrayList<>();
        try {
            int before = accepted.get();
            for (int i = 0; i < 500; i++) {
                flood.add(connect(InetAddress.getByName("127.0.0.2")));
                if (flood.size() % BATCH == 0) awaitAccepted(before + flood.size());
            }
            // 127.0.0.3 is another client: its connection is served, not replaced by the flood's
            try (Socket other = connect(InetAddress.getByName("127.0.0.3"))) {
                other.setSoTimeout(10_000);
                other.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readHead(other.getInputStream())).startsWith("HTTP/1.1 200");
            }
        } finally {
            for (Socket s : flood) s.close();
        }
        awaitOpenConnections(KEPT_ALIVE);
    }

    @Test
    void aClientThatNeverFinishesItsRequestHeadIsDisconnected() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", live.port()), 5000);
            s.setSoTimeout(60_000);
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            long t0 = System.nanoTime();
            int read;
            try {
                read = s.getInputStream().read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the half-open connection was still open after 60 s", e);
            } catch (IOException e) {
                read = -1; // reset: closed too
            }
            assertThat(read).as("closed without an answer").isEqualTo(-1);
            long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
            System.out.printf("partial request head closed after %d s%n", seconds);
        }
    }

    private static Socket connect(InetAddress from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", live.port()), 5000);
        return s;
    }

    private static ConnectionGuard guard() {
        return live.server().connectionGuard();
    }

    /** Waits until the server has accepted {@code expected} sockets since the class started. */
    private static void awaitAccepted(int expected) {
        awaitGuard(() -> accepted.get() >= expected);
    }

    private static void awaitOpenConnections(int expected) {
        awaitGuard(() -> guard().openConnections() <= expected);
    }

    /** Polls until the guard's counters say {@code done} (at once when they already do: it is asked ~100 times a test). */
    private static void awaitGuard(java.util.function.BooleanSupplier done) {
        await("the connection guard's counters: " + guard().openConnections() + " open").atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(done::getAsBoolean);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            b.append((char) c);
            if (b.toString().endsWith("\r\n\r\n")) break;
        }
        return b.toString();
    }
}
