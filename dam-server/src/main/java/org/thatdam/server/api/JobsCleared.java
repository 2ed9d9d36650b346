package org.thatdam.server.api;

/** How many jobs a "clear" deleted, and which ones ("finished": done, skipped, cancelled; or "failed"). */
public record JobsCleared(String which, int cleared) {}
