package org.thatdam.core.bulk;

import java.time.Instant;
import java.util.List;

/**
 * What a bulk job did: how many assets it selected, did the action to, found already as asked (or
 * not concerned: an audio file has no sprite) and could not do it to, with the first
 * {@link #MAX_LISTED} failures and why.
 */
public record BulkSummary(long jobId, BulkAction action, int selected, int done, int skipped, int failedCount,
                          List<Failure> failed, Instant finishedAt, String text) {

    /** The most failures listed one by one; {@code failedCount} counts them all. */
    public static final int MAX_LISTED = 100;

    /** One asset the action could not be done to: its error code and message. */
    public record Failure(long assetId, org.thatdam.model.ErrorCode code, String message) {}

    public BulkSummary {
        failed = List.copyOf(failed);
    }

    /** "4998 tagged, 2 failed: asset 7: no asset with id 7; …" */
    static String text(BulkAction action, int selected, int done, int skipped, int failedCount, List<Failure> failed) {
        if (selected == 0) return "nothing selected";
        StringBuilder b = new StringBuilder().append(done).append(' ').append(action.past());
        if (skipped > 0) b.append(", ").append(skipped).append(" already so or not concerned");
        if (failedCount > 0) {
            b.append(", ").append(failedCount).append(" failed: ");
            int shown = Math.min(3, failed.size());
            for (int i = 0; i < shown; i++) {
                if (i > 0) b.append("; ");
                b.append("asset ").append(failed.get(i).assetId()).append(": ").append(failed.get(i).message());
            }
            if (failedCount > shown) b.append("; …");
        }
        return b.toString();
    }
}
