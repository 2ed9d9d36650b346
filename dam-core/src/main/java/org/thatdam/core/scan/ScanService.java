package org.thatdam.core.scan;

import org.thatdam.model.ScanReport;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.model.Actor;
import org.thatdam.model.LibraryRoot;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.storage.FileNames;
import org.thatdam.core.library.BatchService;
import org.thatdam.core.library.RootService;
import org.thatdam.model.Batch;
import org.thatdam.storage.PathGuard;

/**
 * Every scan of a running library goes through here, one at a time in the background, with the
 * status of the recent ones kept: the start-up scan, scans asked for over the HTTP API (only library
 * roots or folders inside them), periodic rescans and the folder watcher's batches. A watcher batch
 * that changed nothing and met no problem is not kept in the history. Every scan here is confined to
 * the library roots as they are when it runs ({@link Scanner#confinedToRoots()}).
 */
public final class ScanService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScanService.class);
    private static final int KEEP = 50;

    public enum State {
        QUEUED, RUNNING, DONE, FAILED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What started a scan. */
    public enum Trigger {
        STARTUP, API, WATCH, RESCAN;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code roots} lists the first {@value #LISTED_TARGETS} paths scanned (or found gone); {@code targets} counts them all. */
    public record Status(String id, Trigger trigger, List<String> roots, int targets, State state, Instant startedAt,
                         Instant finishedAt, DamEvent.ScanProgress progress, ScanReport report, String error) {

        Status with(State state, Instant startedAt, Instant finishedAt, DamEvent.ScanProgress progress,
                    ScanReport report, String error) {
            return new Status(id, trigger, roots, targets, state, startedAt, finishedAt, progress, report, error);
        }
    }

    static final int LISTED_TARGETS = 20;

    private final Supplier<Scanner> scanner;
    private final RootService rootService;
    private final BatchService batches;
    private final Supplier<List<LibraryRoot>> roots;
    private final Supplier<ScanOptions> options;
    private final AuditLog audit;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scans");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Status> statuses = new LinkedHashMap<>();
    private final AutoCloseable subscription;
    private volatile String currentId;
    private volatile Scanner currentScanner;

    public ScanService(Supplier<Scanner> scanner, RootService roots, BatchService batches, Supplier<ScanOptions> options,
                       EventBus events, AuditLog audit) {
        this.scanner = scanner;
        this.audit = audit;
        this.rootService = roots;
        this.batches = batches;
        this.roots = roots::roots;
        this.options = options;
        this.subscription = events.subscribe(e -> {
            if (e instanceof DamEvent.ScanProgress p && p.scanId().equals(currentId)) {
                update(currentId, s -> s.with(s.state(), s.startedAt(), s.finishedAt(), p, s.report(), s.error()));
            }
        });
    }

    /**
     * The real path to scan, if {@code raw} names a library root or a folder inside one.
     *
     * @throws DamException not_found when there is no such folder (a root whose drive is away included),
     *                      bad_path when it is not absolute, forbidden when it is outside every root
     */
    public Path checkInsideRoot(String raw) {
        Path p = PathGuard.parseUserPath(raw);
        if (!p.isAbsolute()) throw new DamException(ErrorCode.BAD_PATH, "give an absolute path inside a library root");
        if (!java.nio.file.Files.exists(p)) throw DamException.notFound("no such folder: " + p.normalize());
        for (LibraryRoot r : roots.get()) {
            try {
                if (PathGuard.isInside(FileNames.path(r.path()), p)) return p.toRealPath();
            } catch (IOException e) {
                // this root or the path is unreadable: try the next root
            }
        }
        throw DamException.forbidden("not inside a library root: " + p.normalize());
    }

    /** A new batch: the batch as it now is, how many assets it was given, and the scan that preceded it. */
    public record BatchCreated(Batch batch, int assigned, ScanReport scan) {}

    /**
     * Scans {@code folder} (a library root or a folder inside one, as {@link #checkInsideRoot}
     * checks it) right away, new assets going to batch {@code name}, then puts every catalogued
     * asset under it into that batch; the batch's creation by {@code by} is audited with that assignment.
     */
    public BatchCreated createBatch(String folder, String name, Actor by) {
        String batch = BatchService.validBatchName(name);
        Path dir = checkInsideRoot(folder);
        ScanReport report = scanner.get().scan(List.of(dir), new ScanOptions(Optional.of(batch), options.get().workers()));
        int assigned = batches.assignBatch(dir, batch, by);
        return new BatchCreated(batches.batch(batch), assigned, report);
    }

    /** Removes the library root with this id (its assets stay) and tells the running scan. */
    public LibraryRoot removeRoot(long id, Actor by) {
        LibraryRoot root = rootService.roots().stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> DamException.notFound("no library root with id " + id));
        return removeRoot(FileNames.path(root.path()), by);
    }

    /** Removes the library root at {@code dir} (by any name of the folder; its assets stay) and tells the running scan. */
    public LibraryRoot removeRoot(Path dir, Actor by) {
        LibraryRoot removed = rootService.removeRoot(dir, by);
        rootsRemoved();
        return removed;
    }

    /**
     * Queues a scan of {@code paths} (already checked), or of every root when empty, asked for by
     * {@code by}. The scan runs later in many transactions of its own, so its audit entry is written
     * here, when it is accepted, naming its id.
     */
    public Status start(List<Path> paths, Trigger trigger, Actor by) {
        Status s = submit(paths, List.of(), trigger).status();
        audit.record(by.principal(), AuditAction.SCAN_START, "scan " + s.id(), paths.isEmpty() ? "all roots" : paths.get(0).toString(),
                by.address());
        return s;
    }

    /** A queued scan: its status when queued, and its report when done. */
    public record Submitted(Status status, CompletableFuture<ScanReport> report) {}

    /**
     * Queues a scan of {@code paths} (every root when both lists are empty) that also records the
     * catalogued files at or under {@code gone} as missing.
     */
    public synchronized Submitted submit(List<Path> paths, List<Path> gone, Trigger trigger) {
        List<Path> targets = paths.isEmpty() && gone.isEmpty()
                ? roots.get().stream().map(r -> FileNames.path(r.path())).toList() : paths;
        if (targets.isEmpty() && gone.isEmpty()) throw DamException.invalid("no library roots to scan: add one first");
        String id = UUID.randomUUID().toString().substring(0, 8);
        List<String> listed = java.util.stream.Stream.concat(targets.stream(), gone.stream())
                .limit(LISTED_TARGETS).map(Path::toString).toList();
        Status queued = new Status(id, trigger, listed, targets.size() + gone.size(), State.QUEUED, null, null, null,
                null, null);
        statuses.put(id, queued);
        while (statuses.size() > KEEP) statuses.remove(statuses.keySet().iterator().next());
        CompletableFuture<ScanReport> done = new CompletableFuture<>();
        runner.execute(() -> run(id, targets, gone, done));
        return new Submitted(queued, done);
    }

    private void run(String id, List<Path> targets, List<Path> gone, CompletableFuture<ScanReport> done) {
        currentId = id;
        update(id, s -> s.with(State.RUNNING, Instant.now(), null, null, null, null));
        try {
            // The scanner drops targets no longer inside a root (removed while this scan was queued).
            Scanner sc = scanner.get();
            currentScanner = sc;
            ScanReport r = sc.scan(targets, gone, options.get(), id);
            update(id, s -> s.with(State.DONE, s.startedAt(), Instant.now(), s.progress(), r, null));
            forgetIfIdle(id, r);
            done.complete(r);
        } catch (RuntimeException e) {
            if (e instanceof org.thatdam.storage.DiskFullException) {
                LOG.warn("scan {} stopped: {}", id, e.getMessage());
            } else {
                LOG.error("scan {} failed", id, e);
            }
            update(id, s -> s.with(State.FAILED, s.startedAt(), Instant.now(), s.progress(), null, e.getMessage()));
            done.completeExceptionally(e);
        } finally {
            currentId = null;
            currentScanner = null;
        }
    }

    /**
     * Roots were removed: queued scans leave out their folders when they start, and the running
     * scan stops walking a folder that is no longer inside a root.
     */
    public void rootsRemoved() {
        Scanner sc = currentScanner;
        if (sc != null) sc.recheckRoots();
    }

    /** A watcher batch that changed nothing (a touched folder, a temporary file) would only clutter the history. */
    private synchronized void forgetIfIdle(String id, ScanReport r) {
        Status s = statuses.get(id);
        if (s != null && s.trigger() == Trigger.WATCH && !r.changedAnything() && r.problems().isEmpty()) {
            statuses.remove(id);
        }
    }

    private synchronized void update(String id, java.util.function.UnaryOperator<Status> f) {
        Status s = statuses.get(id);
        if (s != null) statuses.put(id, f.apply(s));
    }

    public synchronized Optional<Status> status(String id) {
        return Optional.ofNullable(statuses.get(id));
    }

    /** Newest first. */
    public synchronized List<Status> recent() {
        List<Status> l = new ArrayList<>(statuses.values());
        java.util.Collections.reverse(l);
        return l;
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception ignored) {
            // nothing to release
        }
        // A running scan is let finish its current files: interrupting it would also interrupt the
        // listeners it publishes to (the search index writes on the publishing thread).
        runner.shutdown();
        try {
            if (!runner.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) runner.shutdownNow();
        } catch (InterruptedException e) {
            runner.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
