package org.thatdam.core.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
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
 * The originals of one library root into a backup folder, as an offload copies a card: each file
 * with the verified copier (hashed while read, read back and compared), and an ASC MHL generation
 * (transfer) for what was copied. A file the history already records with the source's size and
 * time, and that is still there with that size, is not read again. A file recorded there whose
 * source has changed since is replaced (the copy is ours, never a user's file).
 */
final class OriginalsBackup implements BackupService.OriginalsCopier {

    private final Clock clock;

    OriginalsBackup(Clock clock) {
        this.clock = clock;
    }

    @Override
    public BackupReport.OriginalsCopy copy(Path root, Path to, BooleanSupplier cancelled) throws IOException {
        MhlHistory history = MhlHistory.open(to);
        Map<String, MhlFile> known = history.latest();
        VerifiedCopier copier = new VerifiedCopier(Set.of(HashFormat.XXH64));
        List<MhlFile> recorded = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int copied = 0;
        int skipped = 0;
        long bytes = 0;
        for (Path file : files(root)) {
            if (cancelled.getAsBoolean()) throw new DamException(ErrorCode.CONFLICT, "the backup was cancelled");
            String rel = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
            Path dest = to.resolve(rel);
            BasicFileAttributes src = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            MhlFile before = known.get(rel);
            if (before != null && before.size() == src.size()
                    && sameSecond(before.lastModified(), src.lastModifiedTime().toInstant())
                    && Files.isRegularFile(dest, LinkOption.NOFOLLOW_LINKS) && Files.size(dest) == src.size()) {
                skipped++;
                continue;
            }
            if (before != null) Files.deleteIfExists(dest); // the original changed: our older copy goes
            CopyResult r;
            try {
                r = copier.copy(file, List.of(dest), n -> { }, cancelled);
            } catch (java.util.concurrent.CancellationException e) {
                throw new DamException(ErrorCode.CONFLICT, "the backup was cancelled");
            }
            CopyResult.Destination d = r.destinations().getFirst();
            if (d.outcome() == CopyOutcome.FAILED) {
                failures.add(rel + ": " + d.error());
                continue;
            }
            if (d.outcome() == CopyOutcome.COPIED) {
                copied++;
                bytes += r.size();
            } else {
                skipped++;
            }
            recorded.add(new MhlFile(rel, r.size(), r.lastModified(), List.of(new MhlHash(HashFormat.XXH64, r.xxh64(),
                    HashAction.ORIGINAL, clock.instant()))));
        }
        if (!recorded.isEmpty()) {
            history.addGeneration(recorded, MhlProcess.TRANSFER, MhlCreator.ours(Optional.empty()), Instant.now(clock));
        }
        if (!failures.isEmpty()) {
            throw new DamException(ErrorCode.CONFLICT, failures.size() + " original(s) of " + root + " could not be backed up: "
                    + String.join("; ", failures.subList(0, Math.min(5, failures.size()))));
        }
        return new BackupReport.OriginalsCopy(root.toString(), to.toString(), copied, skipped, bytes);
    }

    /** ASC MHL records modification times to the second. */
    static boolean sameSecond(Instant a, Instant b) {
        return a.getEpochSecond() == b.getEpochSecond();
    }

    /** The regular files under {@code root}, sorted, without OS clutter and without following links. */
    private static List<Path> files(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String rel = root.relativize(dir).toString().replace(java.io.File.separatorChar, '/');
                return !rel.isEmpty() && MhlHistory.ignored(rel) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                if (attrs.isRegularFile() && !MhlHistory.ignored(rel)) out.add(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // gone or unreadable now: the next backup takes it
            }
        });
        out.sort(null);
        return out;
    }
}
