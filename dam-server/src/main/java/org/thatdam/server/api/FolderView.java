package org.thatdam.server.api;

import org.thatdam.core.explorer.Folder;

/**
 * A folder of the library with its totals over the catalogued files under it (at any depth).
 * {@code missing}: gone from disk, or every file under it is; {@code offline}: its root's folder is
 * not there; {@code catalogued}: false for a folder on disk that holds no catalogued file.
 */
public record FolderView(String name, String path, long assets, long files, long sizeBytes, double durationSec,
                         boolean hasSubfolders, boolean missing, boolean offline, boolean catalogued) {

    public static FolderView of(Folder f) {
        return new FolderView(f.name(), f.path(), f.assets(), f.files(), f.sizeBytes(), f.durationSec(), f.hasSubfolders(),
                f.missing(), f.offline(), f.catalogued());
    }
}
