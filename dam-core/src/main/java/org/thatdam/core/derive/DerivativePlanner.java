package org.thatdam.core.derive;

import java.util.ArrayList;
import java.util.List;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.model.AssetKind;
import org.thatdam.model.NewJob;
import org.thatdam.core.jobs.JobKind;

/** Which derivative jobs a freshly catalogued version needs. */
public final class DerivativePlanner {

    private DerivativePlanner() {}

    public static List<JobKind> kindsFor(AssetKind kind) {
        return switch (kind) {
            case VIDEO -> List.of(JobKind.POSTER, JobKind.SPRITE, JobKind.PROXY, JobKind.FULL_HASH);
            case AUDIO -> List.of(JobKind.POSTER, JobKind.PROXY, JobKind.FULL_HASH);
            case IMAGE -> List.of(JobKind.POSTER, JobKind.FULL_HASH);
            case OTHER -> List.of(JobKind.FULL_HASH);
        };
    }

    public static NewJob job(JobKind kind, long assetId, long versionId) {
        return new NewJob(kind.id(), assetId, "v=" + versionId, kind.priority(), kind.maxAttempts());
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
        throw new IllegalArgumentException("job has no source version: '" + params + "'");
    }
}
