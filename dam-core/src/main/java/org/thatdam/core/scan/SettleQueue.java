package org.thatdam.core.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thatdam.storage.FileStamp;

/**
 * Files still being written, each with the time it may have settled: a file is ready once its size
 * and modification time have not changed for the settle time. Entries are looked at only when due,
 * all due ones together, so a storm of growing files costs one check per file per settle period,
 * not a poll per file. A folder in the queue is simply due after the settle time (it is walked
 * again then). Shared by the folder watcher and one-shot scans. Bounded: {@link #add} refuses
 * entries beyond the capacity.
 */
public final class SettleQueue {

    private record Entry(FileStamp stamp, long dueAt) {}

    private final Duration settle;
    private final Clock clock;
    private final int capacity;
    private final Map<Path, Entry> entries = new LinkedHashMap<>();

    public SettleQueue(Duration settle, Clock clock, int capacity) {
        this.settle = settle;
        this.clock = clock;
        this.capacity = capacity;
    }

    /** Queues a path (again); false when the queue is full and the path was not queued. */
    public synchronized boolean add(Path path) {
        Entry old = entries.get(path);
        if (old == null && entries.size() >= capacity) return false;
        long now = clock.millis();
        FileStamp stamp = stampOrNull(path);
        long due = stamp == null || stamp.mtimeMillis() < 0 ? now + settle.toMillis()
                : Math.min(stamp.mtimeMillis(), now) + settle.toMillis(); // a future mtime (clock skew) counts as now
        entries.put(path, new Entry(stamp, old == null ? due : Math.max(due, old.dueAt())));
        return true;
    }

    public synchronized void addAll(Collection<Path> paths) {
        paths.forEach(this::add);
    }

    /**
     * Removes and returns the due entries whose file did not change since it was queued (or that
     * are gone, or folders); a due file that changed meanwhile is queued again for another settle
     * time.
     */
    public synchronized List<Path> takeSettled() {
        long now = clock.millis();
        List<Path> ready = new ArrayList<>();
        List<Path> changed = new ArrayList<>();
        for (Iterator<Map.Entry<Path, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Entry> e = it.next();
            if (e.getValue().dueAt() > now) continue;
            FileStamp stamp = stampOrNull(e.getKey());
            if (stamp != null && e.getValue().stamp() != null && !stamp.equals(e.getValue().stamp())) {
                changed.add(e.getKey());
            } else {
                ready.add(e.getKey());
                it.remove();
            }
        }
        for (Path p : changed) {
            entries.put(p, new Entry(stampOrNull(p), now + settle.toMillis()));
        }
        return ready;
    }

    /** When the next entry is due (epoch millis), or {@link Long#MAX_VALUE} when empty. */
    public synchronized long nextDueMillis() {
        long min = Long.MAX_VALUE;
        for (Entry e : entries.values()) min = Math.min(min, e.dueAt());
        return min;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized List<Path> paths() {
        return List.copyOf(entries.keySet());
    }

    /** The file's stamp, or null for a folder or a path that cannot be read (it is due by time alone). */
    private static FileStamp stampOrNull(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? FileStamp.of(a) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
