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

    public static List<JobKind> kindsFor(AssetKind kind) {
        return Arrays.stream(JobKind.values()).filter(k -> k.plannedFor(kind)).toList();
    }

    public static NewJob job(JobKind kind, long assetId, long versionId) {
        return kind.forVersion(assetId, versionId);
    }

    /** Enqueues (inside the caller's transaction) every job the version needs; returns their ids. */
    public static List<Long> enqueue(CatalogSession s, AssetKind kind, long assetId, long versionId, long now) {
        List<Long> ids = new ArrayList<>();
        for (JobKind k : kindsFor(kind)) {
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
