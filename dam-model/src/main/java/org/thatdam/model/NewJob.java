package org.thatdam.model;

/** What to enqueue: the dedupe key makes the same work (kind + subject + params) queue only once. */
public record NewJob(String kind, Long assetId, String params, int priority, int maxAttempts) {

    public String dedupeKey() {
        return kind + ":" + (assetId == null ? "-" : assetId) + ":" + (params == null ? "" : params);
    }
}
