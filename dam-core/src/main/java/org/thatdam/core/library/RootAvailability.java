package org.thatdam.core.library;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * Whether a library root's folder can say which of its files are gone. A root whose folder is
 * absent, or present but empty while the catalog holds present files under it, is most likely an
 * unplugged drive or an empty mount point: nothing under it may be marked missing or forgotten.
 * Shared by scans and prune, so both judge a root the same way.
 */
public final class RootAvailability {

    private RootAvailability() {}

    /** Why nothing under {@code root} may be marked missing now, or empty when its folder can be trusted. */
    public static Optional<String> unavailable(Path root, boolean holdsPresentFiles) {
        if (!Files.isDirectory(root)) {
            return Optional.of("root folder " + root + " is not there (an unplugged drive?): nothing marked missing");
        }
        if (holdsPresentFiles && isEmpty(root)) {
            return Optional.of("root folder " + root + " is empty while the catalog holds present files under it"
                    + " (an unmounted drive?): nothing marked missing");
        }
        return Optional.empty();
    }

    /** Whether the root's folder itself is gone (the first test of {@link #unavailable}). */
    public static boolean absent(Path root) {
        return !Files.isDirectory(root);
    }

    /** The innermost of {@code roots} that holds {@code path} (or is it), or null. Lexical: no file system access. */
    public static Path rootOf(Path path, Collection<Path> roots) {
        Path best = null;
        for (Path r : roots) {
            if (path.startsWith(r) && (best == null || r.getNameCount() > best.getNameCount())) best = r;
        }
        return best;
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            return false; // unreadable is not empty: the scan reports it as a problem of its own
        }
    }

}
