package org.thatdam.core.scan;

import java.nio.file.Path;
import org.thatdam.model.AssetKind;
import org.thatdam.storage.FileStamp;

/**
 * What a scan tells the XMP reader: each newly catalogued asset (its sidecar or embedded XMP is
 * applied), each new location of a catalogued asset (a copy or a move: its own sidecar is applied,
 * as the sidecar may have been walked past before the location was committed) and each sidecar file
 * it walks past (applied again when it changed since last read, even though the media file itself is
 * unchanged). Sidecars are never catalogued as assets.
 * Each returns a problem for the scan report, or null.
 */
public interface XmpHook {
    String assetAdded(long assetId, Path file, AssetKind kind);

    String locationAdded(Path file);

    String sidecarSeen(Path sidecar, FileStamp stamp);

    XmpHook NONE = new XmpHook() {
        @Override
        public String assetAdded(long assetId, Path file, AssetKind kind) {
            return null;
        }

        @Override
        public String locationAdded(Path file) {
            return null;
        }

        @Override
        public String sidecarSeen(Path sidecar, FileStamp stamp) {
            return null;
        }
    };
}
