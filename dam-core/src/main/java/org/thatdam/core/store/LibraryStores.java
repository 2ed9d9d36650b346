package org.thatdam.core.store;

import java.nio.file.Path;
import java.util.Map;
import org.thatdam.core.config.DamConfig;
import org.thatdam.model.DamException;
import org.thatdam.storage.objects.LocalObjectStore;
import org.thatdam.storage.objects.ObjectStore;
import org.thatdam.storage.objects.ObjectStores;
import org.thatdam.storage.objects.StorageUrl;

/**
 * Opens the store that holds the library's own files ({@code storage.url}): empty is the home itself
 * (derivatives stay in {@code <home>/derivatives}, as they always were), {@code file:/absolute/path} a
 * folder shared by several nodes (NFS), {@code s3://bucket/prefix} a bucket.
 */
public final class LibraryStores {

    private LibraryStores() {}

    /** The store {@code storage} names; S3 credentials come from {@code env} (never from the SDK's default chain). */
    public static ObjectStore open(DamConfig.Storage storage, Path home, Map<String, String> env) {
        String url = storage.url().strip();
        if (url.isEmpty()) return new LocalObjectStore(home);
        if (url.regionMatches(true, 0, "file:", 0, 5)) return new LocalObjectStore(folder(url));
        return ObjectStores.open(StorageUrl.parse(url), storage.s3Endpoint(), storage.s3Region(), home, env);
    }

    /**
     * A folder store must stay apart from the library roots: inside one (or holding one), the library would
     * catalogue its own posters, make posters of those, and so on without end.
     */
    public static void checkFolder(DamConfig.Storage storage, java.util.List<Path> roots) {
        String url = storage.url().strip();
        if (!url.regionMatches(true, 0, "file:", 0, 5)) return;
        Path folder = folder(url);
        if (folder.getParent() == null) throw invalid(url, "the whole file system cannot be the store");
        for (Path root : roots) {
            if (root.startsWith(folder) || folder.startsWith(root)) {
                throw invalid(url, "it overlaps the library root " + root + ", whose scans would catalogue the stored"
                        + " posters and proxies as media; choose a folder outside every root");
            }
        }
    }

    /** {@code file:/a/b} or {@code file:///a/b}: an absolute folder, nothing else. */
    static Path folder(String url) {
        String rest = url.substring(5);
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
            if (!rest.startsWith("/")) throw invalid(url, "a host is not allowed (file:/absolute/path)");
        }
        if (!rest.startsWith("/")) throw invalid(url, "the path must be absolute (file:/absolute/path)");
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0 || rest.indexOf('\0') >= 0) {
            throw invalid(url, "a query, fragment or NUL is not allowed");
        }
        Path p = Path.of(rest);
        if (!p.normalize().equals(p) || rest.contains("/../") || rest.endsWith("/..")) {
            throw invalid(url, "the path must not contain '..' segments");
        }
        return p;
    }

    private static DamException invalid(String url, String why) {
        return DamException.invalid("storage.url '" + url + "': " + why);
    }
}
