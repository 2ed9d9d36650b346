package org.thatdam.catalog.testing;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server from the binaries zonky publishes on Maven Central, on a loopback port with
 * trust authentication for user {@code postgres}: for tests, the bench and the cluster demo.
 *
 * <p>PostgreSQL refuses to run as root, so under root every PostgreSQL program runs as {@code nobody}
 * (util-linux {@code setpriv}), owning its data folder. The server is a child of a platform thread of
 * ours under {@code setpriv --pdeathsig KILL}: it dies with this JVM however the JVM ends, and its
 * backends follow their postmaster.
 */
public final class PostgresServer implements AutoCloseable {

    private static final int NOBODY = 65534;
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Process process;
    private final Path dataDir;
    private final int port;

    private PostgresServer(Process process, Path dataDir, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
    }

    public int port() { return port; }
    public Path dataDir() { return dataDir; }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/database} */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Initialises {@code dataDir} (which must not exist or be empty) and starts a server on a free port. */
    public static PostgresServer start(Path dataDir) throws IOException {
        Path bin = binaries().resolve("bin");
        Files.createDirectories(dataDir);
        if (ROOT) {
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            chownNobody(dataDir);
            // nobody must reach its folder: the parent (ours, private) lets others pass, not read.
            var parent = Files.getPosixFilePermissions(dataDir.getParent());
            parent.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(dataDir.getParent(), parent);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-sync"));
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL"));
        if (ROOT) cmd.addAll(List.of("--reuid", Integer.toString(NOBODY), "--regid", Integer.toString(NOBODY), "--clear-groups"));
        cmd.addAll(List.of("--", bin.resolve("postgres").toString(), "-D", dataDir.toString(), "-p", Integer.toString(port),
                "-h", "127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=300", "-c", "shared_buffers=32MB"));
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        CompletableFuture<Process> started = new CompletableFuture<>();
        // The parent-death signal fires when the forking thread ends: this one lives as long as the server.
        Thread keeper = new Thread(() -> {
            try {
                Process p = pb.start();
                started.complete(p);
                p.waitFor();
            } catch (IOException e) {
                started.completeExceptionally(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "postgres-" + port);
        keeper.setDaemon(true);
        keeper.start();
        Process process = started.join();
        PostgresServer server = new PostgresServer(process, dataDir, port);
        server.awaitReady(log);
        return server;
    }

    private void awaitReady(Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("PostgreSQL exited at start: " + tail(log));
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(50); // polling a server start: nothing to wait on but the port
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for PostgreSQL", e);
            }
        }
        process.destroyForcibly();
        throw new IOException("PostgreSQL did not accept connections within 60 s: " + (last == null ? "" : last.getMessage()) + "; " + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Runs a PostgreSQL program to its end (as nobody under root); its output is the message when it fails. */
    private static void run(List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (ROOT) cmd.addAll(List.of("setpriv", "--reuid", Integer.toString(NOBODY), "--regid", Integer.toString(NOBODY), "--clear-groups", "--"));
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void chownNobody(Path p) throws IOException {
        Files.setAttribute(p, "unix:uid", NOBODY);
        Files.setAttribute(p, "unix:gid", NOBODY);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The binaries, unpacked once per machine and version into the temporary folder (readable by
     * nobody): a folder that exists is complete, because it appears by an atomic rename.
     */
    static synchronized Path binaries() throws IOException {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "thatdam-postgres-" + BinariesVersion.VERSION);
        if (Files.isDirectory(target)) return target;
        Path tmp = Files.createTempDirectory(target.getParent(), target.getFileName() + ".part");
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path out = tmp.resolve(e.getName()).normalize();
                if (!out.startsWith(tmp)) throw new IOException("unsafe entry in the PostgreSQL archive: " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString((e.getMode() & 0111) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (var dirs = Files.walk(tmp)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.isDirectory(target)) throw raced; // another JVM unpacked it first: use theirs
        }
        return target;
    }

    /** Stops the server: a fast shutdown, then a kill if it lingers. */
    @Override
    public void close() {
        // SIGINT is PostgreSQL's fast shutdown: it ends the sessions still open (a SIGTERM would wait for them).
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Names the unpacked folder after the archive's place (its jar's path carries the version): a new version unpacks anew. */
    private static final class BinariesVersion {
        static final String VERSION = version();

        private static String version() {
            java.net.URL url = DefaultPostgresBinaryResolver.class.getClassLoader().getResource("postgres-linux-x86_64.txz");
            String where = url == null ? "none" : url.toString();
            return Integer.toHexString(where.hashCode());
        }
    }
}
