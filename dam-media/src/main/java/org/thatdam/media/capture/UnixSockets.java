package org.thatdam.media.capture;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * Unix-domain sockets in a private folder (0700, so no other user can connect or read), under /tmp
 * because a socket's path is limited to 108 bytes. The folder and its sockets are removed on close.
 */
public final class UnixSockets implements AutoCloseable {

    /** sun_path is 108 bytes including its terminating zero. */
    static final int MAX_PATH_BYTES = 107;

    private final Path dir;
    private final Map<String, ServerSocketChannel> listening = new HashMap<>();
    private boolean closed;

    private UnixSockets(Path dir) {
        this.dir = dir;
    }

    /** A new private folder under the temporary folder when its path is short, else under /tmp. */
    public static UnixSockets create(String prefix) {
        String tmp = System.getProperty("java.io.tmpdir", "/tmp");
        Path base = tmp.length() <= 40 ? Path.of(tmp) : Path.of("/tmp");
        try {
            Path dir = Files.createTempDirectory(base, prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new UnixSockets(dir);
        } catch (IOException | UnsupportedOperationException e) {
            throw new DamException(ErrorCode.UNAVAILABLE, "cannot make a private folder for the live sockets under "
                    + base + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * Listens on {@code name} in the folder, replacing an earlier listener of that name (so that no
     * connection left in an old backlog is ever taken for a new one).
     */
    public synchronized ServerSocketChannel listen(String name) {
        if (closed) throw new DamException(ErrorCode.UNAVAILABLE, "the live sockets are closed");
        if (!name.matches("[a-z0-9.-]{1,32}")) throw DamException.invalid("not a socket name: " + name);
        Path path = dir.resolve(name);
        if (path.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new DamException(ErrorCode.UNAVAILABLE, "the socket path " + path + " is longer than "
                    + MAX_PATH_BYTES + " bytes");
        }
        ServerSocketChannel old = listening.remove(name);
        try {
            if (old != null) old.close();
            Files.deleteIfExists(path);
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(path), 4);
            listening.put(name, ch);
            return ch;
        } catch (IOException e) {
            throw new DamException(ErrorCode.UNAVAILABLE, "cannot listen on " + path + ": " + e.getMessage(), e);
        }
    }

    /** The path of socket {@code name}, for the program that connects. */
    public Path path(String name) {
        return dir.resolve(name);
    }

    /**
     * The next connection, waiting at most {@code timeout}; null when {@code giveUp} says so first
     * (checked ten times a second). The connection returned is blocking.
     */
    public static SocketChannel accept(ServerSocketChannel server, Duration timeout, BooleanSupplier giveUp) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Selector selector = Selector.open()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            while (true) {
                SocketChannel ch = server.accept();
                if (ch != null) {
                    ch.configureBlocking(true);
                    return ch;
                }
                if (giveUp.getAsBoolean()) return null;
                if (System.nanoTime() > deadline) {
                    throw new DamException(ErrorCode.UNAVAILABLE, "nothing connected to "
                            + server.getLocalAddress() + " within " + timeout.toSeconds() + " s");
                }
                selector.select(100);
                selector.selectedKeys().clear();
            }
        } catch (java.nio.channels.ClosedChannelException e) {
            return null; // closed under us: the ingest is stopping
        } catch (IOException e) {
            throw new DamException(ErrorCode.UNAVAILABLE, "cannot accept a connection: " + e.getMessage(), e);
        }
    }

    /** Stops listening and removes the sockets and the folder. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (ServerSocketChannel ch : listening.values()) {
            try {
                ch.close();
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(UnixSockets.class).warn("closing a live socket: {}", e.toString());
            }
        }
        listening.clear();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(UnixSockets.class).warn("cannot remove {}: {}", dir, e.toString());
        }
    }
}
