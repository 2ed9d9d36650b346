package org.thatdam.core.scan;

import org.thatdam.model.ScanReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.model.AssetKind;
import org.thatdam.model.DamException;
import org.thatdam.model.Location;
import org.thatdam.model.MediaInfo;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.core.library.MissingLocations;
import org.thatdam.core.library.RootAvailability;
import org.thatdam.media.MediaException;
import org.thatdam.storage.DiskSpace;
import org.thatdam.storage.IoErrors;
import org.thatdam.media.probe.CaptureTime;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.probe.MediaSniffer;
import org.thatdam.media.xmp.Sidecars;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.PathGuard;
import org.thatdam.storage.FileStamp;
import org.thatdam.storage.QuickHash;

/**
 * Walks folders and brings what it finds into the catalog. It only ever reads users' files:
 * unchanged files (same size and mtime) are not even opened; new or changed ones are identified
 * by a quick content hash and probed in parallel while the walk goes on. The catalog changes are
 * committed in groups ({@link CommitGroups}: one transaction per {@value #GROUP_MAX_FILES} files or
 * {@link #GROUP_MAX_AGE}), so an interrupted scan leaves a consistent catalog, loses at most the files
 * of its open groups, and the next scan simply carries on.
 */
public final class Scanner {

    private static final Logger LOG = LoggerFactory.getLogger(Scanner.class);
    private static final int MAX_PROBLEMS_KEPT = 1000;
    /** Deferred files named in a report; beyond that only counted. */
    public static final int MAX_DEFERRED_LISTED = 1000;
    private static final long PROGRESS_EVERY_MS = 250;
    private static final long ROOTS_EVERY_MS = 1000;
    /** A commit group closes at this many files... */
    static final int GROUP_MAX_FILES = 200;
    /** ...or this long after its first file, whichever comes first: events and progress stay timely. */
    static final Duration GROUP_MAX_AGE = Duration.ofMillis(250);
    /** Files handed to the workers and not yet done, per worker: the walk waits only when this many are queued. */
    private static final int QUEUED_PER_WORKER = 4;
    /** The identity recorded for a file that could not be read: it matches no other content. */
    private static final String UNREADABLE = "unreadable";

    private final Catalog catalog;
    private final MediaProber prober;
    private final EventBus events;
    private final Duration settle;
    private final Path excluded;
    private final Clock clock;
    private final IngestHook hook;
    private final MissingLocations missing;
    private final Supplier<List<Path>> libraryRoots;
    private final boolean confined;
    private final XmpHook xmp;
    /** Set when roots were removed: running walks look at the roots again at once. */
    private volatile boolean recheckRoots;

    /**
     * @param settle   files modified more recently than this are deferred as still being written
     * @param excluded a folder never scanned (the library's own data), or null
     * @param missing  records the catalogued files a scan finds gone
     * @param libraryRoots the library roots now (real paths), read when each target starts and while it is walked
     */
    public Scanner(Catalog catalog, MediaProber prober, EventBus events, Duration settle, Path excluded, Clock clock,
                   IngestHook hook, MissingLocations missing, Supplier<List<Path>> libraryRoots) {
        this(catalog, prober, events, settle, excluded, clock, hook, missing, libraryRoots, false, XmpHook.NONE);
    }

    private Scanner(Catalog catalog, MediaProber prober, EventBus events, Duration settle, Path excluded, Clock clock,
                    IngestHook hook, MissingLocations missing, Supplier<List<Path>> libraryRoots, boolean confined,
                    XmpHook xmp) {
        this.catalog = catalog;
        this.prober = prober;
        this.events = events;
        this.settle = settle;
        this.excluded = excluded;
        this.clock = clock;
        this.hook = hook;
        this.missing = missing;
        this.libraryRoots = libraryRoots;
        this.confined = confined;
        this.xmp = xmp;
    }

    /**
     * This scanner, accepting only targets whose real path (links in their parent folders resolved)
     * is inside a current library root, and stopping the walk of a root that stops being one. The
     * scans of a running library (API, watcher, rescans) use it; a one-shot {@code dam scan DIR} may
     * scan any folder.
     */
    public Scanner confinedToRoots() {
        return new Scanner(catalog, prober, events, settle, excluded, clock, hook, missing, libraryRoots, true, xmp);
    }

    /**
     * This scanner, cataloguing recently modified files at once instead of deferring them as still
     * being written: for files the library itself has just written completely (uploads, imports).
     */
    public Scanner alreadySettled() {
        return new Scanner(catalog, prober, events, Duration.ZERO, excluded, clock, hook, missing, libraryRoots, confined, xmp);
    }

    /** This scanner, applying XMP (sidecars and embedded) to new assets and changed sidecars through {@code xmp}. */
    public Scanner withXmp(XmpHook xmp) {
        return new Scanner(catalog, prober, events, settle, excluded, clock, hook, missing, libraryRoots, confined, xmp);
    }

    /** Roots were removed: a running walk checks at once whether its folder is still inside one. */
    public void recheckRoots() {
        recheckRoots = true;
    }

    public ScanReport scan(List<Path> roots, ScanOptions options) {
        return scan(roots, options, UUID.randomUUID().toString().substring(0, 8));
    }

    /** A scan whose events carry {@code scanId} (so a caller that started it can follow it). */
    public ScanReport scan(List<Path> roots, ScanOptions options, String scanId) {
        return scan(roots, List.of(), options, scanId);
    }

    /**
     * Scans {@code roots} (folders, walked, or single files) and records what is no longer there:
     * every catalogued file under a walked folder that the walk did not see and that is gone from
     * disk, and every catalogued file at or under the paths in {@code gone} (files or folders that
     * disappeared). Nothing below a folder that could not be listed is marked missing.
     */
    public ScanReport scan(List<Path> roots, List<Path> gone, ScanOptions options, String scanId) {
        Run run = new Run(options, scanId);
        events.publish(new DamEvent.ScanStarted(run.id, roots.stream().map(FileNames::text).toList()));
        ExecutorService pool = Executors.newFixedThreadPool(options.workers(), r -> {
            Thread t = new Thread(r, "scan-" + run.threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Back-pressure: the walker never runs far ahead of the workers.
        Semaphore inFlight = new Semaphore(options.workers() * QUEUED_PER_WORKER);
        Path exclude = PathGuard.realOrAbsolute(excluded);
        FolderIndex known = new FolderIndex(catalog);
        java.util.Map<String, AutoCloseable> leases = new java.util.LinkedHashMap<>();
        try {
            List<Path> rootsNow = libraryRoots.get();
            for (Path g : gone) {
                Path at = g.toAbsolutePath().normalize();
                Path root = RootAvailability.rootOf(at, rootsNow);
                if (root != null && RootAvailability.absent(root)) {
                    run.problem(FileNames.text(root), RootAvailability.unavailable(root, true).orElseThrow());
                    continue;
                }
                run.recordGone(missing.goneAt(at));
            }
            for (Path root : roots) {
                rootsNow = libraryRoots.get(); // a root removed while earlier targets were scanned is left out
                Path real;
                try {
                    real = root.toRealPath();
                } catch (IOException e) {
                    Path libraryRoot = RootAvailability.rootOf(root.toAbsolutePath().normalize(), rootsNow);
                    run.problem(FileNames.text(root), libraryRoot != null && RootAvailability.absent(libraryRoot)
                            ? RootAvailability.unavailable(libraryRoot, true).orElseThrow()
                            : "cannot scan: " + ScanWalker.describe(e));
                    continue;
                }
                if (confined && RootAvailability.rootOf(real, rootsNow) == null) {
                    run.problem(FileNames.text(root), "not scanned: " + (real.equals(root.toAbsolutePath().normalize())
                            ? "not inside a library root" : "it is " + FileNames.text(real) + ", not inside a library root"));
                    continue;
                }
                // The walker only skips the library's data below a root; a root inside it is skipped whole.
                if (exclude != null && org.thatdam.storage.DataLayout.ownData(exclude, real)) {
                    run.problem(FileNames.text(root), "not scanned: it is inside the library's own data folder " + exclude);
                    continue;
                }
                if (Files.isRegularFile(real)) {
                    BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
                    submit(pool, inFlight, run, real, attrs);
                    continue;
                }
                Optional<String> busy = lease(real, rootsNow, leases);
                if (busy.isPresent()) {
                    LOG.info("scan {}: not scanning {}: {}", run.id, FileNames.text(real), busy.get());
                    run.problem(FileNames.text(root), "not scanned: " + busy.get());
                    continue;
                }
                SeenPaths seen = new SeenPaths();
                List<String> unlisted = new ArrayList<>();
                RootWatch stillRoot = new RootWatch(real);
                ScanWalker.walk(real, exclude,
                        (file, attrs) -> {
                            seen.add(FileNames.text(file));
                            boolean sidecar = Sidecars.isSidecar(file);
                            if (sidecar ? known.sidecarUnchanged(file, attrs) : known.unchanged(file, attrs)) {
                                // the common case of a rescan: no query, no hand-off (a sidecar is never counted)
                                run.current = FileNames.text(file);
                                if (!sidecar) {
                                    run.scanned.incrementAndGet();
                                    run.unchanged.incrementAndGet();
                                }
                                run.progress(false);
                            } else {
                                submit(pool, inFlight, run, file, attrs);
                            }
                        },
                        skipped -> {
                            seen.add(FileNames.text(skipped));
                            run.skipped.incrementAndGet();
                        },
                        (path, error) -> {
                            unlisted.add(FileNames.text(path));
                            run.problem(FileNames.text(path), error);
                        },
                        stillRoot::removed);
                if (stillRoot.removed()) {
                    run.problem(FileNames.text(root), "stopped: " + FileNames.text(real) + " is no longer inside a library root");
                    continue; // a partial walk says nothing about what is gone
                }
                markUnseen(run, real, rootsNow.contains(real), seen, unlisted);
            }
        } catch (IOException e) {
            run.problem("", "scan stopped: " + e.getMessage());
        } catch (InterruptedWalk e) {
            Thread.currentThread().interrupt();
        } catch (DiskFullStop e) {
            // stopped walking: reported below
        } catch (RuntimeException e) {
            if (!IoErrors.isDiskFull(e)) throw e;
            run.diskFull.compareAndSet(null, e);
        } finally {
            pool.shutdown();
            try {
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    run.progress(false);
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
            commitLastGroup(run);
            for (AutoCloseable l : leases.values()) closeQuietly(l);
        }
        run.progress(true);
        ScanReport report = run.report();
        events.publish(new DamEvent.ScanFinished(run.id, report));
        RuntimeException full = run.diskFull.get();
        if (full != null) {
            // Every further file would fail the same way: one message instead of one failure per file.
            Path home = excluded != null ? excluded : roots.get(0);
            throw DiskSpace.of(home, 0).full("the scan stopped (what it catalogued so far is kept); scan again when space returns", full);
        }
        return report;
    }

    /**
     * Takes the lease on the library root of {@code folder} (the folder itself outside every root) for the rest of
     * this scan, unless this scan has it already; says why not when another node (or another scan of this node) holds it:
     * two walks of one root at once would only race each other to the same rows.
     */
    private Optional<String> lease(Path folder, List<Path> rootsNow, java.util.Map<String, AutoCloseable> held) {
        Path root = RootAvailability.rootOf(folder, rootsNow);
        String name = "scan " + FileNames.text(root == null ? folder : root);
        if (held.containsKey(name)) return Optional.empty();
        Optional<AutoCloseable> lease = catalog.tryLease(name);
        if (lease.isEmpty()) {
            return Optional.of("root " + FileNames.text(root == null ? folder : root) + " is being scanned by another node");
        }
        held.put(name, lease.get());
        return Optional.empty();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("cannot give back a scan lease: {}", e.toString());
        }
    }

    /**
     * Commits what the scan has written so far, also when it was cancelled (the catalog connection
     * is not taken with the interrupt flag set) or stopped by a full disk.
     */
    private static void commitLastGroup(Run run) {
        boolean interrupted = Thread.interrupted();
        try {
            run.groups.close();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * Marks missing the present locations under a walked folder that the walk did not see and whose
     * files are gone. Not those under a folder (or at a file) the walk could not read: unreadable is
     * not gone. Not any under a library root whose folder is empty while the catalog holds present
     * files under it: an empty mount point is an unmounted drive, not deleted files.
     */
    private void markUnseen(Run run, Path folder, boolean isLibraryRoot, SeenPaths seen, List<String> unlisted) {
        String text = FileNames.text(folder);
        String prefix = text.endsWith("/") ? text : text + "/";
        List<Location> gone = new ArrayList<>();
        catalog.read(s -> {
            s.assets().forEachLocationUnder(prefix, l -> {
                if (!l.missing() && !seen.contains(l.path()) && !underAny(l.path(), unlisted)) gone.add(l);
            });
            return null;
        });
        gone.removeIf(MissingLocations::exists);
        if (gone.isEmpty()) return;
        if (isLibraryRoot) {
            Optional<String> unavailable = RootAvailability.unavailable(folder, true);
            if (unavailable.isPresent()) {
                run.problem(FileNames.text(folder), unavailable.get());
                return;
            }
        }
        run.recordGone(missing.apply(gone, List.of(), false));
    }

    private static boolean underAny(String path, List<String> folders) {
        for (String f : folders) {
            if (path.equals(f) || path.startsWith(f.endsWith("/") ? f : f + "/")) return true;
        }
        return false;
    }

    private void submit(ExecutorService pool, Semaphore inFlight, Run run, Path file, BasicFileAttributes attrs) {
        if (run.diskFull.get() != null) throw new DiskFullStop();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            throw new InterruptedWalk();
        }
        pool.execute(() -> {
            try {
                if (run.diskFull.get() != null) return;
                run.current = FileNames.text(file);
                process(run, file, attrs);
            } catch (RuntimeException e) {
                run.failed(FileNames.text(file), e);
            } finally {
                inFlight.release();
                run.progress(false);
            }
        });
    }

    private void process(Run run, Path file, BasicFileAttributes attrs) {
        String path = FileNames.text(file);
        FileStamp stamp = FileStamp.of(attrs);
        if (Sidecars.isSidecar(file)) { // never an asset; it describes one
            long age = clock.millis() - stamp.mtimeMillis();
            if (age >= 0 && age < settle.toMillis()) { // another tool may still be writing it
                run.deferred(path);
                return;
            }
            // Not counted as skipped: it is read (or found unchanged) by the XMP step, not left out.
            String problem = xmpStep(() -> xmp.sidecarSeen(file, stamp));
            if (problem != null) run.problem(path, problem);
            return;
        }
        Optional<Location> known = catalog.read(s -> s.assets().locationByPath(path));
        if (known.isPresent() && stamp.sameAs(known.get().sizeBytes(), known.get().mtimeMillis(), known.get().inode())) {
            run.scanned.incrementAndGet();
            if (known.get().missing()) {
                Location loc = known.get();
                long now = clock.millis();
                run.groups.add(path, s -> {
                    s.assets().setLocationMissing(loc.id(), false, now);
                    s.assets().clearMissing(loc.assetId(), now);
                    return run.unchanged::incrementAndGet;
                });
            } else {
                run.unchanged.incrementAndGet();
            }
            return;
        }
        long age = clock.millis() - stamp.mtimeMillis();
        if (age >= 0 && age < settle.toMillis()) {
            run.deferred(path);
            return;
        }
        AssetKind guess;
        String quickHash;
        try {
            guess = known.isPresent() ? MediaSniffer.byExtension(file).orElse(AssetKind.OTHER)
                    : MediaSniffer.sniff(file).orElse(null);
            if (guess == null) {
                run.skipped.incrementAndGet();
                return;
            }
            quickHash = QuickHash.of(file);
            // Changed while we read it: still being written.
            if (!FileStamp.of(file).equals(stamp)) {
                run.deferred(path);
                return;
            }
        } catch (IOException e) {
            if (known.isEmpty() && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return; // vanished between listing and reading: nothing to record
            }
            guess = MediaSniffer.byExtension(file).orElse(AssetKind.OTHER);
            run.scanned.incrementAndGet();
            ingest(run, file, stamp, null,
                    new Probe(MediaInfo.unknown(guess), "cannot read: " + ScanWalker.describe(e)));
            return;
        }
        run.scanned.incrementAndGet();
        if (known.isPresent() && known.get().quickHash().equals(quickHash) && known.get().sizeBytes() == stamp.sizeBytes()) {
            // Touched, not changed: remember the new stamp so the next scan skips it.
            Location loc = known.get();
            long now = clock.millis();
            run.groups.add(path, s -> {
                s.assets().updateLocation(loc.id(), loc.assetId(), stamp.sizeBytes(),
                        stamp.mtimeMillis(), stamp.inode(), loc.quickHash(), now);
                // The location exists again (updateLocation clears its flag): so does the asset.
                s.assets().clearMissing(loc.assetId(), now);
                return run.unchanged::incrementAndGet;
            });
            return;
        }
        if (known.isEmpty() && stamp.sizeBytes() > 0) {
            String qh = quickHash;
            Optional<Long> same = catalog.read(s -> s.assets().findByContent(stamp.sizeBytes(), qh));
            if (same.isPresent()) { // a copy or a move of catalogued content: no probe
                relinkOrIngest(run, file, stamp, qh, same.get(), guess);
                return;
            }
        }
        ingest(run, file, stamp, quickHash, probe(file, guess, stamp.mtimeMillis()));
    }

    /**
     * Records {@code file} as one more location of the asset with its content. When that content left
     * the catalog before the group committed, the file is probed and catalogued as usual.
     */
    private void relinkOrIngest(Run run, Path file, FileStamp stamp, String quickHash, long assetId, AssetKind guess) {
        String path = FileNames.text(file);
        run.groups.add(path, s -> {
            if (s.assets().locationByPath(path).isPresent()) { // another scan got there first
                return run.unchanged::incrementAndGet;
            }
            if (!s.assets().findByContent(stamp.sizeBytes(), quickHash).equals(Optional.of(assetId))) {
                return () -> ingest(run, file, stamp, quickHash, probe(file, guess, stamp.mtimeMillis()));
            }
            relink(s, assetId, path, stamp, quickHash);
            return () -> {
                locationAdded(run, file);
                run.updated.incrementAndGet();
                events.publish(new DamEvent.AssetIngested(assetId, path, guess.id(), false));
            };
        });
    }

    /** What one file's transaction did. */
    private enum Change { NONE, NEW_ASSET, NEW_VERSION, RELINKED }

    private record Written(long assetId, Change change) {}

    /** Writes a probed file (a new version of a known path, or a new asset) in the open commit group. */
    private void ingest(Run run, Path file, FileStamp stamp, String quickHash, Probe probe) {
        String path = FileNames.text(file);
        long now = clock.millis();
        run.groups.add(path, s -> {
            Written w = write(run, s, file, stamp, quickHash, probe, now);
            return () -> ingested(run, file, probe, w);
        });
    }

    /** One file's change inside its group's transaction. */
    private Written write(Run run, CatalogSession s, Path file, FileStamp stamp, String quickHash, Probe probe, long now) {
        String path = FileNames.text(file);
        // Re-read inside the transaction: another scan may have recorded this path meanwhile.
        Optional<Location> loc = s.assets().locationByPath(path);
        if (loc.isPresent() && quickHash != null && loc.get().quickHash().equals(quickHash)
                && loc.get().sizeBytes() == stamp.sizeBytes()) {
            return new Written(loc.get().assetId(), Change.NONE); // this very content is already here
        }
        String hash = quickHash != null ? quickHash : UNREADABLE;
        if (loc.isPresent()) {
            long id = loc.get().assetId();
            long versionId = s.assets().addVersion(id, stamp.sizeBytes(), hash, probe.info(), probe.error(), now);
            if (probe.error() == null) hook.versionAdded(s, id, versionId, probe.info().kind(), now);
            s.assets().updateLocation(loc.get().id(), id, stamp.sizeBytes(), stamp.mtimeMillis(), stamp.inode(),
                    hash, now);
            return new Written(id, Change.NEW_VERSION);
        }
        // Another worker may have catalogued the same content meanwhile: one asset, two locations.
        // Empty files all share one "content" but are unrelated, so they are never merged.
        if (quickHash != null && stamp.sizeBytes() > 0) {
            Optional<Long> same = s.assets().findByContent(stamp.sizeBytes(), quickHash);
            if (same.isPresent() && relink(s, same.get(), path, stamp, quickHash)) {
                return new Written(same.get(), Change.RELINKED);
            }
        }
        String batch = run.options.batch().orElseGet(() -> batchNameFor(file));
        Long batchId = batch == null ? null : s.batches().idFor(batch, now);
        long id = s.assets().insertAsset(probe.info().kind(), titleOf(file), batchId, now);
        long versionId = s.assets().addVersion(id, stamp.sizeBytes(), hash, probe.info(), probe.error(), now);
        if (probe.error() == null) hook.versionAdded(s, id, versionId, probe.info().kind(), now);
        s.assets().insertLocation(id, path, stamp.sizeBytes(), stamp.mtimeMillis(), stamp.inode(), hash, now);
        return new Written(id, Change.NEW_ASSET);
    }

    /** After the group with the file's change committed: counters, events and the XMP step. */
    private void ingested(Run run, Path file, Probe probe, Written w) {
        String path = FileNames.text(file);
        if (w.change() == Change.NONE) {
            run.unchanged.incrementAndGet();
        } else if (probe.error() != null) {
            run.failed.incrementAndGet();
            run.problem(path, probe.error());
            events.publish(new DamEvent.AssetFailed(w.assetId(), path, probe.error()));
        } else {
            if (w.change() == Change.NEW_ASSET) { // after its transaction: applying goes through the asset service
                String problem = xmpStep(() -> xmp.assetAdded(w.assetId(), file, probe.info().kind()));
                if (problem != null) run.problem(path, problem);
            } else if (w.change() == Change.RELINKED) {
                locationAdded(run, file);
            }
            (w.change() == Change.NEW_ASSET ? run.added : run.updated).incrementAndGet();
            events.publish(new DamEvent.AssetIngested(w.assetId(), path, probe.info().kind().id(),
                    w.change() == Change.NEW_ASSET));
        }
    }

    /** After the group with a new location of a catalogued asset committed: the XMP step for its own sidecar. */
    private void locationAdded(Run run, Path file) {
        String problem = xmpStep(() -> xmp.locationAdded(file));
        if (problem != null) run.problem(FileNames.text(file), problem);
    }

    /**
     * Runs an XMP step: its trouble is a problem of the scan report, never the media file's failure
     * (the asset is catalogued either way). A full disk still stops the scan.
     */
    private static String xmpStep(Supplier<String> step) {
        try {
            return step.get();
        } catch (DamException e) {
            return "XMP not applied: " + e.getMessage();
        } catch (RuntimeException e) {
            if (IoErrors.isDiskFull(e)) throw e;
            LOG.warn("applying XMP failed", e);
            return "XMP not applied: an internal error (see the log)";
        }
    }

    /**
     * Adds {@code path} as a location of an asset with the same content. Locations of that asset
     * whose files are gone are dropped: the file was moved, not copied. False if the path is
     * already catalogued (another scan got there first).
     */
    private boolean relink(CatalogSession s, long assetId, String path, FileStamp stamp, String quickHash) {
        if (s.assets().locationByPath(path).isPresent()) {
            return false;
        }
        long now = clock.millis();
        s.assets().insertLocation(assetId, path, stamp.sizeBytes(), stamp.mtimeMillis(), stamp.inode(), quickHash, now);
        for (Location other : s.assets().locations(assetId)) {
            if (!other.path().equals(path) && !Files.exists(FileNames.path(other.path()), LinkOption.NOFOLLOW_LINKS)) {
                s.assets().deleteLocation(other.id());
            }
        }
        s.assets().clearMissing(assetId, now);
        return true;
    }

    /** Probes the file; its capture time falls back to its name, then its modification time. */
    private Probe probe(Path file, AssetKind guess, long mtimeMillis) {
        String name = FileNames.displayName(file);
        try {
            return new Probe(CaptureTime.complete(prober.probe(file), name, mtimeMillis), null);
        } catch (MediaException e) {
            return new Probe(CaptureTime.complete(MediaInfo.unknown(guess), name, mtimeMillis), e.getMessage());
        }
    }

    /** The file's name without its extension; bytes that are not UTF-8 show as U+FFFD. */
    static String titleOf(Path file) {
        String name = FileNames.displayName(file);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The seed's rule: a file's batch is the name of the folder it is in. */
    static String batchNameFor(Path file) {
        Path parent = file.getParent();
        return parent == null || parent.getFileName() == null ? null : FileNames.displayName(parent);
    }


    private record Probe(MediaInfo info, String error) {}

    /**
     * Whether the folder being walked stopped being inside a library root (it was removed): looked
     * up at most every {@value #ROOTS_EVERY_MS} ms, or at once after {@link #recheckRoots()}.
     * Only for a confined scanner.
     */
    private final class RootWatch {
        private final Path real;
        private long nextCheck = System.nanoTime() + ROOTS_EVERY_MS * 1_000_000;
        private boolean removed;

        RootWatch(Path real) {
            this.real = real;
        }

        boolean removed() {
            if (!confined || removed) return removed;
            long now = System.nanoTime();
            if (now >= nextCheck || recheckRoots) {
                recheckRoots = false;
                nextCheck = now + ROOTS_EVERY_MS * 1_000_000;
                removed = RootAvailability.rootOf(real, libraryRoots.get()) == null;
            }
            return removed;
        }
    }

    private static final class InterruptedWalk extends RuntimeException {
        InterruptedWalk() {
            super(null, null, false, false);
        }
    }

    /** Ends the walk once the catalog could not be written for lack of space. */
    private static final class DiskFullStop extends RuntimeException {
        DiskFullStop() {
            super(null, null, false, false);
        }
    }

    /** Counters and progress of one scan. */
    private final class Run {
        final String id;
        final ScanOptions options;
        final long started = System.nanoTime();
        final AtomicInteger threads = new AtomicInteger();
        final AtomicLong scanned = new AtomicLong(), added = new AtomicLong(), updated = new AtomicLong(),
                unchanged = new AtomicLong(), deferred = new AtomicLong(), failed = new AtomicLong(),
                skipped = new AtomicLong(), goneLocations = new AtomicLong();
        /** Assets this scan made missing; those still missing at its end are counted as missing. */
        final java.util.Set<Long> madeMissing = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<String> deferredFiles = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<ScanReport.Problem> problems = new ConcurrentLinkedQueue<>();
        final AtomicInteger problemCount = new AtomicInteger();
        final AtomicLong lastProgress = new AtomicLong();
        /** The first catalog write that failed because the disk is full: the scan stops. */
        final java.util.concurrent.atomic.AtomicReference<RuntimeException> diskFull = new java.util.concurrent.atomic.AtomicReference<>();
        volatile String current = "";
        /** The scan's catalog changes, committed a group at a time. */
        final CommitGroups groups = new CommitGroups(catalog, GROUP_MAX_FILES, GROUP_MAX_AGE, System::nanoTime, this::failed, true);

        Run(ScanOptions options, String id) {
            this.options = options;
            this.id = id;
        }

        /**
         * A file's processing or catalog change failed: a bug or a catalog failure on one file must not
         * end the whole scan. A full disk stops it (every further file would fail the same way).
         */
        void failed(String path, RuntimeException e) {
            if (IoErrors.isDiskFull(e)) {
                diskFull.compareAndSet(null, e);
                return;
            }
            LOG.error("scanning {} failed", path, e);
            failed.incrementAndGet();
            problem(path, e.getMessage() == null ? e.toString() : e.getMessage());
        }

        void recordGone(MissingLocations.Outcome o) {
            goneLocations.addAndGet(o.goneLocations());
            madeMissing.addAll(o.becameMissing());
        }

        /** The assets made missing that are still missing now (a file found moved later in the scan is not). */
        long stillMissing() {
            if (madeMissing.isEmpty()) return 0;
            return catalog.read(s -> madeMissing.stream().filter(id -> s.assets().find(id)
                    .map(a -> a.status() == org.thatdam.model.AssetStatus.MISSING).orElse(false)).count());
        }

        void deferred(String path) {
            scanned.incrementAndGet();
            if (deferred.incrementAndGet() <= MAX_DEFERRED_LISTED) deferredFiles.add(path);
        }

        void problem(String path, String error) {
            if (problemCount.incrementAndGet() <= MAX_PROBLEMS_KEPT) {
                problems.add(new ScanReport.Problem(path, error));
            }
        }

        void progress(boolean force) {
            long now = System.currentTimeMillis();
            long last = lastProgress.get();
            if (force || (now - last >= PROGRESS_EVERY_MS && lastProgress.compareAndSet(last, now))) {
                events.publish(new DamEvent.ScanProgress(id, scanned.get(), added.get(), updated.get(),
                        unchanged.get(), deferred.get(), failed.get(), skipped.get(), current));
            }
        }

        ScanReport report() {
            return new ScanReport(scanned.get(), added.get(), updated.get(), unchanged.get(), deferred.get(),
                    failed.get(), skipped.get(), stillMissing(), goneLocations.get(), (System.nanoTime() - started) / 1_000_000,
                    List.copyOf(new ArrayList<>(problems)), List.copyOf(new ArrayList<>(deferredFiles)));
        }
    }
}
