package org.thatdam.catalog.sql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.thatdam.storage.AtomicFiles;

/**
 * Where the SQLite driver loads its native library from. Left to itself, the driver asks the system
 * what it is (it starts {@code uname -o} to tell Android apart), unpacks the library from its jar to a
 * new temporary file and reads it back to check it, at every start: a good part of what a short
 * command costs. So the library it unpacked is kept once in the user's cache folder, named after the
 * driver's version and the platform, and later starts load it from there. Best effort: a copy that
 * cannot be kept or loaded leaves the driver to do as it always did. A library named with
 * {@code -Dorg.sqlite.lib.path} or {@code -Dorg.sqlite.lib.name} is left alone.
 */
final class SqliteNativeLibrary {

    private static final String PATH = "org.sqlite.lib.path";
    private static final String NAME = "org.sqlite.lib.name";

    private SqliteNativeLibrary() {}

    /** Before the driver's first connection: points it at the kept copy, or keeps one for the next start. */
    static synchronized void prepare() {
        if (System.getProperty(PATH) != null || System.getProperty(NAME) != null) return;
        Path dir = folder();
        if (dir == null) return;
        String name = LibraryLoaderUtil.getNativeLibName();
        if (Files.isRegularFile(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
            // native code runs with the user's rights: only a copy nobody else could have put there or changed
            if (!ownOnly(dir.getParent()) || !ownOnly(dir) || !ownOnly(dir.resolve(name))) return;
            System.setProperty(PATH, dir.toString());
            System.setProperty(NAME, name);
            return;
        }
        // the resource the driver would unpack for this system (asking it costs this start the uname once)
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) return;
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve(name), in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            // not kept: the driver unpacks it again next time, as it always did
        }
    }

    /** Whether {@code p} belongs to this user and neither its group nor others may write it (where POSIX says). */
    private static boolean ownOnly(Path p) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            boolean mine = a.owner().getName().equals(System.getProperty("user.name"));
            return mine && !a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    && !a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException e) {
            return true; // no POSIX owners here (Windows): the user's profile folder is private already
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code <cache>/that-dam-toolbox/sqlite-<version>-<os>-<arch>}, or null without a home folder. */
    static Path folder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getProperty("user.home");
        Path cache;
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) cache = Path.of(xdg);
        else if (home != null && !home.isBlank() && !home.equals("?")) cache = Path.of(home, ".cache");
        else return null;
        String platform = (System.getProperty("os.name", "") + "-" + System.getProperty("os.arch", ""))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
        return cache.resolve("that-dam-toolbox").resolve("sqlite-" + SQLiteJDBCLoader.getVersion() + "-" + platform);
    }
}
