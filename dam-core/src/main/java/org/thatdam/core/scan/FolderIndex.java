package org.thatdam.core.scan;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import org.thatdam.catalog.Catalog;
import org.thatdam.model.Location;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.FileStamp;

/**
 * The catalogued locations of the folder being walked, read in one query per folder, so that an
 * unchanged file (the common case of a rescan) costs a map lookup instead of a query and a hand-off
 * to a worker. Used by the walking thread only.
 */
final class FolderIndex {

    private final Catalog catalog;
    private Path folder;
    private Map<String, Location> byPath = Map.of();

    FolderIndex(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * True when the catalog has this file at this path with the same size, mtime and inode, and
     * present: nothing to do. False means "look closer" (new, changed, missing before, or unknown).
     */
    boolean unchanged(Path file, BasicFileAttributes attrs) {
        Path parent = file.getParent();
        if (parent == null) return false;
        if (!parent.equals(folder)) {
            folder = parent;
            String text = FileNames.text(parent);
            String prefix = text.endsWith("/") ? text : text + "/";
            Map<String, Location> m = new HashMap<>();
            for (Location l : catalog.read(s -> s.assets().locationsIn(prefix))) {
                m.put(l.path(), l);
            }
            byPath = m;
        }
        Location l = byPath.get(FileNames.text(file));
        return l != null && !l.missing() && FileStamp.of(attrs).sameAs(l.sizeBytes(), l.mtimeMillis(), l.inode());
    }
}
