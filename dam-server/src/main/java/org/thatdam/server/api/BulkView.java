package org.thatdam.server.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.bulk.BulkAction;
import org.thatdam.core.bulk.BulkSummary;
import org.thatdam.model.ErrorCode;

/** A bulk job and, once it has run, its summary. */
public record BulkView(JobView job, @Nullable Summary summary) {

    /**
     * What the job did: assets selected, done, skipped (already as asked, or not concerned) and
     * failed ({@code failedCount}; the first 100 listed with their error code and message).
     */
    public record Summary(BulkAction action, int selected, int done, int skipped, int failedCount, List<Failure> failed,
                          Instant finishedAt, String text) {}

    /** One asset the action could not be done to, and why. */
    public record Failure(long assetId, ErrorCode code, String message) {}

    public static @Nullable Summary of(@Nullable BulkSummary s) {
        if (s == null) return null;
        return new Summary(s.action(), s.selected(), s.done(), s.skipped(), s.failedCount(),
                s.failed().stream().map(f -> new Failure(f.assetId(), f.code(), f.message())).toList(),
                s.finishedAt(), s.text());
    }
}
