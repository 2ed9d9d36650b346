package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.explorer.FolderListing;

/**
 * One folder of the library: the folders in it, and a page of its files ({@code total} of them lie
 * directly in it). Without a folder asked for, {@code folder}, {@code root} and {@code parent} are
 * null and {@code folders} are the library roots; {@code parent} is null for a root.
 */
public record FolderPage(@Nullable FolderView folder, @Nullable String root, @Nullable String parent,
                         List<FolderView> folders, long total, int limit, int offset, List<FolderFileView> files) {

    public static FolderPage of(FolderListing l) {
        return new FolderPage(l.folder() == null ? null : FolderView.of(l.folder()), l.root(), l.parent(),
                l.folders().stream().map(FolderView::of).toList(), l.total(), l.limit(), l.offset(),
                l.files().stream().map(FolderFileView::of).toList());
    }
}
