package org.thatdam.core.serve;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.thatdam.storage.IoErrors;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.thatdam.core.json.Json;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.DataLayout;

/**
 * One server per library: the server holds an exclusive lock on {@code server.lock} for its lifetime
 * and publishes how to reach it in {@code server.json}. The lock, not the file, is the truth: the OS
 * releases it when the process dies, so a {@code server.json} left by a crash is recognised as stale.
 */
public final class ServerLock implements AutoCloseable {

    private final DataLayout layout;
    private final FileChannel channel;
    private final FileLock lock;

    private ServerLock(DataLayout layout, FileChannel channel, FileLock lock) {
        this.layout = layout;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the library's server lock and deletes a {@code server.json} left by a server that died:
     * until this one publishes its own, clients must not be sent to the old address (another
     * program, or another library's server, may listen there now).
     *
     * @throws ServerRunningException when another server (process or handle) holds it
     */
    public static ServerLock acquire(DataLayout layout) {
        FileChannel ch = open(layout);
        FileLock l = tryLock(ch);
        if (l == null) {
            close(ch);
            throw new ServerRunningException(readEndpoint(layout).orElse(null));
        }
        ServerLock lock = new ServerLock(layout, ch, l);
        try {
            Files.deleteIfExists(layout.serverJson());
        } catch (IOException e) {
            lock.close();
            throw IoErrors.failure("cannot remove the stale " + layout.serverJson(), e);
        }
        return lock;
    }

    /** A server holding the lock; {@code endpoint} is null when its {@code server.json} is missing or unreadable. */
    public record Holder(ServerEndpoint endpoint) {}

    /** The server running on this library, if any (whoever holds the lock). */
    public static Optional<Holder> running(DataLayout layout) {
        if (!Files.exists(layout.serverLock())) return Optional.empty();
        FileChannel ch = open(layout);
        try {
            FileLock l = tryLock(ch);
            if (l != null) return Optional.empty();   // nobody holds it (released with the channel below)
            return Optional.of(new Holder(readEndpoint(layout).orElse(null)));
        } finally {
            close(ch);
        }
    }

    /**
     * Writes {@code server.json} atomically (readers see the whole old or the whole new file) and
     * readable by the library's owner only: it holds the server's local key.
     */
    public void publish(ServerEndpoint endpoint) {
        try {
            AtomicFiles.writePrivate(layout.serverJson(), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(endpoint));
        } catch (IOException e) {
            throw IoErrors.failure("cannot write " + layout.serverJson(), e);
        }
    }

    /** Removes {@code server.json}, then releases the lock. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(layout.serverJson());
        } catch (IOException ignored) {
            // stale files are ignored while the lock is free
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // released with the channel
        }
        close(channel);
    }

    private static FileChannel open(DataLayout layout) {
        try {
            return FileChannel.open(layout.serverLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw IoErrors.failure("cannot open " + layout.serverLock(), e);
        }
    }

    /** The lock, or null when another process or another channel of this process holds it. */
    private static FileLock tryLock(FileChannel ch) {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        } catch (IOException e) {
            throw IoErrors.failure("cannot lock the server lock", e);
        }
    }

    private static Optional<ServerEndpoint> readEndpoint(DataLayout layout) {
        try {
            return Optional.of(Json.mapper().readValue(Files.readAllBytes(layout.serverJson()), ServerEndpoint.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing held
        }
    }
}
