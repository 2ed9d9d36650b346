package org.thatdam.model;

/**
 * What the catalog holds under one folder, counted over its files (locations) at any depth.
 *
 * @param name           the folder's name (the last segment of its path); null for the totals of a folder itself
 * @param assets         distinct assets with a file under it (see {@link #of})
 * @param files          catalogued files under it
 * @param presentFiles   those of them not marked missing
 * @param sizeBytes      the size of those files
 * @param durationSec    the duration of those files' content
 * @param hasSubfolders  whether some of those files lie in a folder below it
 */
public record FolderStats(String name, long assets, long files, long presentFiles, long sizeBytes,
                          double durationSec, boolean hasSubfolders) {

    /**
     * The totals of a folder from those of its files and its sub-folders: exact sums, but for
     * {@code assets}, where an asset with files in several of them counts once in each.
     */
    public static FolderStats of(String name, FolderStats files, java.util.List<FolderStats> subfolders) {
        long assets = files.assets(), n = files.files(), present = files.presentFiles(), bytes = files.sizeBytes();
        double duration = files.durationSec();
        for (FolderStats s : subfolders) {
            assets += s.assets();
            n += s.files();
            present += s.presentFiles();
            bytes += s.sizeBytes();
            duration += s.durationSec();
        }
        return new FolderStats(name, assets, n, present, bytes, duration, !subfolders.isEmpty());
    }
}
