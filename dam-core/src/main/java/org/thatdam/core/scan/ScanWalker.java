package org.thatdam.core.scan;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Streams the regular files under a root, depth first, without building a list. Symbolic links
 * are never followed (so no loops and no escape from the root), hidden and system folders
 * (recycle bins, trash, NAS thumbnails) are skipped, and so is the library's own data folder.
 */
public final class ScanWalker {

    // "ascmhl" holds the media hash lists of an offload (.mhl/.xml files), not media.
    private static final Set<String> SYSTEM_DIRS = Set.of("$recycle.bin", "system volume information", "lost+found",
            "@eadir", "#recycle", "recycler", "$extend", org.thatdam.storage.mhl.MhlHistory.FOLDER);

    private ScanWalker() {}

    /** A hidden or system file or folder name, never scanned (also used by the folder watcher). */
    public static boolean isIgnoredName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith(".") || SYSTEM_DIRS.contains(n) || n.equals("thumbs.db") || n.equals("desktop.ini");
    }

    /**
     * @param onFile    each regular file with its attributes
     * @param onSkipped each link, special file or ignored file (not media, never read)
     * @param onError   each folder or file that could not be listed, with the reason
     * @param stop      asked before each folder and file: true ends the walk there
     */
    static void walk(Path root, Path exclude, BiConsumer<Path, BasicFileAttributes> onFile, Consumer<Path> onSkipped,
                     BiConsumer<Path, String> onError, BooleanSupplier stop) throws IOException {
        Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (stop.getAsBoolean()) return FileVisitResult.TERMINATE;
                        if (!dir.equals(root) && (isIgnoredName(dir.getFileName().toString())
                                || (exclude != null && dir.startsWith(exclude)))) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (stop.getAsBoolean()) return FileVisitResult.TERMINATE;
                        if (attrs.isRegularFile() && !isIgnoredName(file.getFileName().toString())) {
                            onFile.accept(file, attrs);
                        } else {
                            onSkipped.accept(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) {
                        onError.accept(file, describe(exc));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                        if (exc != null) {
                            onError.accept(dir, describe(exc));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "disappeared during the scan";
        return org.thatdam.storage.IoErrors.describe(e);
    }
}
