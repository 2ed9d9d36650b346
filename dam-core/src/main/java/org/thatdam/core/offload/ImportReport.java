package org.thatdam.core.offload;

import java.util.List;
import org.thatdam.model.ImportRun;

/**
 * The result of an import: how many files were copied with proof, how many were already there from
 * an earlier interrupted run ({@code skipped}, not copied again), which failed and why, the MHL
 * generation written in each destination, the folders that became library roots, and what the
 * catalogue made of the copies ({@code catalogued} files, {@code newAssets} of them new assets, the
 * rest further locations of assets the library already had).
 */
public record ImportReport(long importId, String state, String source, List<String> destinations, String batch,
                           int files, int copied, int skipped, int failed, long bytes, long bytesCopied,
                           List<ImportRun.Failure> failures, List<String> mhl, List<String> addedRoots,
                           long catalogued, long newAssets, long durationMs, double megabytesPerSecond) {

    public boolean ok() {
        return failed == 0 && ImportRun.DONE.equals(state);
    }
}
