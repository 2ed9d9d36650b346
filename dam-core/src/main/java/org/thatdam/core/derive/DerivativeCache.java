package org.thatdam.core.derive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps the working folder of a node whose derivatives live in a shared store under a size bound:
 * every copy there is also in the store, so the least recently used can go and be fetched again when
 * needed. A copy's last use is its access time (set on each use; its modification time is the
 * object's, see {@link DerivativeFiles}). Files used within {@link #MIN_AGE} are never removed (a maker
 * may still be writing next to them, or be about to publish them). Checked after every
 * {@link #CHECK_EVERY} bytes added, not on each file.
 */
final class DerivativeCache {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DerivativeCache.class);

    static final long MAX_BYTES = 4L << 30;
    static final long CHECK_EVERY = 64L << 20;
    static final Duration MIN_AGE = Duration.ofHours(1);

    private final Path root;
    private final long maxBytes;
    private long addedSinceCheck = CHECK_EVERY; // the first addition checks: a cache left by an earlier run

    DerivativeCache(Path root) {
        this(root, MAX_BYTES);
    }

    DerivativeCache(Path root, long maxBytes) {
        this.root = root;
        this.maxBytes = maxBytes;
    }

    /** Notes the use of a copy: it is the last to go. */
    static void used(Path file) {
        try {
            Files.getFileAttributeView(file, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(null, java.nio.file.attribute.FileTime.from(Instant.now()), null);
        } catch (IOException e) {
            // an older access time only makes the copy go sooner
        }
    }

    /** Notes a file added to the cache; now and then removes the least recently used copies past the bound. */
    void added(Path file) {
        used(file);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return;
        }
        synchronized (this) {
            addedSinceCheck += size;
            if (addedSinceCheck < CHECK_EVERY) return;
            addedSinceCheck = 0;
        }
        try {
            trim(Instant.now());
        } catch (IOException | RuntimeException e) {
            LOG.warn("the derivatives cache {} could not be trimmed: {}", root, e.toString());
        }
    }

    /** Removes the least recently used copies older than {@link #MIN_AGE} until the folder is within the bound. */
    synchronized int trim(Instant now) throws IOException {
        record Entry(Path file, long size, Instant used) {}
        List<Entry> entries = new ArrayList<>();
        long total = 0;
        if (!Files.isDirectory(root)) return 0;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue;
                }
                if (!a.isRegularFile()) continue;
                total += a.size();
                entries.add(new Entry(p, a.size(), a.lastAccessTime().toInstant()));
            }
        }
        if (total <= maxBytes) return 0;
        entries.sort(Comparator.comparing(Entry::used));
        Instant youngest = now.minus(MIN_AGE);
        int removed = 0;
        for (Entry e : entries) {
            if (total <= maxBytes || e.used().isAfter(youngest)) break;
            if (Files.deleteIfExists(e.file())) {
                total -= e.size();
                removed++;
            }
        }
        if (removed > 0) LOG.info("derivatives cache {}: {} old copies removed, {} bytes kept", root, removed, total);
        return removed;
    }
}
