package org.thatdam.core.explorer;

import java.util.List;

/**
 * One folder of the library: the folders in it and a page of its files. Without a folder (the
 * top of the tree), {@code folder}, {@code root} and {@code parent} are null and {@code folders}
 * are the library roots.
 *
 * @param root   the library root holding the folder
 * @param parent the folder above it, null for a root (whose parent is the list of roots)
 * @param total  how many catalogued files lie directly in the folder
 */
public record FolderListing(Folder folder, String root, String parent, List<Folder> folders, long total, int limit,
                            int offset, List<FolderFile> files) {

    public FolderListing {
        folders = List.copyOf(folders);
        files = List.copyOf(files);
    }
}
