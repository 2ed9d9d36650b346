package org.thatdam.core.watch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.model.LibraryRoot;
import org.thatdam.model.ScanReport;
import org.thatdam.core.scan.ScanService;
import org.thatdam.core.scan.ScanWalker;
import org.thatdam.core.scan.SettleQueue;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.PathGuard;
import org.thatdam.storage.FileStamp;

/**
 * Follows the library roots on disk while the library is served. Every folder under a root is
 * watched (new folders as they appear); events are coalesced into a set of dirty paths and, once
 * they pause for a moment, scanned as one batch through {@link ScanService}: files that are new or
 * changed, folders that appeared (walked), paths that disappeared (marked missing at once). Files
 * still being written wait in a {@link SettleQueue}. Lost events (an overflow, too many dirty
 * paths, the inotify watch limit) fall back to rescanning the root, and every root is also rescanned
 * periodically, for file systems that deliver no events (network mounts). The roots list is re-read
 * every few seconds, so roots added by another process are picked up; a root whose watch died (its
 * folder made again, a drive unmounted or mounted over it) is registered again and rescanned whole,
 * and a folder deleted or moved out of a root stops being watched.
 */
public final class LibraryWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LibraryWatcher.class);
    /** Quiet time after the last event before a batch is scanned. */
    static final long DEBOUNCE_MS = 400;
    /** …but during a steady storm of events a batch is scanned at least this often. */
    static final long MAX_BATCH_DELAY_MS = 2_000;
    static final long ROOTS_EVERY_MS = 3_000;
    static final long TICK_MS = 100;
    /** Dirty paths kept between batches; beyond that the root is rescanned instead. */
    static final int MAX_PENDING = 20_000;
    /** Files waiting to settle; beyond that the root is rescanned once they had time to. */
    static final int MAX_SETTLING = 50_000;
    /** Watched folders, all roots together (the kernel's own limit may be lower). */
    static final int MAX_KEYS = 100_000;
    /** Periodic rescan of a root that cannot be watched when rescans are otherwise off. */
    static final Duration FALLBACK_RESCAN = Duration.ofMinutes(15);

    /**
     * A watched root: whether all its folders are watched, when it was last rescanned, and which
     * folder on which device was registered (a root recreated or remounted is another folder).
     */
    private static final class Root {
        final Path path;
        volatile boolean polled;
        volatile long lastRescan;
        /** The root folder's identity (device and inode) when its folders were registered; null while not registered. */
        volatile Object registered;

        Root(Path path, long now) {
            this.path = path;
            this.lastRescan = now;
        }
    }

    private final ScanService scans;
    private final Supplier<List<LibraryRoot>> rootList;
    private final Path excluded;
    private final Duration settle;
    private final Duration rescan;
    private final Clock clock;
    private final SettleQueue settling;

    private final Map<Path, Root> roots = new ConcurrentHashMap<>();
    private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
    /** The other way round: the key watching each folder (a folder moved inside a root keeps its key, under its new path). */
    private final Map<Path, WatchKey> watched = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Set<Path> pending = new LinkedHashSet<>();
    private final Set<Path> rootsToRescan = new LinkedHashSet<>();
    private long firstEventAt, lastEventAt;

    private WatchService service;
    private ScheduledExecutorService ticker;
    private Thread eventThread;
    private long lastRootsSync;
    private boolean synced;
    private volatile boolean closed;
    private volatile long batches;

    /**
     * @param excluded the library's own data folder, never watched
     * @param settle   how long a file must stay unchanged before it is catalogued
     * @param rescan   how often every root is rescanned (zero: never)
     */
    public LibraryWatcher(ScanService scans, Supplier<List<LibraryRoot>> rootList, Path excluded, Duration settle,
                          Duration rescan, Clock clock) {
        this.scans = scans;
        this.rootList = rootList;
        this.excluded = PathGuard.realOrAbsolute(excluded);
        this.settle = settle;
        this.rescan = rescan;
        this.clock = clock;
        this.settling = new SettleQueue(settle, clock, MAX_SETTLING);
    }

    /** Starts watching (daemon threads); the roots are registered on the first tick. */
    public synchronized void start() {
        if (service != null || closed) return;
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            LOG.warn("cannot watch folders here ({}); relying on periodic rescans", e.getMessage());
        }
        if (service != null) {
            eventThread = Thread.ofPlatform().name("watch-events").daemon(true).start(this::readEvents);
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("watch-batches").daemon(true).unstarted(r));
        ticker.scheduleWithFixedDelay(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** How many scans the watcher has started (batches and rescans). */
    public long batches() {
        return batches;
    }

    /** Whether every folder of the root at {@code path} is watched (false: it relies on periodic rescans). */
    public boolean watching(Path path) {
        Root r = roots.get(PathGuard.realOrAbsolute(path));
        return r != null && !r.polled && service != null && r.registered != null;
    }

    /** How many folders are watched now, all roots together (at most {@value #MAX_KEYS}). */
    public int watchedFolders() {
        return keys.size();
    }

    // ------------------------------------------------------------ events (thread watch-events)

    private void readEvents() {
        while (!closed) {
            WatchKey key;
            try {
                key = service.poll(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            if (key == null) continue;
            Path dir = keys.get(key);
            if (dir != null) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    handle(dir, event);
                }
            }
            if (dir != null && rootOf(dir) == null) {
                unwatch(key); // its root was removed
            } else if (!key.reset()) {
                forget(key); // the folder is gone, or its file system was unmounted
            }
        }
    }

    private void handle(Path dir, WatchEvent<?> event) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            Root root = rootOf(dir);
            if (root != null) {
                synchronized (lock) {
                    rootsToRescan.add(root.path);
                }
            }
            return;
        }
        Path child = dir.resolve((Path) event.context());
        // A folder deleted or moved away: its keys would report its files under this old path.
        if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE && watched.containsKey(child)) unwatchTree(child);
        if (ScanWalker.isIgnoredName(child.getFileName().toString()) || isExcluded(child)) return;
        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
            Root root = rootOf(dir);
            if (root != null) registerTree(root, child); // files copied in before this are found by walking it
        } else if (event.kind() == StandardWatchEventKinds.ENTRY_MODIFY && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
            return; // a folder's own time changed: its entries have their own events
        }
        dirty(child);
    }

    private void dirty(Path path) {
        synchronized (lock) {
            long now = clock.millis();
            if (pending.isEmpty()) firstEventAt = now;
            lastEventAt = now;
            if (pending.size() < MAX_PENDING) {
                pending.add(path);
                return;
            }
            Root root = rootOf(path);
            if (root != null) rootsToRescan.add(root.path); // too much at once: walk the whole root instead
        }
    }

    // ------------------------------------------------------------ registration

    /** Watches {@code dir} and every folder under it (no links, no hidden or system folders, not our data). */
    private void registerTree(Root root, Path dir) {
        if (service == null || root.polled) return;
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (closed) return FileVisitResult.TERMINATE;
                    if (!d.equals(root.path) && (ScanWalker.isIgnoredName(d.getFileName().toString()) || isExcluded(d))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (keys.size() >= MAX_KEYS) throw new IOException("more than " + MAX_KEYS + " folders to watch");
                    watch(d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                            StandardWatchEventKinds.ENTRY_MODIFY), d);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE; // unreadable folder: the scan reports it
                }
            });
        } catch (ClosedWatchServiceException e) {
            // closing
        } catch (IOException e) {
            root.polled = true;
            LOG.warn("cannot watch every folder of {} ({}); rescanning it every {} minutes instead", root.path,
                    e.getMessage(), rescanInterval(root).toMinutes());
        }
    }

    /** Records {@code key} as watching {@code dir} (the same folder registered again under a new path keeps its key). */
    private void watch(WatchKey key, Path dir) {
        Path before = keys.put(key, dir);
        if (before != null && !before.equals(dir)) watched.remove(before, key);
        watched.put(dir, key);
    }

    /** Stops watching one folder. */
    private void unwatch(WatchKey key) {
        key.cancel();
        forget(key);
    }

    private void forget(WatchKey key) {
        Path dir = keys.remove(key);
        if (dir != null) watched.remove(dir, key);
    }

    /** Stops watching {@code dir} and every folder under it. */
    private void unwatchTree(Path dir) {
        for (Map.Entry<Path, WatchKey> e : List.copyOf(watched.entrySet())) {
            if (e.getKey().startsWith(dir)) unwatch(e.getValue());
        }
    }

    /**
     * Follows the roots list, and the roots' folders: a root whose watch died (its folder deleted
     * and made again, a drive unmounted or mounted over it, a folder absent then back) is registered
     * again. Whenever a root's registration (re)starts after start-up, the whole root is rescanned:
     * files that arrived before its folders were watched are found. (At start-up the start-up scan,
     * queued after the watcher starts, covers them.)
     */
    private void syncRoots() {
        Set<Path> listed = new java.util.HashSet<>();
        boolean startup = !synced;
        synced = true;
        for (LibraryRoot r : rootList.get()) {
            Path p = PathGuard.realOrAbsolute(FileNames.path(r.path()));
            listed.add(p);
            Root root = roots.get(p);
            if (root == null) {
                if (!Files.isDirectory(p)) continue; // an unplugged drive: followed once it is back
                root = new Root(p, clock.millis());
                roots.put(p, root);
                register(root, startup);
            } else if (service != null && !root.polled) {
                Object now = identity(p);
                WatchKey top = watched.get(p);
                boolean alive = top != null && top.isValid() && now != null && now.equals(root.registered);
                if (alive) continue;
                if (root.registered != null) {
                    unwatchTree(p);
                    root.registered = null;
                }
                if (now != null) register(root, false);
            }
        }
        for (Path p : List.copyOf(roots.keySet())) {
            if (!listed.contains(p)) {
                roots.remove(p);
                for (Map.Entry<WatchKey, Path> e : List.copyOf(keys.entrySet())) {
                    if (e.getValue().startsWith(p) && rootOf(e.getValue()) == null) unwatch(e.getKey());
                }
            }
        }
    }

    /** Watches every folder of {@code root}; unless at start-up, then rescans the whole root. */
    private void register(Root root, boolean startup) {
        Object identity = identity(root.path);
        registerTree(root, root.path);
        root.registered = identity;
        if (!startup) {
            synchronized (lock) {
                rootsToRescan.add(root.path);
            }
        }
    }

    /** The folder's device and inode, or null when it is not there. */
    private static Object identity(Path dir) {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class);
            if (!a.isDirectory()) return null;
            return a.fileKey() != null ? a.fileKey() : a.creationTime();
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------ batches (thread watch-batches)

    private void tick() {
        try {
            long now = clock.millis();
            if (now - lastRootsSync >= ROOTS_EVERY_MS) {
                lastRootsSync = now;
                syncRoots();
            }
            List<Path> periodic = new ArrayList<>();
            for (Root r : roots.values()) {
                Duration every = rescanInterval(r);
                if (!every.isZero() && now - r.lastRescan >= every.toMillis()) periodic.add(r.path);
            }
            if (!periodic.isEmpty()) {
                rescanRoots(periodic, ScanService.Trigger.RESCAN);
            }
            List<Path> full;
            Set<Path> dirty = new TreeSet<>();
            synchronized (lock) {
                full = List.copyOf(rootsToRescan);
                rootsToRescan.clear();
                boolean quiet = now - lastEventAt >= DEBOUNCE_MS;
                boolean overdue = !pending.isEmpty() && now - firstEventAt >= MAX_BATCH_DELAY_MS;
                if (!pending.isEmpty() && (quiet || overdue)) {
                    dirty.addAll(pending);
                    pending.clear();
                }
            }
            if (!full.isEmpty()) rescanRoots(full, ScanService.Trigger.WATCH);
            dirty.addAll(settling.takeSettled());
            if (!dirty.isEmpty()) scanBatch(dirty);
        } catch (RuntimeException e) {
            if (!closed) LOG.error("folder watch batch failed", e);
        }
    }

    private Duration rescanInterval(Root r) {
        return r.polled && rescan.isZero() ? FALLBACK_RESCAN : rescan;
    }

    private void rescanRoots(List<Path> paths, ScanService.Trigger trigger) {
        long now = clock.millis();
        for (Path p : paths) {
            Root r = roots.get(p);
            if (r != null) r.lastRescan = now;
        }
        ScanReport report = run(paths, List.of(), trigger);
        if (report != null) requeueDeferred(report, paths);
    }

    /**
     * One batch: what disappeared is marked missing, folders that appeared are walked, files are
     * scanned once settled. Paths inside another path of the batch are covered by it.
     */
    private void scanBatch(Set<Path> sortedDirty) {
        List<Path> gone = new ArrayList<>();
        List<Path> targets = new ArrayList<>();
        Set<Path> covering = new java.util.HashSet<>(); // folders walked or gone in this batch
        for (Path p : sortedDirty) {
            if (insideAny(p, covering)) continue;
            if (rootOf(p) == null) continue; // its root was removed meanwhile
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                if (Files.notExists(p, LinkOption.NOFOLLOW_LINKS)) {
                    gone.add(p);
                    covering.add(p);
                }
                continue;
            }
            if (attrs.isDirectory()) {
                targets.add(p);
                covering.add(p);
            } else if (attrs.isRegularFile()) {
                long age = clock.millis() - FileStamp.of(attrs).mtimeMillis();
                if (age >= 0 && age < settle.toMillis()) {
                    settleOrRescan(p); // still being written: looked at again once it has settled
                } else {
                    targets.add(p);
                }
            }
        }
        if (targets.isEmpty() && gone.isEmpty()) return;
        ScanReport report = run(targets, gone, ScanService.Trigger.WATCH);
        if (report != null) requeueDeferred(report, targets);
    }

    private void requeueDeferred(ScanReport report, List<Path> targets) {
        if (report.deferred() > report.deferredFiles().size()) {
            targets.forEach(this::settleOrRescan); // too many to name: look at the same targets again
        } else {
            report.deferredFiles().forEach(f -> settleOrRescan(FileNames.path(f)));
        }
    }

    private void settleOrRescan(Path p) {
        if (!settling.add(p)) {
            Root root = rootOf(p);
            if (root != null) {
                synchronized (lock) {
                    rootsToRescan.add(root.path);
                }
            }
        }
    }

    /** Runs one scan through the scan service and waits for it (scans run one at a time anyway). */
    private ScanReport run(List<Path> targets, List<Path> gone, ScanService.Trigger trigger) {
        if (closed) return null;
        batches++;
        try {
            return scans.submit(targets, gone, trigger).report().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            LOG.error("folder watch scan failed", e.getCause());
            return null;
        }
    }

    // ------------------------------------------------------------ helpers

    private static boolean insideAny(Path p, Set<Path> folders) {
        for (Path a = p.getParent(); a != null; a = a.getParent()) {
            if (folders.contains(a)) return true;
        }
        return false;
    }

    /** The watched root holding {@code p} (the innermost when roots nest), or null. */
    private Root rootOf(Path p) {
        Root best = null;
        for (Root r : roots.values()) {
            if (p.startsWith(r.path) && (best == null || r.path.getNameCount() > best.path.getNameCount())) best = r;
        }
        return best;
    }

    private boolean isExcluded(Path p) {
        return excluded != null && org.thatdam.storage.DataLayout.ownData(excluded, p);
    }


    @Override
    public synchronized void close() {
        closed = true;
        if (ticker != null) ticker.shutdownNow();
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
        if (eventThread != null) eventThread.interrupt();
    }
}
