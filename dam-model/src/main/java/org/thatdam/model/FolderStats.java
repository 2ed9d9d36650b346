package org.thatdam.model;

/**
 * What the catalog holds under one folder, counted over its files (locations) at any depth.
 *
 * @param name           the folder's name (the last segment of its path); null for the totals of a folder itself
 * @param assets         distinct assets with a file under it
 * @param files          catalogued files under it
 * @param presentFiles   those of them not marked missing
 * @param sizeBytes      the size of those files
 * @param durationSec    the duration of those files' content
 * @param hasSubfolders  whether some of those files lie in a folder below it
 */
public record FolderStats(String name, long assets, long files, long presentFiles, long sizeBytes,
                          double durationSec, boolean hasSubfolders) {

    public static FolderStats empty(String name) {
        return new FolderStats(name, 0, 0, 0, 0, 0, false);
    }
}
