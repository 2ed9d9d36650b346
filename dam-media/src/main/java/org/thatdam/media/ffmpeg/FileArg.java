package org.thatdam.media.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.thatdam.media.MediaException;
import org.thatdam.storage.FileNames;

/**
 * How a file is named on an ffmpeg/ffprobe command line.
 *
 * <p>A child's arguments are Strings, which the JDK encodes with the locale's encoding: a name
 * holding bytes that encoding cannot carry (Latin-1 {@code caf\xE9.mp4} under UTF-8, any non-ASCII
 * name under the "C" locale) would reach the child altered, and it would not find the file. Such a
 * file is given as a symbolic link with a plain name, in a private folder ({@code rwx------}) under
 * the temporary directory, created from the file's exact bytes; the links live as long as this
 * process. Every other file is given as itself. "file:" in front stops a crafted name
 * ({@code -i x.mp4}, {@code concat:a|b}) from being taken as an option or a protocol.
 */
public final class FileArg {

    private static final Map<Path, Path> LINKS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong();
    private static volatile Path linkDir;

    private FileArg() {}

    /** The argument for a file: "file:" and its absolute path, as the child will read it. */
    public static String of(Path file) {
        return "file:" + spelling(file);
    }

    /** The absolute path a child process can open: the file's own, or a link's to it. */
    public static Path spelling(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (FileNames.faithful(abs)) return abs;
        return LINKS.computeIfAbsent(abs, FileArg::link);
    }

    /** A child's message with the file's spelling replaced by its name as people read it. */
    public static String clean(String message, Path file) {
        String spelled = spelling(file).toString();
        String name = FileNames.displayName(file);
        return message.replace("file:" + spelled + ": ", "").replace("file:" + spelled, name).replace(spelled, name);
    }

    private static Path link(Path target) {
        try {
            Path link = dir().resolve(NEXT.incrementAndGet() + extension(target));
            return Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new MediaException("cannot give " + FileNames.displayName(target)
                    + " to ffmpeg: no link could be made in the temporary directory (" + e.getMessage() + ")", e);
        }
    }

    /** The extension, if plain: some formats are recognised by it. */
    private static String extension(Path p) {
        String name = FileNames.displayName(p);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ext.matches("[a-z0-9]{1,8}") ? "." + ext : "";
    }

    private static Path dir() throws IOException {
        Path d = linkDir;
        if (d == null) {
            synchronized (FileArg.class) {
                d = linkDir;
                if (d == null) {
                    d = Files.createTempDirectory("dam-names-"); // owner-only on POSIX
                    Path created = d;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> removeLinks(created)));
                    linkDir = d;
                }
            }
        }
        return d;
    }

    private static void removeLinks(Path dir) {
        for (Path link : LINKS.values()) {
            try {
                Files.deleteIfExists(link);
            } catch (IOException ignored) {
                // the temporary directory's cleaner will get it
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // not empty or gone: as above
        }
    }
}
