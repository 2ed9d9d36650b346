package org.thatdam.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the library keeps its own data under {@code $DAM_HOME}: the catalog database, the search
 * index, derivatives (sharded by asset id so no directory grows huge), upload staging and logs.
 * Users' originals live wherever they are and are never under here unless copy-imported.
 */
public record DataLayout(Path home) {

    private static final Logger LOG = LoggerFactory.getLogger(DataLayout.class);
    /** The mode of the home and of other folders holding the catalog (password hashes, share tokens). */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    public DataLayout {
        home = home.toAbsolutePath().normalize();
    }

    public Path catalogDb() { return home.resolve("catalog.db"); }
    public Path indexDir() { return home.resolve("index"); }
    public Path derivativesDir() { return home.resolve("derivatives"); }
    public Path uploadsDir() { return home.resolve("uploads"); }
    public Path logsDir() { return home.resolve("logs"); }
    /** Where the running server says how to reach it (pid, address); present while it runs. */
    public Path serverJson() { return home.resolve("server.json"); }
    /** Held locked by the running server for its lifetime: at most one server per library. */
    public Path serverLock() { return home.resolve("server.lock"); }
    /** Results of processing files that are not in the catalog (their derivatives have no asset to belong to). */
    public Path exportsDir() { return home.resolve("exports"); }
    /**
     * Media the library received itself (finished uploads go to {@code library/uploads} by default):
     * the one folder under the home that may be a library root and is scanned like any other.
     */
    public Path libraryDir() { return home.resolve(LIBRARY); }

    /** The name of {@link #libraryDir()} inside the home. */
    public static final String LIBRARY = "library";

    /**
     * Whether {@code path} is the library's own data under {@code home} (catalog, index, derivatives,
     * upload staging, logs, exports, server files): anything in the home except {@link #libraryDir()}.
     * Both are compared as given (callers pass real paths).
     */
    public static boolean ownData(Path home, Path path) {
        return path.startsWith(home) && !path.startsWith(home.resolve(LIBRARY));
    }

    /** {@code derivatives/ab/cd/<id>/}: two levels of 256 shards from a mix of the id. */
    public Path derivativeDir(long assetId) {
        long mixed = Long.rotateLeft(assetId * 0x9E3779B97F4A7C15L, 17);
        String a = String.format("%02x", (mixed >>> 8) & 0xff);
        String b = String.format("%02x", mixed & 0xff);
        return derivativesDir().resolve(a).resolve(b).resolve(Long.toString(assetId));
    }

    /**
     * Creates the folders that are missing. The home is private to its owner ({@code rwx------}):
     * the catalog holds password hashes and share tokens, and whatever is inside is then private
     * however it was created. An existing home of ours that others may read is made private, said
     * in one line; one owned by someone else is left as it is.
     */
    public DataLayout create() throws IOException {
        createPrivateHome();
        for (Path p : new Path[] {indexDir(), derivativesDir(), uploadsDir(), logsDir()}) {
            Files.createDirectories(p);
        }
        return this;
    }

    private void createPrivateHome() throws IOException {
        boolean posix = home.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(home)) {
            Path parent = home.getParent();
            if (parent != null) Files.createDirectories(parent);
            try {
                if (posix) Files.createDirectory(home, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                else Files.createDirectory(home);
                return;
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(home)) throw e; // a file by that name; else another process made it just now
            }
        }
        if (!posix) return;
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(home);
        Set<PosixFilePermission> owners = EnumSet.copyOf(now);
        owners.retainAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        if (owners.equals(now) || !ownedByUs()) return;
        Files.setPosixFilePermissions(home, owners);
        LOG.warn("made the library folder {} private to its owner (it was {}, now {})", home,
                PosixFilePermissions.toString(now), PosixFilePermissions.toString(owners));
    }

    private boolean ownedByUs() throws IOException {
        try {
            UserPrincipal me = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
            return Files.getOwner(home).equals(me);
        } catch (UserPrincipalNotFoundException e) {
            return false; // a user without a name (a container's bare uid): leave the folder as it is
        }
    }
}
