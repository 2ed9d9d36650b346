package org.thatdam.core.explorer;

import org.thatdam.model.Asset;

/**
 * A catalogued file directly in a folder, with its asset.
 *
 * @param missing this file is gone from disk (the asset may still have other files: see its status)
 */
public record FolderFile(String name, String path, boolean missing, Asset asset) {}
