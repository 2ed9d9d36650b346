package org.thatdam.server.api;

import org.thatdam.core.explorer.FolderFile;

/** A catalogued file directly in a folder: {@code missing} when this file is gone (the asset's status says whether all are). */
public record FolderFileView(String name, String path, boolean missing, AssetSummary asset) {

    public static FolderFileView of(FolderFile f) {
        return new FolderFileView(f.name(), f.path(), f.missing(), AssetSummary.of(f.asset()));
    }
}
