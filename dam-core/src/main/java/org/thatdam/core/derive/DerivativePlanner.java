package org.thatdam.core.derive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.model.AssetKind;
import org.thatdam.model.DamException;
import org.thatdam.model.NewJob;
import org.thatdam.core.jobs.JobKind;

/** Which derivative jobs a freshly catalogued version needs (as each {@link JobKind} says). */
public final class DerivativePlanner {

    private DerivativePlanner() {}

    /** The derivative kinds every new version of {@code kind} gets. */
    public static List<JobKind> kindsFor(AssetKind kind) {
        return kindsFor(kind, false);
    }

    /** As {@link #kindsFor(AssetKind)}, plus the semantic analyses when {@code semantic} (config semantic.auto). */
    public static List<JobKind> kindsFor(AssetKind kind, boolean semantic) {
        return Arrays.stream(JobKind.values()).filter(k -> k.plannedFor(kind) && (semantic || !k.semantic())).toList();
    }

    public static NewJob job(JobKind kind, long assetId, long versionId) {
        return kind.forVersion(assetId, versionId);
    }

    /**
     * Enqueues (inside the caller's transaction) every job the version needs, the semantic analyses too when
     * {@code semantic}; returns their ids.
     */
    public static List<Long> enqueue(CatalogSession s, AssetKind kind, long assetId, long versionId, long now,
                                     boolean semantic) {
        List<Long> ids = new ArrayList<>();
        for (JobKind k : kindsFor(kind, semantic)) {
            ids.add(s.jobs().enqueue(job(k, assetId, versionId), now));
        }
        return ids;
    }

    /** The version a job was planned for, from its params ("v=123"). */
    public static long versionOf(String params) {
        if (params != null && params.startsWith("v=")) {
            try {
                return Long.parseLong(params.substring(2));
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        throw DamException.invalid("job has no source version: '" + params + "'");
    }
}
