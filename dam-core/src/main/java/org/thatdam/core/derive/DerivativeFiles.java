package org.thatdam.core.derive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import org.thatdam.model.DamException;
import org.thatdam.storage.IoErrors;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.thatdam.model.Derivative;
import org.thatdam.storage.DataLayout;
import org.thatdam.storage.objects.LocalObjectStore;
import org.thatdam.storage.objects.ObjectInfo;
import org.thatdam.storage.objects.ObjectStore;

/**
 * Where an asset's derivatives live, and their removal when the asset is forgotten. Makers write into
 * a local working folder ({@link #dir}); a finished file is published to the library's object store
 * under {@code derivatives/<path relative to the derivatives folder>}, the path the catalog row keeps.
 * With the default store (the home on the local disk) the working folder IS the store: nothing is
 * copied. With another store the working folder is this node's cache of it: files made here stay,
 * files made elsewhere are fetched on first local use, and both are checked against the object's
 * size and time before use ({@link #local}); the cache is kept under a bound ({@link DerivativeCache}).
 */
public final class DerivativeFiles {

    /** Derivative rows whose file is the original itself (already browser-playable). */
    public static final String ORIGINAL = "@original";
    /** Where derivatives are in the object store. */
    public static final String PREFIX = "derivatives/";

    private final DataLayout layout;
    private final ObjectStore store;
    /** Whether the store is somewhere else than the working folder (objects are then copied there). */
    private final boolean shared;
    private final DerivativeCache cache;

    /** Derivatives on the local disk under the home, the store being the home itself. */
    public DerivativeFiles(DataLayout layout) {
        this(layout, new LocalObjectStore(layout.home()));
    }

    public DerivativeFiles(DataLayout layout, ObjectStore store) {
        this.layout = layout;
        this.store = store;
        this.shared = !(store instanceof LocalObjectStore local && local.base().equals(layout.home()));
        this.cache = new DerivativeCache(layout.derivativesDir());
    }

    public Path dir(long assetId) {
        return layout.derivativeDir(assetId);
    }

    /** The store that holds the published derivatives. */
    public ObjectStore store() {
        return store;
    }

    /** Whether derivatives are published to a store other than this node's working folder. */
    public boolean shared() {
        return shared;
    }

    /** The object key of a derivative path as stored in the catalog. */
    public String key(String relative) {
        resolve(relative); // the same containment rule as on disk
        return PREFIX + relative.replace(java.io.File.separatorChar, '/');
    }

    /** The absolute file of a derivative path as stored (relative to the derivatives root), in the working folder. */
    public Path resolve(String relative) {
        Path p = layout.derivativesDir().resolve(relative).normalize();
        if (!p.startsWith(layout.derivativesDir()) || p.equals(layout.derivativesDir())) {
            throw DamException.invalid("derivative path escapes the derivatives folder: " + relative);
        }
        return p;
    }

    /**
     * The catalog row for a file just made from {@code src}, sized from disk; the file is published to
     * the store first, so a row never points at an object that is not there yet.
     */
    public Derivative describe(SourceFile src, String kind, Path file, String mime, Integer width, Integer height,
                               String detail, Instant at) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw IoErrors.failure("the derivative " + file + " just made cannot be read", e);
        }
        publish(file);
        return new Derivative(src.asset().id(), kind, src.version().id(), relative(file), mime, size, width, height,
                detail, at);
    }

    public String relative(Path file) {
        return layout.derivativesDir().relativize(file.toAbsolutePath().normalize()).toString();
    }

    /** Copies a finished file of the working folder into the store (nothing to do when the store is the working folder). */
    public void publish(Path file) {
        if (!shared) return;
        String key = key(relative(file));
        store.put(key, file);
        // the working copy now carries the object's stamp: it is a valid cache entry of it
        store.stat(key).ifPresent(o -> stamp(file, o));
        cache.added(file);
    }

    /** Publishes every file under a folder of the working folder (sprite sheets, keyframes). */
    public void publishFolder(Path dir) {
        if (!shared) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) publish(p);
        } catch (IOException e) {
            throw IoErrors.failure("cannot publish the derivatives in " + dir, e);
        }
    }

    /**
     * A local file with the derivative's bytes, for work that needs a file (ffmpeg inputs, pictures
     * to read): the working file when the store is the working folder, the object's own file in a
     * shared folder, else this node's cached copy, fetched (atomically) when missing or stale.
     */
    public Path local(String relative) {
        Path working = resolve(relative);
        if (!shared) return working;
        String key = key(relative);
        if (store instanceof LocalObjectStore folder) return folder.file(key);
        ObjectInfo o = store.stat(key).orElseThrow(() -> DamException.notFound(
                "the derivative " + relative + " is not in the store (" + store.describe() + ")"));
        if (current(working, o)) {
            DerivativeCache.used(working);
        } else {
            store.fetch(key, working);
            stamp(working, o);
            cache.added(working);
        }
        return working;
    }

    /** The derivative's bytes, streamed from the store (for reading small files without a local copy). */
    public InputStream open(String relative) {
        if (!shared) {
            try {
                return Files.newInputStream(resolve(relative), LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.NoSuchFileException e) {
                throw DamException.notFound("the derivative " + relative + " is gone from disk");
            } catch (IOException e) {
                throw IoErrors.failure("cannot read the derivative " + relative, e);
            }
        }
        return store.open(key(relative), 0, -1);
    }

    /** The stored object of a derivative, if it is there. */
    public Optional<ObjectInfo> stat(String relative) {
        return store.stat(key(relative));
    }

    /** Deletes one derivative file, in the working folder and in the store. */
    public void delete(String relative) {
        try {
            Files.deleteIfExists(resolve(relative));
        } catch (IOException e) {
            throw IoErrors.failure("cannot remove the derivative file " + relative, e);
        }
        if (shared) store.delete(key(relative));
    }

    /** Deletes the objects under a folder of the working folder from the store (the folder itself is the caller's). */
    public void unpublishFolder(Path dir) {
        if (!shared) return;
        store.deletePrefix(key(relative(dir)) + "/");
    }

    /** Deletes the objects under a folder of the working folder except those in its subfolder {@code keep}. */
    public void unpublishOthers(Path dir, String keep) {
        if (!shared) return;
        String prefix = key(relative(dir)) + "/";
        String kept = prefix + keep + "/";
        String after = null;
        do {
            var page = store.list(prefix, after, 1000);
            for (ObjectInfo o : page.items()) {
                if (!o.key().startsWith(kept)) store.delete(o.key());
            }
            after = page.next();
        } while (after != null);
    }

    /** Deletes the asset's derivative folder (only ever inside the derivatives root), and its objects in the store. */
    public void deleteAll(long assetId) {
        Path dir = dir(assetId);
        if (!dir.startsWith(layout.derivativesDir())) return;
        try {
            deleteTree(dir);
        } catch (IOException e) {
            throw IoErrors.failure("cannot remove derivatives of asset " + assetId, e);
        }
        unpublishFolder(dir);
    }

    /** Whether a local copy has the object's size and time (set by {@link #stamp} when it was published or fetched). */
    private static boolean current(Path file, ObjectInfo o) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() && a.size() == o.size() && a.lastModifiedTime().toInstant().equals(o.modified());
        } catch (IOException e) {
            return false;
        }
    }

    private static void stamp(Path file, ObjectInfo o) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(o.modified()));
        } catch (IOException e) {
            // an unstamped copy is fetched again on its next use: slower, never wrong
        }
    }

    /** Deletes a folder of ours and everything in it (symlinks are removed, never followed). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
