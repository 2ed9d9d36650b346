package org.thatdam.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.thatdam.model.MediaInfo;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.library.NotFoundException;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.PathGuard;

/**
 * What a processing command works on: a catalogued asset (by id, or by the path of one of its files)
 * whose results become derivatives, or a file outside the catalog whose results go where the user
 * says (or under the library's exports/ folder), never next to the file itself.
 */
record ProcessTarget(AssetDetails asset, Path file) {

    static ProcessTarget resolve(Dam dam, String ref) {
        try {
            return new ProcessTarget(dam.assets().resolve(ref), null);
        } catch (NotFoundException e) {
            if (ref.strip().matches("\\d{1,18}")) throw e;
            Path p = PathGuard.parseUserPath(ref).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("not an asset id and not a regular file: " + p);
            }
            return new ProcessTarget(null, p);
        }
    }

    boolean isAsset() {
        return asset != null;
    }

    MediaInfo probe(Dam dam) {
        return dam.prober().probe(file);
    }

    /** A fresh working folder under exports/ for a run on a file outside the catalog. */
    static Path workDir(Dam dam, String prefix) throws IOException {
        Files.createDirectories(dam.layout().exportsDir());
        return Files.createTempDirectory(dam.layout().exportsDir(), prefix);
    }

    /** Fails before any work when the user named an output that exists (an original, say). */
    static void refuseExisting(String userPath) {
        if (userPath == null) return;
        Path target = PathGuard.parseUserPath(userPath).toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(target + " exists; refusing to overwrite it (name a new file)");
        }
    }

    /** Copies a result to a path the user named; an existing file there (an original, say) is never replaced. */
    static Path deliver(Path made, String userPath) throws IOException {
        Path target = PathGuard.parseUserPath(userPath).toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        AtomicFiles.copyNew(made, target);
        return target;
    }
}
