package org.thatdam.core.serve;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.core.Dam;
import org.thatdam.core.config.DamConfig;
import org.thatdam.model.ScanReport;
import org.thatdam.core.scan.ScanService;
import org.thatdam.storage.IoErrors;

/**
 * A library being served: the one-server-per-library lock, the open library, and what runs beside
 * the HTTP server (the job engine, the search index opened in the background, the folder watcher,
 * the start-up scan). Closing it stops all of that in order and gives the lock back.
 */
public final class LibraryRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LibraryRuntime.class);

    private final ServerLock lock;
    private final Dam dam;
    private volatile CompletableFuture<ScanReport> startupScan = CompletableFuture.completedFuture(null);
    /**
     * Daily chores while serving: forgetting audit entries older than {@code audit.keep-days} and
     * finished jobs older than {@code jobs.keep-days}.
     */
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("housekeeping").daemon(true).unstarted(r));

    private LibraryRuntime(ServerLock lock, Dam dam) {
        this.lock = lock;
        this.dam = dam;
    }

    /**
     * Takes the library's server lock first (a second server on the same library stops here, before
     * touching anything), then opens the library. Whether it may be served on its address is the
     * server's to say as it binds ({@link Exposure}).
     *
     * @throws ServerRunningException when a server already runs on this library
     */
    public static LibraryRuntime open(DamConfig config) {
        checkRole(config);
        ServerLock lock = ServerLock.acquire(Dam.layout(config));
        try {
            return new LibraryRuntime(lock, Dam.open(config));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public Dam dam() {
        return dam;
    }

    /**
     * An api or worker node shares the library's work with other nodes: that needs a catalog they share and a
     * store they share (else what a worker makes stays on its own disk, where no API node can serve it).
     */
    static void checkRole(DamConfig config) {
        DamConfig.Role role = config.node().role();
        if (role == DamConfig.Role.ALL) return;
        if (!config.node().catalog().isPostgres()) {
            throw new org.thatdam.core.config.ConfigException("server.role = " + role.id() + " is for nodes sharing one catalog:"
                    + " set catalog.url = postgresql://HOST/DATABASE (on one machine, plain `dam serve` runs both parts)");
        }
        if (config.storage().local()) {
            throw new org.thatdam.core.config.ConfigException("server.role = " + role.id() + " needs a store every node shares,"
                    + " or what a worker makes stays on its own disk: set storage.url to s3://BUCKET/PREFIX or to a folder"
                    + " every node mounts (file:/PATH)");
        }
    }

    /** What this node serves, as it says at start: "serving CATALOG as ROLE node NAME". */
    public String describe() {
        DamConfig.Node node = dam.config().node();
        return "serving " + dam.catalog().describe() + " as " + node.role().id() + " node " + node.name();
    }

    /** Tells clients where this library's server listens (written to {@code server.json}). */
    public void publish(String host, int port, String url) {
        publish(host, port, url, null);
    }

    /** The same for a server speaking HTTPS: {@code certificate} is its certificate's {@link ServerEndpoint#fingerprint}. */
    public void publish(String host, int port, String url, String certificate) {
        lock.publish(new ServerEndpoint(ProcessHandle.current().pid(), host, port, url, Instant.now(), dam.token(), dam.localKey(),
                certificate));
    }

    /**
     * Starts the background work this node's role ({@code server.role}) asks for: the job engine (unless
     * {@code runJobs} is false, when another process runs the queue, or the node only serves the API), the search index (opened, or rebuilt, in the background; readiness
     * says when), the folder watcher ({@code watch.enabled}) and the start-up scan of every root
     * ({@code serve.scan-on-start}) where jobs run, the other nodes' events where clients are served, the daily pruning of the audit log ({@code audit.keep-days}) and of finished jobs ({@code jobs.keep-days}), the deletion of expired uploads every few minutes, and the daily backup ({@code backup.dir}). Watching starts before the scan, so nothing changed during it is lost.
     */
    public void start(boolean runJobs) {
        DamConfig config = dam.config();
        DamConfig.Role role = config.node().role();
        if (runJobs && role.runsJobs()) dam.engine().start();
        if (role.servesHttp()) {
            // first the other nodes' events (this returns once they are heard), then the index: ready means both
            dam.receiveOtherNodesEvents();
            Thread.ofPlatform().name("open-index").daemon(true).start(this::openIndex);
        }
        // the library's folders are followed where jobs run: an API node only scans when asked to
        if (role.runsJobs() && config.watch().enabled()) dam.watcher().start();
        if (role.runsJobs() && config.scanOnServe()) startupScan = scanRoots();
        housekeeping.scheduleWithFixedDelay(this::pruneAudit, 0, 1, TimeUnit.DAYS);
        housekeeping.scheduleWithFixedDelay(this::pruneJobs, 0, 1, TimeUnit.DAYS);
        housekeeping.scheduleWithFixedDelay(this::sweepUploads, 0, UPLOAD_SWEEP.toMinutes(), TimeUnit.MINUTES);
        // backup.time is a time of day: looking every minute keeps a clock change or a suspend from skipping a day
        if (config.backup().dir().isPresent()) {
            housekeeping.scheduleWithFixedDelay(this::backupIfDue, 1, 1, TimeUnit.MINUTES);
            LOG.info("scheduled backup to {} daily at {}, next at {}", config.backup().dir().get(), config.backup().time(),
                    dam.backups().scheduled().next());
        }
    }

    /** How often expired uploads are deleted from staging while serving. */
    static final java.time.Duration UPLOAD_SWEEP = java.time.Duration.ofMinutes(5);

    private void sweepUploads() {
        try {
            dam.uploads().sweep();
        } catch (RuntimeException e) {
            LOG.warn("cannot delete expired uploads: {}", e.getMessage());
        }
    }

    private void backupIfDue() {
        try {
            dam.backups().scheduled().tick();
        } catch (RuntimeException e) {
            LOG.warn("scheduled backup: {}", e.getMessage());
        }
    }

    private void pruneJobs() {
        try {
            int gone = dam.jobs().prune(dam.config().jobs().keep());
            if (gone > 0) LOG.info("jobs: {} finished jobs older than {} days deleted", gone, dam.config().jobs().keep().toDays());
        } catch (RuntimeException e) {
            LOG.warn("cannot prune finished jobs: {}", e.getMessage());
        }
    }

    private void pruneAudit() {
        try {
            int gone = dam.audit().prune(dam.config().auth().auditKeep());
            if (gone > 0) LOG.info("audit log: {} entries older than {} days deleted", gone, dam.config().auth().auditKeep().toDays());
        } catch (RuntimeException e) {
            // the next day tries again; the server goes on either way
            LOG.warn("cannot prune the audit log: {}", e.getMessage());
        }
    }

    /** The start-up scan's report (null when there was none: no roots, or not asked for). */
    public CompletableFuture<ScanReport> startupScan() {
        return startupScan;
    }

    private void openIndex() {
        try {
            dam.search();
        } catch (RuntimeException e) {
            // A full disk is one line (the index is kept; the next search opens it again), a bug a trace.
            if (IoErrors.isDiskFull(e)) LOG.warn("cannot open the search index: {}", e.getMessage());
            // another dam process (a terminal UI working on the home) hands it over; the first search opens it then
            else if (e instanceof org.thatdam.search.SearchIndexLockedException) LOG.warn("search index not open yet: {}", e.getMessage());
            else LOG.error("cannot open the search index", e);
        }
    }

    private CompletableFuture<ScanReport> scanRoots() {
        if (dam.roots().roots().isEmpty()) {
            LOG.info("no library roots yet: add one with 'dam roots add DIR'");
            return CompletableFuture.completedFuture(null);
        }
        return dam.scans().submit(List.of(), List.of(), ScanService.Trigger.STARTUP).report().whenComplete((r, e) -> {
            if (r != null) {
                LOG.info("start-up scan: {} scanned, {} added, {} updated, {} failed, {} missing in {} ms",
                        r.scanned(), r.added(), r.updated(), r.failed(), r.missing(), r.durationMs());
            }
        });
    }

    /** Stops the watcher, scans, jobs and index (committing it), closes the catalog, then gives the lock back. */
    @Override
    public void close() {
        housekeeping.shutdownNow();
        try {
            dam.close();
        } finally {
            lock.close();
        }
    }
}
