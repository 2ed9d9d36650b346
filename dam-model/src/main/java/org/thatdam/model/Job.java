package org.thatdam.model;

import java.time.Instant;

/** One unit of background work, as persisted. {@code kind} names the handler; {@code assetId} is the subject. */
public record Job(
        long id,
        String kind,
        Long assetId,
        String params,
        String dedupeKey,
        JobState state,
        int priority,
        int attempts,
        int maxAttempts,
        double progress,
        String error,
        String workerId,
        Instant runAfter,
        Instant heartbeatAt,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant updatedAt) {}
