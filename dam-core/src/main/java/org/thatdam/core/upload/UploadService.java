package org.thatdam.core.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.access.Secrets;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.json.Json;
import org.thatdam.core.library.BatchService;
import org.thatdam.core.library.RootService;
import org.thatdam.core.scan.ScanOptions;
import org.thatdam.core.scan.Scanner;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.model.Location;
import org.thatdam.model.ScanReport;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.DiskSpace;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.IoErrors;
import org.thatdam.storage.PathGuard;
import org.thatdam.storage.QuickHash;

/**
 * Resumable uploads, staged in {@code <home>/uploads/}: each one is {@code <id>.part} (the bytes
 * that durably arrived) and {@code <id>.json} ({@link Upload}), both written so that a restart
 * keeps every upload resumable. Ids are random and unguessable, and an upload is only visible to
 * the user who began it. Limits: one upload ({@code uploads.max-file-mb}), all unfinished ones
 * together ({@code uploads.max-total-mb}), {@value #MAX_UNFINISHED} unfinished ones per user, and the
 * disk's free space ({@code storage.min-free-mb}): a new upload must fit beside what the unfinished
 * ones still need, and bytes stop being written when the disk falls to the floor.
 * An upload not continued for {@code uploads.expire-hours} is deleted by {@link #sweep}.
 *
 * <p>The last bytes finish it: the whole file's checksum is checked when the client sent one
 * (metadata {@code checksum}), content the library already has is a duplicate (discarded or kept,
 * {@code uploads.duplicates}), and the file is moved (never over anything) into its folder under a
 * clean name and catalogued at once by the scanner, which queues its derivatives.
 */
public final class UploadService {

    private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);
    /** What {@link Secrets#random()} makes: an id of any other shape names no upload (and no file). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    /** Large reads and writes: a request's bytes cost few system calls. */
    private static final int BUFFER = 1024 * 1024;
    /** Bytes written between two looks at the disk's free space (a look costs a system call or more). */
    private static final long SPACE_CHECK = 1024 * 1024;
    /** Unfinished uploads one user may have: each holds a staged file and a promise of disk space. */
    static final int MAX_UNFINISHED = 1000;
    private static final long MIB = 1024 * 1024;
    /** Metadata keys the service reads (others are kept but unused, e.g. filetype). */
    public static final String FILENAME = "filename";
    public static final String BATCH = "batch";
    public static final String FOLDER = "folder";
    public static final String RELATIVE_PATH = "relativePath";
    public static final String CHECKSUM = "checksum";

    private final Path staging;
    private final Path defaultRoot;
    private final DamConfig.Uploads config;
    private final DiskSpace disk;
    private final RootService roots;
    private final Catalog catalog;
    private final Supplier<Scanner> scanner;
    private final Function<Optional<String>, ScanOptions> scanOptions;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * @param staging     the staging folder ({@code <home>/uploads})
     * @param defaultRoot where finished uploads go when {@code uploads.root} is not set
     * @param scanner     the library's scanner (the service uses it {@link Scanner#alreadySettled()})
     */
    public UploadService(Path staging, Path defaultRoot, DamConfig.Uploads config, DiskSpace disk, RootService roots, Catalog catalog,
                         Supplier<Scanner> scanner, Function<Optional<String>, ScanOptions> scanOptions, AuditLog audit, Clock clock) {
        this.staging = staging;
        this.defaultRoot = defaultRoot;
        this.config = config;
        this.disk = disk;
        this.roots = roots;
        this.catalog = catalog;
        this.scanner = scanner;
        this.scanOptions = scanOptions;
        this.audit = audit;
        this.clock = clock;
        load();
        sweep();
    }

    /** The largest upload accepted, in bytes ({@code Tus-Max-Size}). */
    public long maxFileBytes() {
        return config.maxFileBytes();
    }

    /**
     * Begins an upload of {@code length} bytes for {@code by}. {@code metadata} must name the file
     * ({@code filename}); a {@code folder} must be a library root or inside one; a {@code checksum}
     * must be one this service can check, a {@code batch} a valid batch name. An empty file is refused: it holds no footage.
     */
    public Upload create(Actor by, long length, Map<String, String> metadata) {
        if (length < 0) throw DamException.badRequest("the upload's length must be 1 or more bytes");
        if (length == 0) throw DamException.invalid("an empty file cannot be uploaded: it holds no footage");
        String name = metadata.get(FILENAME);
        if (name == null || name.isBlank()) {
            throw DamException.invalid("the upload's metadata must name the file (filename)");
        }
        String folder = metadata.get(FOLDER);
        if (folder != null && !folder.isBlank()) libraryFolder(folder);
        String sum = metadata.get(CHECKSUM);
        if (sum != null) UploadChecksum.parse(sum);
        String batch = metadata.get(BATCH);
        if (batch != null && !batch.isBlank()) BatchService.validBatchName(batch);
        if (length > config.maxFileBytes()) {
            throw DamException.tooLarge("the file is " + mib(length) + "; an upload may be at most " + mib(config.maxFileBytes())
                    + " (uploads.max-file-mb)");
        }
        Instant now = clock.instant();
        Upload u;
        synchronized (this) {
            List<Upload> unfinished = uploads.values().stream().filter(x -> !x.finished()).toList();
            if (unfinished.stream().filter(x -> x.owner().equals(owner(by))).count() >= MAX_UNFINISHED) {
                throw DamException.rateLimited("you have " + MAX_UNFINISHED + " unfinished uploads, the most one may have;"
                        + " finish or cancel some first");
            }
            long reserved = unfinished.stream().mapToLong(Upload::length).sum();
            if (reserved + length > config.maxTotalBytes()) {
                throw DamException.tooLarge("unfinished uploads may take at most " + mib(config.maxTotalBytes())
                        + " together (uploads.max-total-mb); " + mib(reserved) + " are taken, this file needs " + mib(length)
                        + "; finish or cancel other uploads first");
            }
            // what unfinished uploads will still write is as good as taken
            long promised = unfinished.stream().mapToLong(x -> x.length() - x.offset()).sum();
            long free = disk.usableNow();
            if (free - promised - length < disk.floorBytes()) {
                throw DamException.tooLarge("not enough free space for " + mib(length) + ": the disk has " + mib(free)
                        + " free, " + mib(promised) + " of it promised to unfinished uploads, and keeps " + mib(disk.floorBytes())
                        + " (storage.min-free-mb)");
            }
            u = new Upload(Secrets.random(), owner(by), length, 0, metadata, now, now.plus(config.expireAfter()), null);
            try {
                Files.createDirectories(staging);
                Files.createFile(partOf(u.id()));
                save(u);
            } catch (IOException e) {
                throw IoErrors.failure("cannot begin the upload in " + staging, e);
            }
            uploads.put(u.id(), u);
        }
        LOG.info("upload {} begun: {} ({} bytes)", u.id(), name, length);
        return u;
    }

    /** {@code by}'s upload {@code id}; another user's, an expired one or an unknown id is not found. */
    public Upload get(Actor by, String id) {
        Upload u = id == null || !ID.matcher(id).matches() ? null : uploads.get(id);
        if (u == null || !u.owner().equals(owner(by))) throw notFound();
        if (expired(u, clock.instant())) {
            ReentrantLock lock = lockOf(id);
            if (lock.tryLock()) {
                try {
                    forget(u);
                } finally {
                    lock.unlock();
                }
            }
            throw notFound();
        }
        return u;
    }

    /**
     * Appends {@code body} at {@code offset}, which must be the upload's offset (a conflict
     * otherwise: the client asks the offset and continues from there). The bytes are on disk
     * (flushed) before the new offset counts; when the connection is cut, what arrived counts.
     * With a {@code checksum} the whole request counts or nothing does: a mismatch (or a cut) leaves
     * the offset as it was ({@link ChecksumMismatchException}). A body longer than what is missing
     * is refused whole. The last bytes finish the upload (see the class); one request at a time may
     * send an upload's bytes.
     *
     * @param declared the body's announced length, or -1 when unknown (chunked)
     */
    public Upload append(Actor by, String id, long offset, InputStream body, long declared, UploadChecksum checksum) {
        get(by, id);
        ReentrantLock lock = lockOf(id);
        if (!lock.tryLock()) {
            throw DamException.conflict("another request is sending this upload's bytes right now; when it ends, ask the offset and continue");
        }
        try {
            Upload u = get(by, id);
            if (u.finished()) {
                if (offset == u.length() && declared == 0) return u; // an empty request at the end changes nothing
                throw DamException.conflict("the upload is complete: nothing more can be added");
            }
            if (offset != u.offset()) {
                throw DamException.conflict("the upload is at offset " + u.offset() + ", not " + offset
                        + "; ask the offset and continue from there");
            }
            long missing = u.length() - u.offset();
            if (declared > missing) {
                throw DamException.tooLarge("this request sends " + declared + " bytes but the upload needs only " + missing + " more");
            }
            Received r = receive(partOf(id), u.offset(), missing, body, checksum, disk);
            u = u.withOffset(u.offset() + r.kept(), clock.instant().plus(config.expireAfter()));
            if (r.kept() > 0) {
                save(u);
                uploads.put(id, u);
            }
            if (r.overLong()) {
                throw DamException.tooLarge("this request sends more than the " + missing + " bytes the upload needs; nothing of it was kept");
            }
            if (r.mismatch()) throw new ChecksumMismatchException(checksum.algorithm());
            if (r.full()) {
                throw disk.full("the upload stopped at offset " + u.offset() + (checksum != null
                        ? " (a request with a checksum counts whole or not at all)" : "") + "; free some space and continue from there", null);
            }
            if (r.cut() != null) {
                throw DamException.badRequest("the request ended early; the upload is at offset " + u.offset() + (checksum != null
                        ? " (a request with a checksum counts whole or not at all)" : "") + "; continue from there");
            }
            return u.offset() == u.length() ? finishLocked(by, u) : u;
        } catch (IOException e) {
            throw IoErrors.failure("cannot store the upload's bytes", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels {@code by}'s upload: its staged bytes are deleted (a finished one's file stays where it
     * went). Audited ({@code upload.cancel}) like the finished uploads, so the log accounts for every upload.
     */
    public void terminate(Actor by, String id) {
        Upload u = get(by, id);
        ReentrantLock lock = lockOf(id);
        if (!lock.tryLock()) throw DamException.conflict("the upload is receiving bytes right now; cancel it when that request ends");
        try {
            forget(u);
        } finally {
            lock.unlock();
        }
        LOG.info("upload {} cancelled", id);
        audit.record(by.principal(), AuditAction.UPLOAD_CANCEL, "upload " + u.metadata().get(FILENAME),
                u.finished() ? "finished: its result forgotten" : u.offset() + " of " + u.length() + " bytes received, deleted", by.address());
    }

    /** What {@code by}'s finished upload became; an unfinished one is a conflict. */
    public UploadResult result(Actor by, String id) {
        Upload u = get(by, id);
        if (!u.finished()) {
            throw DamException.conflict("the upload has " + u.offset() + " of " + u.length() + " bytes; it is not finished");
        }
        return u.result();
    }

    /**
     * Deletes what expired: unfinished uploads not continued in time (their bytes) and the results
     * of finished ones. Uploads receiving bytes right now are left for the next sweep.
     *
     * @return how many were deleted
     */
    public int sweep() {
        Instant now = clock.instant();
        int n = 0;
        for (Upload u : List.copyOf(uploads.values())) {
            if (!expired(u, now)) continue;
            ReentrantLock lock = lockOf(u.id());
            if (!lock.tryLock()) continue;
            try {
                forget(u);
                n++;
            } finally {
                lock.unlock();
            }
        }
        if (n > 0) LOG.info("uploads: {} expired upload(s) deleted from {}", n, staging);
        return n;
    }

    /** The bytes of an upload on disk, for tests and tools: {@code <home>/uploads/<id>.part}. */
    public Path partOf(String id) {
        return staging.resolve(id + ".part");
    }

    private Path infoOf(String id) {
        return staging.resolve(id + ".json");
    }

    // ------------------------------------------------------------------ receiving

    /** How a request's body went: bytes kept, and why it stopped early (if it did). */
    private record Received(long kept, boolean overLong, boolean mismatch, IOException cut, boolean full) {}

    private static Received receive(Path part, long start, long missing, InputStream body, UploadChecksum checksum, DiskSpace disk)
            throws IOException {
        UploadChecksum.Digest digest = checksum == null ? null : checksum.algorithm().start();
        long got = 0;
        boolean overLong = false;
        boolean full = false;
        long allowed = 0; // bytes that may be written before the disk is asked again
        IOException cut = null;
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.position(start);
            byte[] buf = new byte[BUFFER];
            try {
                while (true) {
                    int n;
                    try {
                        // one byte more than is missing tells an over-long body
                        n = body.read(buf, 0, (int) Math.min(buf.length, missing - got + 1));
                    } catch (IOException e) {
                        cut = e; // the client is gone (or stalled past the timeout): keep what arrived
                        break;
                    }
                    if (n < 0) break;
                    if (got + n > missing) {
                        overLong = true;
                        break;
                    }
                    // asked afresh every SPACE_CHECK bytes, not from the cache: a fast client fills a disk within a second
                    if (n > allowed) {
                        long room = disk.usableNow() - disk.floorBytes();
                        if (room < n) {
                            full = true; // what was written so far stays: the client continues once space returns
                            break;
                        }
                        allowed = Math.max(n, Math.min(room, SPACE_CHECK));
                    }
                    allowed -= n;
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) ch.write(bb);
                    if (digest != null) digest.update(buf, 0, n);
                    got += n;
                }
            } catch (IOException e) {
                ch.truncate(start); // the disk failed us: nothing of this request counts
                throw e;
            }
            boolean mismatch = checksum != null && cut == null && !overLong && !full && !checksum.matches(digest.finish());
            boolean keep = !overLong && !mismatch && (checksum == null || cut == null && !full);
            if (!keep) {
                ch.truncate(start);
                got = 0;
            }
            ch.force(true);
            return new Received(got, overLong, mismatch, cut, full);
        }
    }

    // ------------------------------------------------------------------ finishing

    /** Finishes a complete upload (its lock held): never throws, the result says what happened. */
    private Upload finishLocked(Actor by, Upload u) {
        UploadResult r;
        try {
            r = finish(by, u);
        } catch (DamException e) {
            r = UploadResult.failed(e.getMessage());
        } catch (IOException e) {
            r = UploadResult.failed(IoErrors.describe(e));
        } catch (RuntimeException e) {
            LOG.error("upload {}: finishing failed", u.id(), e);
            r = UploadResult.failed("the upload could not be finished; the server log has the details");
        }
        if (r.state() == UploadResult.State.FAILED) {
            LOG.warn("upload {} failed: {}", u.id(), r.error());
            try {
                Files.deleteIfExists(partOf(u.id()));
            } catch (IOException e) {
                LOG.warn("upload {}: cannot delete its staged bytes: {}", u.id(), IoErrors.describe(e));
            }
        }
        Upload done = u.withResult(r, clock.instant().plus(config.expireAfter()));
        try {
            save(done);
        } catch (IOException e) {
            LOG.warn("upload {}: cannot record its result: {}", u.id(), IoErrors.describe(e));
        }
        uploads.put(done.id(), done);
        String detail = r.state().id() + (r.duplicateOf() != null ? ", duplicate of asset " + r.duplicateOf() : "")
                + (r.error() != null ? ": " + r.error() : "");
        audit.record(by.principal(), AuditAction.UPLOAD, "upload " + (r.path() != null ? r.path() : u.metadata().get(FILENAME)),
                u.length() + " bytes, " + detail, by.address());
        return done;
    }

    private UploadResult finish(Actor by, Upload u) throws IOException {
        Path part = partOf(u.id());
        String sum = u.metadata().get(CHECKSUM);
        if (sum != null) {
            UploadChecksum expected = UploadChecksum.parse(sum);
            if (!expected.matches(digest(part, expected.algorithm()))) {
                return UploadResult.failed("the file's " + expected.algorithm().tag()
                        + " checksum is not the one sent with it: the upload was discarded; send it again");
            }
        }
        String name = UploadNames.fileName(u.metadata().get(FILENAME));
        Optional<Long> same = Optional.empty();
        if (u.length() > 0) {
            String quick = QuickHash.of(part);
            same = catalog.read(s -> s.assets().findByContent(u.length(), quick));
        }
        if (same.isPresent() && config.duplicates() == DamConfig.DuplicatePolicy.DISCARD) {
            Files.delete(part); // only our staged copy: the library's file is untouched
            return new UploadResult(UploadResult.State.DUPLICATE, null, same.get(), null, name, null);
        }
        Path folder = targetFolder(by, u);
        Path target = place(part, folder, name);
        Path real = target.toRealPath();
        Optional<String> batch = Optional.ofNullable(u.metadata().get(BATCH)).filter(b -> !b.isBlank()).map(BatchService::validBatchName);
        ScanReport report = scanner.get().alreadySettled().scan(List.of(real), scanOptions.apply(batch));
        String text = FileNames.text(real);
        Optional<Long> asset = catalog.read(s -> s.assets().locationByPath(text)).map(Location::assetId);
        String problem = report.problems().stream().map(ScanReport.Problem::error).findFirst().orElse(null);
        String placed = real.getFileName().toString();
        if (asset.isEmpty()) {
            return new UploadResult(UploadResult.State.RECEIVED, null, null, text, placed,
                    problem != null ? problem : "kept, but not catalogued: not a media file the library knows");
        }
        if (same.isPresent()) {
            return new UploadResult(UploadResult.State.DUPLICATE, asset.get(), same.get(), text, placed, null);
        }
        return new UploadResult(UploadResult.State.CATALOGUED, asset.get(), null, text, placed, problem);
    }

    /** Moves the staged bytes to {@code folder/name}, or {@code name (2)}… when it is taken: never over a file. */
    private static Path place(Path part, Path folder, String name) throws IOException {
        for (int n = 1; n <= 1000; n++) {
            Path target = folder.resolve(UploadNames.numbered(name, n));
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
            try {
                AtomicFiles.moveNew(part, target);
                return target;
            } catch (FileAlreadyExistsException e) {
                // taken meanwhile: the next number
            }
        }
        throw DamException.conflict("the names " + name + " to " + UploadNames.numbered(name, 1000) + " are all taken in " + folder);
    }

    /**
     * The folder a finished upload goes to: its {@code folder} (inside a library root) or the upload
     * root's folder of the day (the root made a library root on first use), plus the sub-folders of
     * its {@code relativePath}.
     */
    private Path targetFolder(Actor by, Upload u) throws IOException {
        String chosen = u.metadata().get(FOLDER);
        Path folder;
        if (chosen != null && !chosen.isBlank()) {
            folder = libraryFolder(chosen);
        } else {
            Path root = config.root().orElse(defaultRoot).toAbsolutePath().normalize();
            Files.createDirectories(root);
            if (rootCovering(root).isEmpty()) roots.add(root, by);
            folder = root.resolve(LocalDate.now(clock).toString());
        }
        for (String sub : UploadNames.folders(u.metadata().get(RELATIVE_PATH))) folder = folder.resolve(sub);
        // checked before the folders are made (a link inside a root must not lead them elsewhere) and after
        if (rootCovering(folder).isEmpty()) throw outsideRoots(folder);
        Files.createDirectories(folder);
        if (rootCovering(folder).isEmpty()) throw outsideRoots(folder);
        return folder;
    }

    private static DamException outsideRoots(Path folder) {
        return new PathGuard.InvalidPathException("the folder " + FileNames.text(folder) + " is not inside a library root");
    }

    /** {@code raw} as an absolute folder that is a library root or inside one, else a precise error. */
    private Path libraryFolder(String raw) {
        Path p = PathGuard.parseUserPath(raw.strip());
        if (!p.isAbsolute()) throw new PathGuard.InvalidPathException("the upload folder must be an absolute path, not " + abbreviate(raw));
        Path folder = p.normalize();
        if (rootCovering(folder).isEmpty()) {
            throw new PathGuard.InvalidPathException("the upload folder " + abbreviate(raw)
                    + " is not a library root nor inside one; add it as a root first");
        }
        return folder;
    }

    private Optional<Path> rootCovering(Path folder) {
        for (var r : roots.roots()) {
            Path root = FileNames.path(r.path());
            try {
                if (Files.isDirectory(root) && PathGuard.wouldBeInside(root, folder)) return Optional.of(root);
            } catch (IOException e) {
                // an unreadable root covers nothing
            }
        }
        return Optional.empty();
    }

    private static byte[] digest(Path file, UploadChecksum.Algorithm algorithm) throws IOException {
        UploadChecksum.Digest d = algorithm.start();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            for (int n; (n = in.read(buf)) >= 0; ) d.update(buf, 0, n);
        }
        return d.finish();
    }

    // ------------------------------------------------------------------ staging

    private void save(Upload u) throws IOException {
        AtomicFiles.write(infoOf(u.id()), Json.mapper().writeValueAsBytes(u));
    }

    /** Deletes an upload's staged files and forgets it (its lock held, or it is unreachable). */
    private void forget(Upload u) {
        try {
            Files.deleteIfExists(partOf(u.id()));
            Files.deleteIfExists(infoOf(u.id()));
        } catch (IOException e) {
            LOG.warn("upload {}: cannot delete its staged files: {}", u.id(), IoErrors.describe(e));
        }
        uploads.remove(u.id());
        locks.remove(u.id());
    }

    private static boolean expired(Upload u, Instant now) {
        return !u.expires().isAfter(now);
    }

    /**
     * Reads the staging folder: each upload's offset is what its bytes file durably holds (a crash
     * may have lost bytes after the last recorded offset, or kept some beyond it, which are cut).
     * Files that belong to no upload (a killed write's leftovers) are deleted.
     */
    private void load() {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(staging);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) {
                ds.forEach(files::add);
            }
        } catch (IOException e) {
            throw IoErrors.failure("cannot read the upload staging folder " + staging, e);
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (!name.endsWith(".json") || name.startsWith(".")) continue;
            try {
                Upload u = Json.mapper().readValue(f.toFile(), Upload.class);
                Path part = partOf(u.id());
                if (!u.finished()) {
                    if (!Files.isRegularFile(part)) {
                        Files.delete(f);
                        continue;
                    }
                    long size = Files.size(part);
                    if (size != u.offset()) {
                        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                            if (size > u.offset()) ch.truncate(u.offset());
                            ch.force(true);
                        }
                        u = u.withOffset(Math.min(size, u.offset()), u.expires());
                        save(u);
                    }
                }
                uploads.put(u.id(), u);
            } catch (IOException | RuntimeException e) {
                LOG.warn("upload staging: ignoring {}: {}", f, e.getMessage());
            }
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            String id = name.endsWith(".part") ? name.substring(0, name.length() - ".part".length()) : null;
            boolean leftover = name.startsWith(".") && name.contains(".tmp-");
            if (leftover || id != null && !uploads.containsKey(id)) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    LOG.warn("upload staging: cannot delete {}: {}", f, IoErrors.describe(e));
                }
            }
        }
    }

    private ReentrantLock lockOf(String id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    private static String owner(Actor by) {
        String user = by.principal().user();
        return user == null ? "" : user.toLowerCase(Locale.ROOT);
    }

    private static DamException notFound() {
        return DamException.notFound("no such upload (unknown, expired, cancelled, or begun by someone else)");
    }

    static String mib(long bytes) {
        return bytes % MIB == 0 ? bytes / MIB + " MiB" : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
