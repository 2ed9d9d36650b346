package org.thatdam.core.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.library.AssetService;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.model.DamException;
import org.thatdam.model.MediaInfo;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.DataLayout;
import org.thatdam.storage.IoErrors;
import org.thatdam.storage.PathGuard;

/**
 * What a processing run works on: a catalogued asset (by id, or by the path of one of its files)
 * whose results become derivatives, or a file outside the catalog whose results go where the user
 * says (or under the library's exports/ folder), never next to the file itself.
 */
public record ProcessTarget(AssetDetails asset, Path file) {

    /** The asset {@code ref} names, else the regular file at that path; an id that is not catalogued is not found. */
    public static ProcessTarget resolve(AssetService assets, String ref) {
        if (AssetService.isId(ref)) return new ProcessTarget(assets.resolve(ref), null);
        Optional<AssetDetails> asset = assets.find(ref);
        if (asset.isPresent()) return new ProcessTarget(asset.get(), null);
        Path p = PathGuard.parseUserPath(ref).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            String why = "not an asset id and not a regular file: " + p;
            throw Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? DamException.invalid(why) : DamException.notFound(why);
        }
        return new ProcessTarget(null, p);
    }

    public boolean isAsset() {
        return asset != null;
    }

    public MediaInfo probe(MediaProber prober) {
        return prober.probe(file);
    }

    /** A fresh working folder under exports/ for a run on a file outside the catalog. */
    public static Path workDir(DataLayout layout, String prefix) {
        try {
            Files.createDirectories(layout.exportsDir());
            return Files.createTempDirectory(layout.exportsDir(), prefix);
        } catch (IOException e) {
            throw IoErrors.failure("cannot make a working folder under " + layout.exportsDir(), e);
        }
    }

    /**
     * Fails before any work when the user named an output that exists (an original, say), that is
     * not a file, or whose folder does not exist (folders are never made for a typo).
     */
    public static void refuseExisting(String userPath) {
        if (userPath == null) return;
        Path target = PathGuard.parseUserPath(userPath).toAbsolutePath().normalize();
        AtomicFiles.checkUserTarget(target);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw DamException.conflict(target + " exists; refusing to overwrite it (name a new file)");
        }
    }

    /**
     * The folder the user named for several results: made when missing, but only inside a folder
     * that exists; anything else there (a file, a link) is refused.
     */
    public static Path userFolder(String userDir) {
        Path dir = PathGuard.parseUserPath(userDir).toAbsolutePath().normalize();
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return dir;
        AtomicFiles.checkUserTarget(dir);
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) throw DamException.invalid(dir + " is not a folder");
        try {
            return Files.createDirectory(dir);
        } catch (IOException e) {
            throw IoErrors.failure("cannot make the folder " + dir, e);
        }
    }

    /** Copies a result to a path the user named; an existing file there (an original, say) is never replaced. */
    public static Path deliver(Path made, String userPath) {
        Path target = PathGuard.parseUserPath(userPath).toAbsolutePath().normalize();
        AtomicFiles.copyNewUserFile(made, target);
        return target;
    }

    /**
     * The one policy for results of a run on a file outside the catalog: a result goes to the path
     * the user named, else to {@code <home>/exports/STEM-OPERATION.EXT} (numbered -2, -3 … when
     * taken), named after the file and the operation. Never over an existing file, never next to
     * the file itself. {@code made} is left where it is (the caller's working folder).
     */
    public Path deliverResult(DataLayout layout, Path made, String operation, String userPath) {
        if (userPath != null) return deliver(made, userPath);
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String madeName = made.getFileName().toString();
        int madeDot = madeName.lastIndexOf('.');
        String ext = madeDot > 0 ? madeName.substring(madeDot) : "";
        Path dir = layout.exportsDir();
        try {
            Files.createDirectories(dir);
            for (int i = 1; ; i++) {
                Path p = dir.resolve(stem + "-" + operation + (i == 1 ? "" : "-" + i) + ext);
                try {
                    AtomicFiles.copyNew(made, p);
                    return p;
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    // numbered names until a free one: another run may have taken this one
                }
            }
        } catch (IOException e) {
            throw IoErrors.failure("cannot write under " + dir, e);
        }
    }
}
