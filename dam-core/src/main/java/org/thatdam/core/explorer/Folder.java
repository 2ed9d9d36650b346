package org.thatdam.core.explorer;

import org.thatdam.model.FolderStats;

/**
 * A folder of the library as the explorer shows it: its totals over the catalogued files under it
 * (at any depth), and its state on disk.
 *
 * @param name          its name (a library root: its whole path)
 * @param path          its path as the catalog stores paths
 * @param hasSubfolders whether catalogued files lie in folders below it (the tree can offer to open it)
 * @param missing       its folder is gone from disk, or every catalogued file under it is missing
 * @param offline       its library root's folder is not there (an unplugged drive): nothing under it can be read
 * @param catalogued    false for a folder found on disk that holds no catalogued file
 */
public record Folder(String name, String path, long assets, long files, long sizeBytes, double durationSec,
                     boolean hasSubfolders, boolean missing, boolean offline, boolean catalogued) {

    static Folder of(String name, String path, FolderStats s, boolean onDisk, boolean offline) {
        boolean allMissing = s.files() > 0 && s.presentFiles() == 0;
        return new Folder(name, path, s.assets(), s.files(), s.sizeBytes(), s.durationSec(), s.hasSubfolders(),
                offline || !onDisk || allMissing, offline, true);
    }

    /** A folder on disk without any catalogued file under it. */
    static Folder uncatalogued(String name, String path) {
        return new Folder(name, path, 0, 0, 0, 0, false, false, false, false);
    }
}
