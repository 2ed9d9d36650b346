package org.thatdam.core.explorer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.library.RootAvailability;
import org.thatdam.model.Asset;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.FolderStats;
import org.thatdam.model.LibraryRoot;
import org.thatdam.model.Location;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.PathGuard;

/**
 * The library as a tree of folders: the roots, and inside each the folders and files the catalog
 * knows, with counts, durations and sizes, one folder at a time (so a deep tree loads as it is
 * opened). Answers come from the catalog's path index; the disk is only asked whether the listed
 * folders still exist, and for the folder being viewed, which of its sub-folders hold nothing
 * catalogued yet. Only folders inside a library root can be listed.
 */
public final class FolderService {

    /** The most files one page may hold. */
    public static final int MAX_LIMIT = 1000;
    /** How many folders without catalogued files one listing shows at most (a huge folder on disk stays cheap). */
    static final int MAX_UNCATALOGUED = 500;

    private static final String SEP = "/";

    private final Catalog catalog;
    private final Path home;

    /** {@code home} is the library's data folder: never offered as a folder to explore. */
    public FolderService(Catalog catalog, Path home) {
        this.catalog = catalog;
        this.home = PathGuard.realOrAbsolute(home);
    }

    /**
     * The folder at {@code path} (as the catalog writes paths; null or blank: the library roots),
     * with a page of its files in name order. A path outside every root is {@code not_found}, so
     * is a folder neither catalogued nor on disk; a catalogued file is {@code invalid}.
     */
    public FolderListing list(String path, int limit, int offset) {
        if (limit < 1 || limit > MAX_LIMIT) throw DamException.invalid("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        if (offset < 0) throw DamException.invalid("offset must not be negative, got " + offset);
        List<LibraryRoot> roots = catalog.read(s -> s.roots().list());
        if (path == null || path.isBlank()) {
            return new FolderListing(null, null, null, roots.stream().map(this::rootFolder).toList(), 0, limit, offset, List.of());
        }
        String folder = normalise(path);
        String root = roots.stream().map(LibraryRoot::path).filter(r -> folder.equals(r) || folder.startsWith(r + SEP))
                .max(Comparator.comparingInt(String::length))
                .orElseThrow(() -> DamException.notFound("not inside a library root: " + FileNames.display(folder)));
        return listInside(root, folder, limit, offset);
    }

    private FolderListing listInside(String root, String folder, int limit, int offset) {
        String prefix = folder + SEP;
        Listed listed = catalog.read(s -> {
            List<FolderStats> subfolders = s.assets().subfolders(prefix);
            FolderStats files = s.assets().filesIn(prefix);
            FolderStats totals = FolderStats.of(null, files, subfolders);
            if (totals.files() == 0 && !folder.equals(root) && s.assets().locationByPath(folder).isPresent()) {
                throw DamException.invalid(FileNames.display(folder) + " is a file, not a folder");
            }
            List<Location> page = s.assets().locationsIn(prefix, limit, offset);
            Map<Long, Asset> assets = s.assets().findAll(page.stream().map(Location::assetId).collect(Collectors.toSet()))
                    .stream().collect(Collectors.toMap(Asset::id, Function.identity()));
            return new Listed(totals, subfolders, files.files(), page, assets);
        });
        boolean offline = offline(root, listed.totals());
        Path dir = FileNames.path(folder);
        boolean onDisk = !offline && Files.isDirectory(dir);
        boolean readable = onDisk && insideRoot(dir, root);
        if (listed.totals().files() == 0 && !folder.equals(root) && !readable) {
            throw DamException.notFound("no such folder in the library: " + FileNames.display(folder));
        }
        List<Folder> folders = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (FolderStats sub : listed.subfolders()) {
            String subPath = prefix + sub.name();
            names.add(sub.name());
            folders.add(Folder.of(sub.name(), subPath, sub, onDisk && Files.isDirectory(FileNames.path(subPath)), offline));
        }
        if (readable) folders.addAll(uncatalogued(dir, prefix, names));
        folders.sort(Comparator.comparing(Folder::name, String.CASE_INSENSITIVE_ORDER).thenComparing(Folder::name));
        List<FolderFile> files = new ArrayList<>();
        for (Location l : listed.page()) {
            Asset a = listed.assets().get(l.assetId());
            if (a != null) files.add(new FolderFile(l.path().substring(prefix.length()), l.path(), l.missing(), a));
        }
        String name = folder.equals(root) ? root : folder.substring(folder.lastIndexOf(SEP) + 1);
        // a folder below the root with no catalogued file under it is one found on disk only, as its parent lists it
        Folder self = listed.totals().files() == 0 && !folder.equals(root) ? Folder.uncatalogued(name, folder)
                : Folder.of(name, folder, listed.totals(), onDisk, offline);
        String parent = folder.equals(root) ? null : folder.substring(0, folder.lastIndexOf(SEP));
        return new FolderListing(self, root, parent, folders, listed.total(), limit, offset, files);
    }

    private record Listed(FolderStats totals, List<FolderStats> subfolders, long total, List<Location> page,
                          Map<Long, Asset> assets) {}

    private Folder rootFolder(LibraryRoot r) {
        String prefix = r.path() + SEP;
        FolderStats totals = catalog.read(s -> FolderStats.of(null, s.assets().filesIn(prefix), s.assets().subfolders(prefix)));
        boolean offline = offline(r.path(), totals);
        return Folder.of(r.path(), r.path(), totals, !offline, offline);
    }

    /** A root whose folder is absent, or empty while files under it are catalogued as present (an unmounted drive). */
    private static boolean offline(String root, FolderStats totals) {
        return replacedByLink(root) || RootAvailability.unavailable(FileNames.path(root), totals.presentFiles() > 0).isPresent();
    }

    /**
     * Whether the root's path no longer leads to the folder it names: a root is stored as its real path, so a
     * symbolic link put in its place (or in place of a folder above it) would lead the listing elsewhere.
     */
    private static boolean replacedByLink(String root) {
        Path p = FileNames.path(root);
        if (Files.isSymbolicLink(p)) return true;
        try {
            return !p.toRealPath().equals(p);
        } catch (IOException e) {
            return false; // absent or unreadable: the availability check says so
        }
    }

    /** Whether {@code dir}, with links resolved, is inside the root: a link must not lead the listing elsewhere. */
    private static boolean insideRoot(Path dir, String root) {
        try {
            return PathGuard.isInside(FileNames.path(root), dir);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The sub-folders of {@code dir} on disk that hold nothing catalogued (not in {@code known}):
     * one read of the folder, no deeper. Hidden folders, links and the library's own data folder are left out.
     */
    private List<Folder> uncatalogued(Path dir, String prefix, Set<String> known) {
        List<Folder> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                if (out.size() >= MAX_UNCATALOGUED) break;
                String text = FileNames.text(e);
                String name = text.substring(text.lastIndexOf(SEP) + 1);
                if (name.startsWith(".") || known.contains(name) || !Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)
                        || e.startsWith(home) || home.startsWith(e)) {
                    continue;
                }
                out.add(Folder.uncatalogued(name, prefix + name));
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: the catalogued folders are still listed
        }
        return out;
    }

    /**
     * An absolute path without {@code .}, {@code ..}, doubled or trailing separators; lexical (no
     * disk access), so a folder that is gone can still be listed from the catalog.
     */
    static String normalise(String raw) {
        PathGuard.parseUserPath(raw);
        String p = raw;
        if (!p.startsWith(SEP)) throw new DamException(ErrorCode.BAD_PATH, "give an absolute folder path, not " + p);
        Deque<String> parts = new ArrayDeque<>();
        for (String part : p.split(SEP)) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (parts.pollLast() == null) throw new DamException(ErrorCode.BAD_PATH, "the path leaves the file system's top: " + p);
            } else {
                parts.addLast(part);
            }
        }
        return SEP + String.join(SEP, parts);
    }

    /** The catalog's text form of a folder named on this machine's command line (relative to the working folder). */
    public static Optional<String> text(Path dir) {
        return dir == null ? Optional.empty() : Optional.of(FileNames.text(PathGuard.realOrAbsolute(dir)));
    }
}
