package org.thatdam.media.capture;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.thatdam.model.DamException;

/**
 * Unix-domain sockets an ffmpeg we start connects to, so raw frames reach it without a pipe of the
 * child's own: in a private folder (owner only) with a short path under /tmp, since a socket's path
 * is limited to 108 bytes. Closing removes the sockets and the folder.
 */
final class FeedSockets implements AutoCloseable {

    private final Path dir;
    private final List<ServerSocketChannel> servers = new ArrayList<>();

    private FeedSockets(Path dir) {
        this.dir = dir;
    }

    static FeedSockets create() {
        try {
            Path base = Path.of("/tmp");
            Path dir = Files.isDirectory(base)
                    ? Files.createTempDirectory(base, "dam-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory("dam-");
            return new FeedSockets(dir);
        } catch (IOException e) {
            throw DamException.unavailable("cannot make a private folder for a recording's sockets: " + e.getMessage(), e);
        }
    }

    /** Listens on {@code name} in the folder; returns the ffmpeg input URL. */
    synchronized ServerSocketChannel listen(String name) {
        Path p = dir.resolve(name);
        try {
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            servers.add(s);
            s.bind(UnixDomainSocketAddress.of(p), 1);
            return s;
        } catch (IOException e) {
            throw DamException.unavailable("cannot listen on a socket in " + dir + ": " + e.getMessage(), e);
        }
    }

    static String url(ServerSocketChannel s) {
        try {
            return "unix:" + ((UnixDomainSocketAddress) s.getLocalAddress()).getPath();
        } catch (IOException e) {
            throw DamException.unavailable("a recording socket is closed", e);
        }
    }

    /**
     * The one connection ffmpeg makes, within {@code limit}; null when it did not come in time or
     * {@code stillWaiting} says to give up (the ffmpeg ended). The channel returned blocks on writes.
     */
    static SocketChannel accept(ServerSocketChannel server, Duration limit, java.util.function.BooleanSupplier stillWaiting)
            throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        server.configureBlocking(false);
        try (Selector sel = Selector.open()) {
            server.register(sel, SelectionKey.OP_ACCEPT);
            while (stillWaiting.getAsBoolean()) {
                SocketChannel c = server.accept();
                if (c != null) {
                    c.configureBlocking(true);
                    return c;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) return null;
                sel.select(Math.max(1, Math.min(100, left / 1_000_000)));
                sel.selectedKeys().clear();
            }
            return null;
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public synchronized void close() {
        for (ServerSocketChannel s : servers) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a listener cannot fail in a way that matters: its file is removed below
            }
        }
        servers.clear();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // an empty folder under /tmp; the system's cleaner removes it
        }
    }
}
