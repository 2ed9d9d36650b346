package org.thatdam.storage.objects;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.IoErrors;

/**
 * Objects as files under a folder: key {@code a/b.jpg} is the file {@code base/a/b.jpg}. Every write
 * is atomic ({@link AtomicFiles}); the temporary files of writes under way are never listed.
 */
public final class LocalObjectStore implements ObjectStore {

    private final Path base;

    public LocalObjectStore(Path base) {
        this.base = base.toAbsolutePath().normalize();
    }

    public Path base() {
        return base;
    }

    /** The file that holds (or would hold) the object {@code key}. */
    public Path file(String key) {
        return base.resolve(ObjectKeys.check(key));
    }

    @Override
    public void put(String key, Path file) {
        Path target = file(key);
        try {
            AtomicFiles.write(target, out -> Files.copy(file, out));
        } catch (IOException e) {
            throw failure("cannot store " + key, e);
        }
    }

    @Override
    public void put(String key, InputStream in, long length) {
        if (length < 0) throw DamException.invalid("cannot store " + key + ": the length is negative");
        Path target = file(key);
        try {
            AtomicFiles.write(target, out -> {
                long copied = new BoundedInput(in, length).transferTo(out);
                if (copied < length) throw new IOException("the stream ended after " + copied + " of " + length + " bytes");
            });
        } catch (IOException e) {
            throw failure("cannot store " + key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Path f = file(key);
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? Optional.of(info(key, a)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("cannot read " + key, e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        Ranges.check(key, offset, length);
        Path f = file(key);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(f, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            long size = ch.size();
            if (offset > size) throw Ranges.notSatisfiable(key, offset, size);
            ch.position(offset);
            long available = size - offset;
            InputStream in = Channels.newInputStream(ch);
            return new BoundedInput(in, length < 0 ? available : Math.min(length, available));
        } catch (NoSuchFileException e) {
            close(ch);
            throw missing(key);
        } catch (IOException e) {
            close(ch);
            throw Files.isDirectory(f) ? missing(key) : failure("cannot read " + key, e);
        } catch (RuntimeException e) {
            close(ch);
            throw e;
        }
    }

    @Override
    public void fetch(String key, Path target) {
        try (InputStream in = open(key, 0, -1)) {
            AtomicFiles.write(target, in::transferTo);
        } catch (IOException e) {
            throw failure("cannot copy " + key + " to " + target, e);
        }
    }

    @Override
    public boolean delete(String key) {
        Path f = file(key);
        try {
            if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) return false;
            return Files.deleteIfExists(f);
        } catch (IOException e) {
            throw failure("cannot delete " + key, e);
        }
    }

    @Override
    public int deletePrefix(String prefix) {
        int n = 0;
        String after = null;
        do {
            ObjectPage page = list(prefix, after, 1000);
            for (ObjectInfo o : page.items()) {
                if (delete(o.key())) n++;
            }
            after = page.next();
        } while (after != null);
        return n;
    }

    @Override
    public ObjectPage list(String prefix, String after, int limit) {
        String p = ObjectKeys.checkPrefix(prefix);
        if (after != null) ObjectKeys.check(after);
        if (limit < 1) throw DamException.invalid("a listing's limit is at least 1");
        // The deepest folder that can hold keys with this prefix: "a/b/c" lies in a/b/.
        String dirKey = p.substring(0, p.lastIndexOf('/') + 1);
        Path dir = dirKey.isEmpty() ? base : base.resolve(dirKey);
        List<ObjectInfo> found = new ArrayList<>();
        try {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) walk(dir, dirKey, p, after, limit + 1, found);
        } catch (IOException e) {
            throw failure("cannot list " + p, e);
        }
        if (found.size() <= limit) return new ObjectPage(found, null);
        List<ObjectInfo> page = found.subList(0, limit);
        return new ObjectPage(page, page.getLast().key());
    }

    /** A file or folder in a folder; a folder's key ends with '/', so sorting by key sorts every key below it too. */
    private record Entry(String key, Path path, BasicFileAttributes attributes) {}

    /**
     * Adds to {@code found}, in key order, the objects under {@code dir} (whose keys start with {@code dirKey})
     * that start with {@code prefix} and sort after {@code after}, until it holds {@code want}. Folders whose
     * keys all sort before {@code after} are not entered, so a page costs its folders, not the whole tree.
     */
    private void walk(Path dir, String dirKey, String prefix, String after, int want, List<ObjectInfo> found) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(dir)) {
            for (Path f : stream) {
                String name = f.getFileName().toString();
                if (!FileNames.faithful(f) || name.startsWith(".") && name.contains(".tmp-")) continue; // not a key; a write under way
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (a.isDirectory()) entries.add(new Entry(dirKey + name + "/", f, a));
                else if (a.isRegularFile()) entries.add(new Entry(dirKey + name, f, a));
            }
        } catch (NoSuchFileException gone) {
            return;
        }
        entries.sort((x, y) -> ObjectKeys.ORDER.compare(x.key(), y.key()));
        for (Entry e : entries) {
            if (found.size() >= want) return;
            String k = e.key();
            if (e.attributes().isDirectory()) {
                boolean mayHold = k.startsWith(prefix) || prefix.startsWith(k);
                boolean allBefore = after != null && ObjectKeys.ORDER.compare(after, k) > 0 && !after.startsWith(k);
                if (mayHold && !allBefore && ObjectKeys.isValid(k.substring(0, k.length() - 1))) {
                    walk(e.path(), k, prefix, after, want, found);
                }
            } else if (k.startsWith(prefix) && (after == null || ObjectKeys.ORDER.compare(k, after) > 0) && ObjectKeys.isValid(k)) {
                found.add(info(k, e.attributes()));
            }
        }
    }

    @Override
    public Optional<URI> presign(String key, Duration ttl) {
        ObjectKeys.check(key);
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "local disk " + base;
    }

    private static ObjectInfo info(String key, BasicFileAttributes a) {
        // Size and modification time to the nanosecond: what a rewrite changes, read without hashing.
        long nanos = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        return new ObjectInfo(key, a.size(), Long.toHexString(nanos) + "-" + Long.toHexString(a.size()), a.lastModifiedTime().toInstant());
    }

    private DamException missing(String key) {
        return new DamException(ErrorCode.NOT_FOUND, "no object " + ObjectKeys.quote(key) + " in " + describe());
    }

    private DamException failure(String what, IOException e) {
        return IoErrors.failure(what + " (" + describe() + ")", e);
    }

    private static void close(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }
}
