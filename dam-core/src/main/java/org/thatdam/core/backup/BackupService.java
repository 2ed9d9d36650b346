package org.thatdam.core.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogSnapshot;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.PermanentJobException;
import org.thatdam.core.json.Json;
import org.thatdam.core.library.RootService;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.DataLayout;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.IoErrors;
import org.thatdam.storage.PathGuard;
import org.thatdam.storage.mhl.HashAction;
import org.thatdam.storage.mhl.HashFormat;
import org.thatdam.storage.mhl.MhlCreator;
import org.thatdam.storage.mhl.MhlFile;
import org.thatdam.storage.mhl.MhlHash;
import org.thatdam.storage.mhl.MhlHistory;
import org.thatdam.storage.mhl.MhlProcess;
import org.thatdam.storage.mhl.MultiHasher;

/**
 * Backups of the library: a snapshot of the catalog taken while it is in use, the configuration,
 * optionally the derivatives (incremental: a file unchanged since the previous snapshot is hard-linked
 * from it, not copied) and the originals, with an ASC MHL hash list so {@code dam verify} can check
 * each snapshot. See {@link BackupFolder} for the layout.
 */
public final class BackupService {

    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);

    private final Catalog catalog;
    private final DataLayout layout;
    private final DamConfig config;
    private final Clock clock;
    private final RootService roots;
    private final AuditLog audit;
    private final Runnable signalJobs;
    private final OriginalsCopier originalsCopier;
    private final ScheduledBackup scheduled;
    private final org.thatdam.core.derive.DerivativeFiles derivativeFiles;

    public BackupService(Catalog catalog, DataLayout layout, DamConfig config, Clock clock, RootService roots, AuditLog audit,
                         Runnable signalJobs) {
        this(catalog, layout, config, clock, roots, audit, signalJobs, new org.thatdam.core.derive.DerivativeFiles(layout));
    }

    /**
     * With {@code derivatives} kept in a store other than the home, a backup does not copy them (this node's
     * working folder holds only some; the store has them all), and each finished snapshot is copied into
     * that store under {@code backups/<name>/} when it is a bucket.
     */
    public BackupService(Catalog catalog, DataLayout layout, DamConfig config, Clock clock, RootService roots, AuditLog audit,
                         Runnable signalJobs, org.thatdam.core.derive.DerivativeFiles derivatives) {
        this.derivativeFiles = derivatives;
        this.catalog = catalog;
        this.layout = layout;
        this.config = config;
        this.clock = clock;
        this.roots = roots;
        this.audit = audit;
        this.signalJobs = signalJobs;
        this.originalsCopier = new OriginalsBackup(clock);
        this.scheduled = new ScheduledBackup(this, config.backup(), clock, java.time.ZoneId.systemDefault());
    }

    /** The daily backup of {@code backup.*}; the server calls its {@link ScheduledBackup#tick} while it runs. */
    public ScheduledBackup scheduled() {
        return scheduled;
    }

    /** The schedule and the snapshots in {@code backup.dir}. */
    public BackupSchedule schedule() {
        DamConfig.Backup b = config.backup();
        return new BackupSchedule(b.dir().map(Path::toString).orElse(null),
                b.time().format(java.time.format.DateTimeFormatter.ofPattern("HH:mm")), b.keep(), b.derivatives(), scheduled.next(),
                b.dir().map(this::list).orElse(List.of()));
    }

    /** Copies the files of one library root into a backup, verified, with their own hash list. */
    @FunctionalInterface
    interface OriginalsCopier {
        BackupReport.OriginalsCopy copy(Path root, Path to, BooleanSupplier cancelled) throws IOException;
    }

    /**
     * The backup folder {@code raw} names, checked: an absolute path that is neither inside the
     * library's own folder nor inside (or around) a library root, so a backup never writes among
     * the library's data or into anyone's footage; it need not exist yet.
     */
    public Path checkedTarget(String raw) {
        Path p = PathGuard.parseUserPath(raw);
        if (!p.isAbsolute()) throw new PathGuard.InvalidPathException("the backup folder must be an absolute path: " + raw);
        p = p.normalize();
        try {
            if (Files.exists(p) && !Files.isDirectory(p)) throw new PathGuard.InvalidPathException("not a folder: " + p);
            if (PathGuard.wouldBeInside(layout.home(), p)) {
                throw new PathGuard.InvalidPathException("the backup folder " + p + " is inside the library's own folder "
                        + layout.home() + "; choose a folder elsewhere (another disk is best)");
            }
            for (var r : roots.roots()) {
                Path root = FileNames.path(r.path());
                if (!Files.isDirectory(root)) continue;
                if (PathGuard.wouldBeInside(root, p)) {
                    throw new PathGuard.InvalidPathException("the backup folder " + p + " is inside the library root " + root
                            + "; backups are never written among the originals");
                }
            }
        } catch (IOException e) {
            throw IoErrors.failure("cannot check the backup folder " + p, e);
        }
        return p;
    }

    /**
     * Whether a backup was queued at or after {@code at}, by this node or another sharing the catalog: the
     * scheduled backup is the library's, made once a day however many nodes look at the clock.
     */
    public boolean queuedSince(java.time.Instant at) {
        return catalog.read(s -> s.jobs().list(null, JobKind.BACKUP.id(), 0, 1)).stream()
                .anyMatch(j -> !j.createdAt().isBefore(at));
    }

    /** Queues a backup as a job (kind {@code backup}) and returns its id; the folder is checked first. */
    public long enqueue(BackupRequest request, Actor by) {
        Path to = checkedTarget(request.to());
        BackupRequest checked = new BackupRequest(to.toString(), request.derivatives(), request.originals(), request.keep());
        String params = Json.text(checked);
        long id = catalog.write(s -> {
            long job = s.jobs().enqueue(JobKind.BACKUP.newJob(null, params), clock.millis());
            audit.write(s, by, AuditAction.BACKUP, to.toString(), "job " + job);
            return job;
        });
        signalJobs.run();
        return id;
    }

    /** Runs backup jobs: the request is in the job's params. */
    public JobHandler handler() {
        return new JobHandler() {
            @Override
            public JobKind kind() {
                return JobKind.BACKUP;
            }

            @Override
            public void run(org.thatdam.core.jobs.JobContext ctx) {
                BackupRequest r = ctx.params(BackupRequest.class);
                BackupReport report = backup(r, ctx::progress, ctx.cancelled());
                LOG.info("backup {}: {} assets, {} files copied ({} bytes), {} unchanged, in {} ms", report.path(), report.assets(),
                        report.filesCopied(), report.bytesCopied(), report.filesSkipped(), report.durationMs());
            }
        };
    }

    /**
     * The second step of a restore, on the library opened in the restored home: builds its search
     * index (a new index folder is built from the catalog as it opens) and says which roots this machine lacks.
     */
    public RestoreReport finishRestore(BackupRestore.Prepared p, org.thatdam.core.search.SearchService search) {
        if (!layout.home().equals(p.home())) throw DamException.invalid("the library opened is not the one restored into " + p.home());
        long indexed = search.count();
        long assets = catalog.read(s -> s.assets().count(org.thatdam.model.AssetQuery.all(1)));
        List<String> missing = roots.roots().stream().map(r -> r.path()).filter(r -> !Files.isDirectory(FileNames.path(r))).toList();
        String restoredConfig = p.home().resolve(BackupFolder.CONFIG).toString();
        List<String> settings = config.sources().entrySet().stream().filter(e -> e.getValue().source().equals(restoredConfig))
                .map(e -> e.getKey().key() + " = " + e.getValue().value()).toList();
        return new RestoreReport(p.snapshot().getFileName().toString(), p.home().toString(), assets, indexed, p.filesChecked(),
                p.manifest().schemaVersion(), missing, settings, (System.nanoTime() - p.startedNanos()) / 1_000_000);
    }

    /** The snapshots in {@code dir}, newest first. */
    public List<BackupInfo> list(Path dir) {
        return new BackupFolder(dir).snapshots().stream().map(BackupFolder.Snapshot::info).toList();
    }

    /**
     * Makes one backup here and now: {@code progress} sees 0..1, {@code cancelled} stops it (nothing
     * is left that looks like a backup). Only a complete snapshot appears under its name.
     */
    public BackupReport backup(BackupRequest request, DoubleConsumer progress, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        BackupFolder folder = new BackupFolder(checkedTarget(request.to()));
        try (BackupFolder.Lock ignored = folder.lock()) {
            folder.removeIncomplete();
            Optional<BackupFolder.Snapshot> previous = folder.newest();
            Instant created = clock.instant();
            String name = folder.newName(created);
            Path staging = folder.staging(name);
            BackupFolder.createPrivate(staging);
            Work work = new Work(progress, cancelled);
            try {
                boolean withDerivatives = request.derivatives() && !derivativeFiles.shared();
                if (request.derivatives() && !withDerivatives) {
                    LOG.info("backup: the derivatives are kept in {}, not copied", derivativeFiles.store().describe());
                }
                List<DerivativeFile> derivs = withDerivatives ? derivatives() : List.of();
                work.total = Math.max(1, catalog.sizeBytes()) + 2 * derivs.stream().mapToLong(DerivativeFile::size).sum();

                CatalogSnapshot snap = catalog.snapshotTo(staging.resolve(BackupFolder.CATALOG));
                force(staging.resolve(BackupFolder.CATALOG));
                work.done(snap.bytes());
                Path conf = layout.home().resolve(ConfigLoader.FILE_NAME);
                boolean withConfig = Files.isRegularFile(conf);
                if (withConfig) Files.copy(conf, staging.resolve(BackupFolder.CONFIG), StandardCopyOption.COPY_ATTRIBUTES);

                Path prevDerivs = previous.filter(p -> p.manifest().derivatives()).map(p -> p.dir().resolve(BackupFolder.DERIVATIVES))
                        .orElse(null);
                for (DerivativeFile d : derivs) {
                    work.check();
                    copyDerivative(d, staging.resolve(BackupFolder.DERIVATIVES), prevDerivs, work);
                }

                List<BackupReport.OriginalsCopy> originals = request.originals() ? originals(folder, cancelled) : List.of();
                BackupManifest manifest = new BackupManifest(BackupManifest.VERSION, created, layout.home().toString(), snap.assets(),
                        snap.schemaVersion(), withConfig, withDerivatives, work.files, work.fileBytes,
                        originals.stream().map(BackupReport.OriginalsCopy::root).toList());
                AtomicFiles.write(staging.resolve(BackupFolder.MANIFEST), Json.mapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(manifest));
                hashList(staging, previous.map(BackupFolder.Snapshot::dir), created, work);
                BackupFolder.makePrivate(staging);

                Path target = folder.dir().resolve(name);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(staging.getParent()); // empty now: only one backup writes here at a time
                upload(target, name);
                List<String> deleted = request.keep() == null ? List.of() : prune(folder, request.keep());
                deleted.forEach(this::deleteUploaded);
                progress.accept(1);
                return new BackupReport(name, target.toString(), created, snap.assets(), snap.schemaVersion(), work.copied,
                        work.skipped, work.bytesCopied, originals, deleted, (System.nanoTime() - t0) / 1_000_000);
            } finally {
                if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) BackupFolder.deleteTree(staging);
            }
        } catch (IOException e) {
            throw IoErrors.failure("cannot write the backup in " + folder.dir(), e);
        } catch (UncheckedIOException e) {
            throw IoErrors.failure("cannot write the backup in " + folder.dir(), e.getCause());
        }
    }

    private List<BackupReport.OriginalsCopy> originals(BackupFolder folder, BooleanSupplier cancelled) throws IOException {
        List<BackupReport.OriginalsCopy> out = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (var r : roots.roots()) {
            Path root = FileNames.path(r.path());
            if (!Files.isDirectory(root)) {
                LOG.warn("backup: the library root {} is not here; its originals are not backed up", root);
                continue;
            }
            String base = root.getFileName() == null ? "root" : root.getFileName().toString();
            String name = base;
            for (int i = 2; !names.add(name); i++) name = base + "-" + i; // two roots named alike
            out.add(originalsCopier.copy(root, folder.dir().resolve(BackupFolder.ORIGINALS).resolve(name), cancelled));
        }
        return out;
    }

    /** Where a snapshot's copy is in a bucket store. */
    static final String STORE_PREFIX = "backups/";

    /** Whether finished snapshots are also copied into the library's store (a bucket; a folder store is a disk like the backup's). */
    private boolean uploads() {
        return !(derivativeFiles.store() instanceof org.thatdam.storage.objects.LocalObjectStore);
    }

    /** Copies a finished snapshot into the store, file by file, under {@code backups/<name>/}. */
    private void upload(Path snapshot, String name) throws IOException {
        if (!uploads()) return;
        try (var files = Files.walk(snapshot)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                derivativeFiles.store().put(STORE_PREFIX + name + "/" + MhlFile.pathOf(snapshot, f), f);
            }
        }
    }

    private void deleteUploaded(String name) {
        if (!uploads()) return;
        try {
            derivativeFiles.store().deletePrefix(STORE_PREFIX + name + "/");
        } catch (DamException e) {
            LOG.warn("backup: cannot delete the old backup {} from {}: {}", name, derivativeFiles.store().describe(), e.getMessage());
        }
    }

    /** Deletes the oldest snapshots beyond {@code keep}; returns their names. */
    private static List<String> prune(BackupFolder folder, int keep) {
        List<String> deleted = new ArrayList<>();
        List<BackupFolder.Snapshot> all = folder.snapshots();
        for (BackupFolder.Snapshot s : all.subList(Math.min(keep, all.size()), all.size())) {
            try {
                BackupFolder.deleteTree(s.dir());
                deleted.add(s.name());
            } catch (IOException e) {
                LOG.warn("backup: cannot delete the old backup {}: {}", s.dir(), IoErrors.describe(e));
            }
        }
        return deleted;
    }

    private record DerivativeFile(Path file, String relative, long size, long modified) {}

    /** The derivative files as they are now (a job's temporary files are not; they are renamed when complete). */
    private List<DerivativeFile> derivatives() throws IOException {
        Path root = layout.derivativesDir();
        List<DerivativeFile> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String n = file.getFileName().toString();
                if (attrs.isRegularFile() && !(n.startsWith(".") && n.contains(".tmp-"))) {
                    out.add(new DerivativeFile(file, MhlFile.pathOf(root, file), attrs.size(), attrs.lastModifiedTime().toMillis()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // deleted meanwhile (an asset forgotten): not in this backup
            }
        });
        return out;
    }

    /**
     * One derivative into the snapshot: hard-linked from the previous snapshot when it has the
     * same size and modification time there, else copied (with its time, for the next comparison).
     */
    private static void copyDerivative(DerivativeFile d, Path into, Path previous, Work work) throws IOException {
        Path target = into.resolve(d.relative());
        Files.createDirectories(target.getParent());
        if (previous != null && unchanged(previous.resolve(d.relative()), d)) {
            try {
                Files.createLink(target, previous.resolve(d.relative()));
                work.skipped++;
                work.file(d.size());
                work.done(2 * d.size());
                return;
            } catch (UnsupportedOperationException | FileSystemException e) {
                // no hard links on this file system: copy it
            }
        }
        try {
            Files.copy(d.file(), target, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (NoSuchFileException e) {
            return; // deleted since the walk (its asset forgotten): not in this backup
        }
        work.copied++;
        work.bytesCopied += d.size();
        work.file(d.size());
        work.done(d.size());
    }

    private static boolean unchanged(Path old, DerivativeFile d) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(old, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() && a.size() == d.size() && a.lastModifiedTime().toMillis() == d.modified();
        } catch (NoSuchFileException e) {
            return false; // new since the previous snapshot
        }
    }

    /**
     * Adds an ASC MHL generation for the snapshot. A file hard-linked from the previous snapshot
     * keeps the hash recorded there (same size and time: same inode), so only new files are read.
     */
    private static void hashList(Path staging, Optional<Path> previous, Instant now, Work work) throws IOException {
        Map<String, MhlFile> known = previous.map(MhlHistory::open).map(MhlHistory::latest).orElse(Map.of());
        List<MhlFile> files = new ArrayList<>();
        List<Path> all = new ArrayList<>();
        try (var s = Files.walk(staging)) {
            s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(all::add);
        }
        for (Path p : all) {
            work.check();
            String rel = MhlFile.pathOf(staging, p);
            if (MhlHistory.ignored(rel)) continue;
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Instant modified = a.lastModifiedTime().toInstant();
            MhlFile old = rel.startsWith(BackupFolder.DERIVATIVES + "/") ? known.get(rel) : null;
            String xxh = old != null && old.size() == a.size() && OriginalsBackup.sameSecond(old.lastModified(), modified)
                    ? old.hashes().stream().filter(h -> h.format() == HashFormat.XXH64).map(MhlHash::value).findFirst().orElse(null)
                    : null;
            if (xxh == null) {
                xxh = MultiHasher.hash(p, Set.of(HashFormat.XXH64)).get(HashFormat.XXH64);
                if (rel.startsWith(BackupFolder.DERIVATIVES + "/")) work.done(a.size());
            }
            files.add(new MhlFile(rel, a.size(), modified, List.of(new MhlHash(HashFormat.XXH64, xxh, HashAction.ORIGINAL, now))));
        }
        MhlHistory.open(staging).addGeneration(files, MhlProcess.IN_PLACE, MhlCreator.ours(Optional.empty()), now);
    }

    private static void force(Path file) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Progress and counts of one run. */
    private static final class Work {
        private final DoubleConsumer progress;
        private final BooleanSupplier cancelled;
        long total = 1;
        long done;
        int copied;
        int skipped;
        long bytesCopied;
        int files;
        long fileBytes;

        Work(DoubleConsumer progress, BooleanSupplier cancelled) {
            this.progress = progress;
            this.cancelled = cancelled;
        }

        void done(long bytes) {
            done += bytes;
            progress.accept(Math.min(0.99, (double) done / total));
        }

        void file(long bytes) {
            files++;
            fileBytes += bytes;
        }

        void check() {
            if (cancelled.getAsBoolean()) throw new DamException(ErrorCode.CONFLICT, "the backup was cancelled");
        }
    }
}
