package org.thatdam.core.offload;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.PermanentJobException;
import org.thatdam.core.json.Json;
import org.thatdam.core.library.RootAvailability;
import org.thatdam.core.library.RootService;
import org.thatdam.core.scan.ScanOptions;
import org.thatdam.core.scan.Scanner;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.ImportRun;
import org.thatdam.model.LedgerEntry;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.model.ScanReport;
import org.thatdam.storage.DataLayout;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.IoErrors;
import org.thatdam.storage.PathGuard;
import org.thatdam.storage.copy.CopyObserver;
import org.thatdam.storage.copy.CopyOutcome;
import org.thatdam.storage.copy.CopyResult;
import org.thatdam.storage.copy.VerifiedCopier;
import org.thatdam.storage.mhl.HashAction;
import org.thatdam.storage.mhl.HashFormat;
import org.thatdam.storage.mhl.MhlCreator;
import org.thatdam.storage.mhl.MhlFile;
import org.thatdam.storage.mhl.MhlHash;
import org.thatdam.storage.mhl.MhlHistory;
import org.thatdam.storage.mhl.MhlProcess;

/**
 * Verified offload: copies every file of a folder (a camera card) into one or more destinations in
 * one read, each copy verified ({@link VerifiedCopier}); records each verified copy in the ledger as
 * it completes; catalogues the copies at once with their batch; and writes an ASC MHL generation
 * (process "transfer") in each destination's {@code ascmhl/} folder.
 *
 * <p>Resume rule: a file is not copied again when, for every destination, the ledger has a verified
 * copy of the same source path to the same destination path, made from a source of the same size
 * and modification time, and the destination file is there with that size. A copy that was in
 * place but not yet recorded when a run was killed is read back and compared instead of copied
 * (and then counted as already there). The source is only ever read.
 */
public final class OffloadService {

    private static final long DB_PROGRESS_NANOS = 500_000_000L;

    private final Catalog catalog;
    private final RootService roots;
    private final Supplier<Scanner> scanner;
    private final java.util.function.Function<String, ScanOptions> scanOptions;
    private final Path home;
    private final List<Path> allowedSources;
    private final Clock clock;
    private final AuditLog audit;
    private final Runnable signalJobs;
    private volatile CopyObserver observer = CopyObserver.NONE;

    /**
     * @param scanner     catalogues the copies (a scanner confined to the roots that takes files as settled)
     * @param scanOptions the scan options for a batch name
     * @param home        the library's data folder, which no import may read from or write into
     * @param allowedSources where non-admins may import from besides library roots ({@code imports.sources})
     */
    public OffloadService(Catalog catalog, RootService roots, Supplier<Scanner> scanner,
                          java.util.function.Function<String, ScanOptions> scanOptions, Path home,
                          List<Path> allowedSources, Clock clock, AuditLog audit, Runnable signalJobs) {
        this.catalog = catalog;
        this.roots = roots;
        this.scanner = scanner;
        this.scanOptions = scanOptions;
        this.home = home;
        this.allowedSources = List.copyOf(allowedSources);
        this.clock = clock;
        this.audit = audit;
        this.signalJobs = signalJobs;
    }

    /** The folders of an {@code imports.sources} setting (comma-separated; blanks ignored). */
    public static List<Path> sources(String setting) {
        List<Path> out = new ArrayList<>();
        for (String part : setting == null ? new String[0] : setting.split(",")) {
            if (!part.isBlank()) out.add(PathGuard.parseUserPath(part.strip()).toAbsolutePath().normalize());
        }
        return out;
    }

    /** Tests only: told about each copy before it is read back (to damage it on disk). */
    public void observeCopies(CopyObserver o) {
        this.observer = o == null ? CopyObserver.NONE : o;
    }

    /** How far a running import got. */
    public record ImportProgress(long importId, int files, int filesDone, int filesSkipped, long bytes, long bytesDone,
                                 String currentFile, double bytesPerSecond, List<String> addedRoots) {
        public double fraction() {
            return bytes > 0 ? Math.min(1, bytesDone / (double) bytes) : files > 0 ? filesDone / (double) files : 0;
        }
    }

    /** One file of the source: where it is, its path relative to the source ('/'-separated), its size and time. */
    record SourceEntry(Path path, String relative, long size, long mtimeMs) {}

    /** A checked request: real folders, the files to copy, the MHL histories of the destinations. */
    record Plan(Path source, List<Path> destinations, List<SourceEntry> files, List<ImportRun.Failure> unlisted,
                long bytes, Map<Path, MhlHistory> histories) {}

    // ------------------------------------------------------------------ running

    /**
     * Imports now, in this thread. A destination outside every library root becomes a root when
     * {@code by} is an admin (the command line is), else the import is refused before anything is
     * copied. Failures of single files are in the report (state failed); a request that cannot start
     * (no such folder, overlapping folders, not enough space) is an error.
     *
     * @throws CancellationException when {@code cancelled} turned true (what was copied is recorded; run again to resume)
     */
    public ImportReport run(ImportRequest req, Actor by, Long jobId, Consumer<ImportProgress> progress, BooleanSupplier cancelled) {
        long started = System.nanoTime();
        Plan plan = plan(req, by, true);
        List<String> addedRoots = ensureRoots(plan.destinations(), by);
        String batch = req.batch().orElse(plan.source().getFileName() == null ? "import" : plan.source().getFileName().toString());
        String user = userOf(by);
        List<String> destTexts = plan.destinations().stream().map(FileNames::text).toList();
        long importId = catalog.write(s -> {
            long id = s.ledger().startImport(jobId, FileNames.text(plan.source()), destTexts, batch, req.hashTags(), user,
                    plan.files().size(), plan.bytes(), clock.millis());
            s.ledger().supersedeImports(FileNames.text(plan.source()), destTexts, id, clock.millis());
            if (jobId == null) { // a job's import was audited when it was asked for
                audit.write(s, by, AuditAction.IMPORT_START, "import " + id,
                        FileNames.text(plan.source()) + " → " + String.join(", ", destTexts));
            }
            return id;
        });
        Run run = new Run(importId, plan, progress, started, addedRoots);
        run.failures.addAll(plan.unlisted());
        Map<Path, List<MhlFile>> mhl = new LinkedHashMap<>();
        plan.destinations().forEach(d -> mhl.put(d, new ArrayList<>()));
        List<Path> good = new ArrayList<>();
        VerifiedCopier copier = new VerifiedCopier(req.hashes(), observer);
        try {
            for (SourceEntry f : plan.files()) {
                if (cancelled.getAsBoolean()) throw new CancellationException("the import was cancelled");
                run.start(f);
                copyOne(run, copier, req, f, batch, user, mhl, good, cancelled);
            }
        } catch (CancellationException e) {
            catalog.update(s -> s.ledger().finishImport(importId, ImportRun.CANCELLED, run.snapshot(), "cancelled", clock.millis()));
            throw e;
        } catch (RuntimeException e) {
            String why = e instanceof DamException ? e.getMessage() : "stopped by an internal error (see the log)";
            catalog.update(s -> s.ledger().finishImport(importId, ImportRun.FAILED, run.snapshot(), why, clock.millis()));
            throw e;
        }
        ScanReport catalogued = catalogue(good, batch, run);
        List<String> written = writeMhl(plan, mhl, user, run);
        String state = run.failures.isEmpty() ? ImportRun.DONE : ImportRun.FAILED;
        String error = run.failures.isEmpty() ? null : run.failures.size() + " file(s) could not be copied with proof";
        catalog.update(s -> s.ledger().finishImport(importId, state, run.snapshot(), error, clock.millis()));
        long ms = (System.nanoTime() - started) / 1_000_000;
        int failedFiles = (int) run.failures.stream().map(ImportRun.Failure::path).distinct().count();
        return new ImportReport(importId, state, FileNames.text(plan.source()), destTexts, batch, plan.files().size(),
                run.copied, run.skipped, failedFiles, plan.bytes(), run.bytesCopied, List.copyOf(run.failures), written,
                addedRoots, catalogued.added() + catalogued.updated() + catalogued.unchanged(), catalogued.added(), ms,
                ms > 0 ? run.bytesCopied / 1e6 / (ms / 1000.0) : 0);
    }

    private void copyOne(Run run, VerifiedCopier copier, ImportRequest req, SourceEntry f, String batch, String user,
                         Map<Path, List<MhlFile>> mhl, List<Path> good, BooleanSupplier cancelled) {
        String src = FileNames.text(f.path());
        Map<Path, LedgerEntry> recorded = new HashMap<>();
        Map<Path, String> blocked = new HashMap<>();
        List<Path> toCopy = new ArrayList<>();
        for (Path d : run.plan.destinations()) {
            Path target = target(d, f);
            String refused = folderOf(d, target);
            if (refused != null) {
                blocked.put(d, refused);
                continue;
            }
            Optional<LedgerEntry> e = alreadyCopied(src, target, f);
            if (e.isPresent()) recorded.put(d, e.get());
            else toCopy.add(target);
        }
        Map<HashFormat, String> hashes = Map.of();
        List<CopyResult.Destination> results = List.of();
        if (toCopy.isEmpty()) {
            run.bytesDone += f.size();
        } else {
            CopyResult r = copier.copy(f.path(), toCopy, n -> run.read(n), cancelled);
            hashes = r.hashes();
            results = r.destinations();
        }
        Instant now = clock.instant();
        List<LedgerEntry> rows = new ArrayList<>();
        boolean anyCopied = false;
        boolean anyFailed = false;
        for (Path d : run.plan.destinations()) {
            Path target = target(d, f);
            if (blocked.containsKey(d)) {
                anyFailed = true;
                run.failures.add(new ImportRun.Failure(f.relative(), blocked.get(d)));
                continue;
            }
            LedgerEntry old = recorded.get(d);
            MhlHistory history = run.plan.histories().get(d);
            if (old != null) {
                // Skipped: not hashed in this run, so it is not written as verified. A copy that no
                // generation lists yet (its run was interrupted) is read back now and listed.
                String error = listSkipped(history, f, req, old, target, now, mhl.get(d));
                if (error != null) {
                    anyFailed = true;
                    run.failures.add(new ImportRun.Failure(f.relative(), FileNames.text(target) + ": " + error));
                    continue;
                }
                good.add(target);
                continue;
            }
            CopyResult.Destination res = results.stream().filter(x -> x.path().equals(target)).findFirst().orElse(null);
            if (res == null || !res.good()) {
                anyFailed = true;
                String why = res == null ? "not copied" : res.error();
                // A file in the way that the ledger says we copied there: it changed since (the copier left it alone).
                boolean ours = Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                        && catalog.read(s -> s.ledger().latestCopy(src, FileNames.text(target))).isPresent();
                run.failures.add(new ImportRun.Failure(f.relative(), FileNames.text(target) + ": "
                        + (ours ? "the copy recorded in the ledger has changed since it was made (damaged?); " : "") + why));
                continue;
            }
            if (res.outcome() == CopyOutcome.COPIED) anyCopied = true;
            rows.add(LedgerEntry.copy(src, FileNames.text(target), FileNames.text(d), f.size(), f.mtimeMs(),
                    hashes.get(HashFormat.XXH64), hashes.get(HashFormat.MD5), hashes.get(HashFormat.SHA1), user, batch,
                    run.importId, now));
            good.add(target);
            mhl.get(d).add(mhlFile(history, f, req, hashes, now));
        }
        if (anyCopied) run.copied++;
        else if (!anyFailed) run.skipped++;
        if (anyCopied) run.bytesCopied += f.size();
        run.filesDone++;
        ImportRun.Progress p = run.snapshot();
        catalog.update(s -> {
            for (LedgerEntry e : rows) s.ledger().record(e);
            s.ledger().importProgress(run.importId, p, clock.millis());
        });
        run.lastDbWrite = System.nanoTime();
        run.emit(true);
    }

    /**
     * Makes the target's folders inside the destination without following links; the reason it
     * cannot (a link or a file where a folder should be), or null.
     */
    private static String folderOf(Path dest, Path target) {
        try {
            PathGuard.createFoldersInside(dest, target.getParent());
            return null;
        } catch (DamException e) {
            return e.getMessage() + "; the file was not copied";
        } catch (IOException e) {
            return "cannot create the folder " + FileNames.text(target.getParent()) + ": " + IoErrors.describe(e);
        }
    }

    /**
     * A skipped copy that the destination's MHL history does not list with the ledger's xxh64 is
     * hashed now and added to the new generation (when it still matches the ledger); the reason it
     * cannot be, or null.
     */
    private static String listSkipped(MhlHistory history, SourceEntry f, ImportRequest req, LedgerEntry old, Path target,
                                      Instant now, List<MhlFile> generation) {
        MhlFile listed = history.latest().get(f.relative());
        if (listed != null && listed.size() == f.size()
                && listed.hash(HashFormat.XXH64).map(h -> h.value().equalsIgnoreCase(old.xxh64())).orElse(false)) {
            return null;
        }
        Map<HashFormat, String> fresh;
        try {
            fresh = org.thatdam.storage.mhl.MultiHasher.hash(target, req.hashes());
        } catch (IOException e) {
            return "cannot read the copy back: " + IoErrors.describe(e);
        }
        if (!old.xxh64().equalsIgnoreCase(fresh.get(HashFormat.XXH64))) {
            return "the copy recorded in the ledger has changed since it was made (xxh64 " + old.xxh64() + ", now "
                    + fresh.get(HashFormat.XXH64) + "); it was left as it is";
        }
        generation.add(mhlFile(history, f, req, fresh, now));
        return null;
    }

    /** The ledger's record of this very copy, when the resume rule lets the file be skipped for this destination. */
    private Optional<LedgerEntry> alreadyCopied(String src, Path target, SourceEntry f) {
        try {
            BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            // The copier gives each copy the source's modification time: a copy touched since is looked at again.
            if (!a.isRegularFile() || a.size() != f.size() || a.lastModifiedTime().toMillis() != f.mtimeMs()) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return catalog.read(s -> s.ledger().latestCopy(src, FileNames.text(target)))
                .filter(e -> e.xxh64() != null && e.sizeBytes() != null && e.sizeBytes() == f.size()
                        && e.sourceMtimeMs() != null && e.sourceMtimeMs() == f.mtimeMs());
    }

    /**
     * The MHL record of one copy: each requested hash, "original" when the destination's history had no
     * record of this file with that hash, "verified" when an earlier generation already had it.
     */
    private static MhlFile mhlFile(MhlHistory history, SourceEntry f, ImportRequest req, Map<HashFormat, String> hashes, Instant now) {
        MhlFile before = history.latest().get(f.relative());
        List<MhlHash> list = new ArrayList<>();
        for (HashFormat fmt : EnumSet.copyOf(req.hashes())) {
            String v = hashes.get(fmt);
            if (v == null) continue; // an earlier run recorded the copy without this hash
            boolean known = before != null && before.hash(fmt).map(h -> h.value().equalsIgnoreCase(v)).orElse(false);
            list.add(new MhlHash(fmt, v, known ? HashAction.VERIFIED : HashAction.ORIGINAL, now));
        }
        return new MhlFile(f.relative(), f.size(), Instant.ofEpochMilli(f.mtimeMs()), list);
    }

    private ScanReport catalogue(List<Path> files, String batch, Run run) {
        if (files.isEmpty()) return new ScanReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of());
        ScanReport r = scanner.get().scan(files, scanOptions.apply(batch));
        for (ScanReport.Problem p : r.problems()) {
            // The copy is good and recorded; only its catalogue entry is missing (a rescan adds it).
            run.notes.add(p.path() + ": " + p.error());
        }
        return r;
    }

    private List<String> writeMhl(Plan plan, Map<Path, List<MhlFile>> mhl, String user, Run run) {
        List<String> written = new ArrayList<>();
        for (Map.Entry<Path, List<MhlFile>> e : mhl.entrySet()) {
            if (e.getValue().isEmpty()) continue;
            try {
                Path p = plan.histories().get(e.getKey()).addGeneration(e.getValue(), MhlProcess.TRANSFER,
                        MhlCreator.ours(Optional.ofNullable(user)), clock.instant());
                written.add(FileNames.text(p));
            } catch (DamException ex) {
                run.failures.add(new ImportRun.Failure(MhlHistory.FOLDER, FileNames.text(e.getKey()) + ": " + ex.getMessage()));
            }
        }
        return written;
    }

    private static Path target(Path dest, SourceEntry f) {
        return dest.resolve(f.relative());
    }

    // ------------------------------------------------------------------ checks before anything is copied

    /**
     * Checks a request without changing anything: the source is a folder, each destination is (or can
     * be made as) a folder outside the source, outside the library's data and outside each other,
     * inside a library root (or {@code by} may add it as one), with room for what is still to copy.
     */
    Plan plan(ImportRequest req, Actor by, boolean createDestinations) {
        Path source = realFolder(req.source(), "the source");
        List<Path> dests = new ArrayList<>();
        Path realHome = PathGuard.realOrAbsolute(home);
        List<Path> rootPaths = roots.roots().stream().map(r -> PathGuard.realOrAbsolute(FileNames.path(r.path()))).toList();
        checkSource(source, realHome, rootPaths, by);
        for (Path d : req.destinations()) {
            Path real = destination(d);
            if (dests.contains(real)) throw DamException.invalid("the destination " + FileNames.text(real) + " is given twice");
            if (real.startsWith(source)) {
                throw DamException.invalid("the destination " + FileNames.text(real) + " is inside the source " + FileNames.text(source));
            }
            if (source.startsWith(real)) {
                throw DamException.invalid("the source " + FileNames.text(source) + " is inside the destination " + FileNames.text(real));
            }
            if (DataLayout.ownData(realHome, real) || realHome.startsWith(real)) {
                throw DamException.invalid("the destination " + FileNames.text(real) + " overlaps the library's own data folder "
                        + FileNames.text(realHome) + " (only its " + DataLayout.LIBRARY + "/ folder holds media)");
            }
            for (Path other : dests) {
                if (real.startsWith(other) || other.startsWith(real)) {
                    throw DamException.invalid("the destinations " + FileNames.text(other) + " and " + FileNames.text(real) + " overlap");
                }
            }
            if (RootAvailability.rootOf(real, rootPaths) == null && !by.principal().may(Role.ADMIN)) {
                throw DamException.forbidden("the destination " + FileNames.text(real)
                        + " is not inside a library root; import into a root (or a folder inside one), or ask an admin to add it");
            }
            dests.add(real);
        }
        List<SourceEntry> files = new ArrayList<>();
        List<ImportRun.Failure> unlisted = new ArrayList<>();
        list(source, files, unlisted);
        long bytes = files.stream().mapToLong(SourceEntry::size).sum();
        checkSpace(dests, files);
        if (createDestinations) dests.replaceAll(OffloadService::create);
        Map<Path, MhlHistory> histories = new LinkedHashMap<>();
        for (Path d : dests) histories.put(d, MhlHistory.open(d)); // a broken history is an error before any copy
        return new Plan(source, List.copyOf(dests), List.copyOf(files), List.copyOf(unlisted), bytes, histories);
    }

    /**
     * The source may never be the library's own data (its catalog holds password hashes, its server
     * file the local admin key; copies of them would be readable by anyone who can read the
     * destination), nor hold it. Admins (and the command line, the machine's own user) import from
     * anywhere else; other users only from {@code imports.sources} or a folder inside a library root.
     */
    private void checkSource(Path source, Path realHome, List<Path> rootPaths, Actor by) {
        if (DataLayout.ownData(realHome, source) || realHome.startsWith(source)) {
            throw DamException.invalid("the source " + FileNames.text(source) + " overlaps the library's own data folder "
                    + FileNames.text(realHome) + "; import from a card or a folder of media");
        }
        if (by.principal().may(Role.ADMIN) || RootAvailability.rootOf(source, rootPaths) != null) return;
        for (Path allowed : allowedSources) {
            if (source.startsWith(PathGuard.realOrAbsolute(allowed))) return;
        }
        throw DamException.forbidden("the source " + FileNames.text(source) + " is not a folder imports may read from: "
                + "use a card or disk under " + String.join(", ", allowedSources.stream().map(FileNames::text).toList())
                + " (setting imports.sources) or a folder inside a library root, or ask an admin");
    }

    private static Path realFolder(Path p, String what) {
        Path abs = p.toAbsolutePath().normalize();
        if (!Files.exists(abs)) throw DamException.notFound(what + " " + FileNames.text(abs) + " does not exist");
        if (!Files.isDirectory(abs)) throw DamException.invalid(what + " " + FileNames.text(abs) + " is not a folder");
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            throw IoErrors.failure("cannot open " + what + " " + FileNames.text(abs), e);
        }
    }

    /** A destination's real path; one that does not exist yet is named by its folder's real path (which must exist). */
    private static Path destination(Path d) {
        Path abs = d.toAbsolutePath().normalize();
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(abs)) return realFolder(abs, "the destination");
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            String folder = parent == null ? "/" : FileNames.text(parent);
            throw DamException.notFound("the destination's folder " + folder + " does not exist (only the destination's last "
                    + "folder is made, so a typo does not grow a tree); create it first: mkdir -p " + folder);
        }
        return realFolder(parent, "the destination's folder").resolve(abs.getFileName());
    }

    /** Creates a checked destination that does not exist yet (only its last level: a typo must not grow a tree). */
    private static Path create(Path dest) {
        if (Files.isDirectory(dest)) return dest;
        try {
            Files.createDirectory(dest);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // made meanwhile: checked below
        } catch (IOException e) {
            throw IoErrors.failure("cannot create the destination " + FileNames.text(dest), e);
        }
        return realFolder(dest, "the destination");
    }

    /** Every regular file under the source, in path order, without OS clutter; links are not followed. */
    private static void list(Path source, List<SourceEntry> files, List<ImportRun.Failure> unlisted) {
        try {
            Files.walkFileTree(source, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(source)) return FileVisitResult.CONTINUE;
                    return MhlHistory.ignored(MhlFile.pathOf(source, dir) + "/") || MhlHistory.ignored(MhlFile.pathOf(source, dir))
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String rel = MhlFile.pathOf(source, file);
                    if (attrs.isRegularFile() && !MhlHistory.ignored(rel)) {
                        files.add(new SourceEntry(file, rel, attrs.size(), attrs.lastModifiedTime().toMillis()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    unlisted.add(new ImportRun.Failure(MhlFile.pathOf(source, file), "cannot read: " + IoErrors.describe(exc)));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw IoErrors.failure("cannot list " + FileNames.text(source), e);
        }
        files.sort(java.util.Comparator.comparing(SourceEntry::relative));
    }

    /** Refuses before copying when a disk cannot hold what is still to be copied onto it (summed per disk). */
    private static void checkSpace(List<Path> dests, List<SourceEntry> files) {
        Map<FileStore, Long> need = new LinkedHashMap<>();
        Map<FileStore, Path> named = new HashMap<>();
        for (Path d : dests) {
            FileStore store;
            try {
                store = Files.getFileStore(Files.exists(d) ? d : d.getParent());
            } catch (IOException e) {
                continue; // unknown: the copy itself reports a full disk
            }
            long n = 0;
            for (SourceEntry f : files) {
                if (!Files.exists(target(d, f), LinkOption.NOFOLLOW_LINKS)) n += f.size();
            }
            need.merge(store, n, Long::sum);
            named.putIfAbsent(store, d);
        }
        for (Map.Entry<FileStore, Long> e : need.entrySet()) {
            long free;
            try {
                free = e.getKey().getUsableSpace();
            } catch (IOException ex) {
                continue;
            }
            if (e.getValue() > free) {
                throw new DamException(ErrorCode.DISK_FULL, "not enough space for the import on the disk holding "
                        + FileNames.text(named.get(e.getKey())) + ": it needs " + mb(e.getValue()) + " MB, "
                        + mb(free) + " MB are free; nothing was copied");
            }
        }
    }

    private static long mb(long bytes) {
        return (bytes + 999_999) / 1_000_000;
    }

    /** Destinations outside every root become roots (checked by {@link #plan} that {@code by} may); their paths. */
    private List<String> ensureRoots(List<Path> dests, Actor by) {
        List<String> added = new ArrayList<>();
        for (Path d : dests) {
            List<Path> rootPaths = roots.roots().stream().map(r -> PathGuard.realOrAbsolute(FileNames.path(r.path()))).toList();
            if (RootAvailability.rootOf(d, rootPaths) != null) continue;
            if (roots.add(d, by).added()) added.add(FileNames.text(d));
        }
        return added;
    }

    private static String userOf(Actor by) {
        String u = by.principal().user();
        return u != null ? u : System.getProperty("user.name", "unknown");
    }

    // ------------------------------------------------------------------ as a job

    /** The params of an import job: the request and who asked (the job runs later, in the engine). */
    record JobParams(String source, List<String> destinations, String batch, List<String> hashes, String user, String role) {}

    /**
     * Checks the request now (so a caller hears at once what is wrong) and queues it as an import
     * job; returns the job's id.
     */
    public long enqueue(ImportRequest req, Actor by) {
        Plan plan = plan(req, by, false);
        JobParams params = new JobParams(FileNames.text(plan.source()),
                req.destinations().stream().map(d -> FileNames.text(d.toAbsolutePath().normalize())).toList(),
                req.batch().orElse(null), req.hashTags(), by.principal().user(), by.principal().role().id());
        String json = Json.text(params);
        long id = catalog.write(s -> {
            long job = s.jobs().enqueue(JobKind.IMPORT.newJob(null, json), clock.millis());
            audit.write(s, by, AuditAction.IMPORT_START, "job " + job, params.source() + " → " + String.join(", ", params.destinations()));
            return job;
        });
        signalJobs.run();
        return id;
    }

    /** Runs import jobs; a job that ends with failed files fails with the count (the import record lists them). */
    public JobHandler handler() {
        return new JobHandler() {
            @Override
            public JobKind kind() {
                return JobKind.IMPORT;
            }

            @Override
            public void run(org.thatdam.core.jobs.JobContext ctx) {
                JobParams p = ctx.params(JobParams.class);
                ImportRequest req = new ImportRequest(Path.of(p.source()), p.destinations().stream().map(Path::of).toList(),
                        Optional.ofNullable(p.batch()), ImportRequest.hashes(p.hashes()));
                Role role = p.role() == null ? Role.EDITOR : Role.parse(p.role());
                Actor by = new Actor(new Principal(p.user(), role, p.user() == null ? Principal.Via.COMMAND_LINE
                        : Principal.Via.SESSION, null), null);
                ImportReport r;
                try {
                    r = OffloadService.this.run(req, by, ctx.job().id(), pr -> ctx.progress(pr.fraction()), ctx.cancelled());
                } catch (CancellationException e) {
                    return; // the engine records the cancel; the import record says how far it got
                } catch (DamException e) {
                    throw new PermanentJobException(e.getMessage(), e);
                }
                if (!r.ok()) {
                    throw new PermanentJobException(r.failed() + " of " + r.files() + " file(s) could not be copied with proof"
                            + (r.failures().isEmpty() ? "" : "; first: " + r.failures().get(0).path() + ": " + r.failures().get(0).error()));
                }
            }
        };
    }

    // ------------------------------------------------------------------ reading

    /** The newest imports, newest first. */
    public List<ImportRun> recent(int limit) {
        int n = Math.max(1, Math.min(limit, 500));
        return catalog.read(s -> s.ledger().recentImports(n));
    }

    public Optional<ImportRun> find(long id) {
        return catalog.read(s -> s.ledger().findImport(id));
    }

    /** The import a job ran (or is running), once it started. */
    public Optional<ImportRun> ofJob(long jobId) {
        return catalog.read(s -> s.ledger().importOfJob(jobId));
    }

    /** The verified copies recorded for an asset's files. */
    public List<LedgerEntry> ledger(long assetId) {
        return catalog.read(s -> {
            s.assets().find(assetId).orElseThrow(() -> DamException.notFound("no asset with id " + assetId));
            return s.ledger().forAsset(assetId);
        });
    }

    // ------------------------------------------------------------------ one run's counters

    private final class Run {
        final long importId;
        final Plan plan;
        final Consumer<ImportProgress> listener;
        final long startedNanos;
        final List<ImportRun.Failure> failures = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        int filesDone;
        int copied;
        int skipped;
        long bytesDone;
        long bytesCopied;
        String current;
        long lastDbWrite;
        long lastEmit;

        final List<String> addedRoots;

        Run(long importId, Plan plan, Consumer<ImportProgress> listener, long startedNanos, List<String> addedRoots) {
            this.addedRoots = List.copyOf(addedRoots);
            this.importId = importId;
            this.plan = plan;
            this.listener = listener;
            this.startedNanos = startedNanos;
        }

        void start(SourceEntry f) {
            current = f.relative();
            if (System.nanoTime() - lastDbWrite > DB_PROGRESS_NANOS) {
                ImportRun.Progress p = snapshot();
                catalog.update(s -> s.ledger().importProgress(importId, p, clock.millis()));
                lastDbWrite = System.nanoTime();
            }
            emit(true);
        }

        void read(long n) {
            bytesDone += n;
            emit(false);
        }

        void emit(boolean always) {
            long now = System.nanoTime();
            if (!always && now - lastEmit < 100_000_000L) return;
            lastEmit = now;
            double secs = (now - startedNanos) / 1e9;
            listener.accept(new ImportProgress(importId, plan.files().size(), filesDone, skipped, plan.bytes(), bytesDone,
                    current, secs > 0 ? bytesDone / secs : 0, addedRoots));
        }

        ImportRun.Progress snapshot() {
            return new ImportRun.Progress(filesDone, skipped, bytesDone, current, List.copyOf(failures));
        }
    }
}
