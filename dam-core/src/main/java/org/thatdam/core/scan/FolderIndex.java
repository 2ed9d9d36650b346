package org.thatdam.core.scan;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.XmpRepository.SidecarStamp;
import org.thatdam.model.Location;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.FileStamp;

/**
 * The catalogued locations of the folder being walked, and the recorded stamps of its XMP sidecars,
 * read in one query each per folder, so that an unchanged file (the common case of a rescan) costs a
 * map lookup instead of a query and a hand-off to a worker. Used by the walking thread only.
 */
final class FolderIndex {

    private final Catalog catalog;
    private Path folder;
    private Map<String, Location> byPath = Map.of();
    private Map<String, List<SidecarStamp>> sidecars = Map.of();

    FolderIndex(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * True when the catalog has this file at this path with the same size, mtime and inode, and
     * present: nothing to do. False means "look closer" (new, changed, missing before, or unknown).
     */
    boolean unchanged(Path file, BasicFileAttributes attrs) {
        if (!load(file)) return false;
        Location l = byPath.get(FileNames.text(file));
        return l != null && !l.missing() && FileStamp.of(attrs).sameAs(l.sizeBytes(), l.mtimeMillis(), l.inode());
    }

    /**
     * True when this sidecar was read (or written) for the assets it describes at this very size,
     * mtime and inode: nothing to do. False means "look closer" (new, changed, or describing none).
     */
    boolean sidecarUnchanged(Path sidecar, BasicFileAttributes attrs) {
        if (!load(sidecar)) return false;
        List<SidecarStamp> stamps = sidecars.get(FileNames.text(sidecar));
        if (stamps == null) return false;
        FileStamp now = FileStamp.of(attrs);
        for (SidecarStamp k : stamps) {
            if (!now.sameAs(k.sizeBytes(), k.mtimeMillis(), k.inode())) return false;
        }
        return true;
    }

    /** Reads the rows of the file's folder when the walk entered another one; false for a file without one. */
    private boolean load(Path file) {
        Path parent = file.getParent();
        if (parent == null) return false;
        if (!parent.equals(folder)) {
            folder = parent;
            String text = FileNames.text(parent);
            String prefix = text.endsWith("/") ? text : text + "/";
            Map<String, Location> m = new HashMap<>();
            Map<String, List<SidecarStamp>> x = new HashMap<>();
            catalog.read(s -> {
                for (Location l : s.assets().locationsIn(prefix)) m.put(l.path(), l);
                for (SidecarStamp k : s.xmp().sidecarStampsIn(prefix)) x.computeIfAbsent(k.path(), p -> new ArrayList<>()).add(k);
                return null;
            });
            byPath = m;
            sidecars = x;
        }
        return true;
    }
}
