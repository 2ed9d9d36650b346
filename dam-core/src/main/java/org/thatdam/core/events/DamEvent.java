package org.thatdam.core.events;

/**
 * Something that happened in the library. {@link #type()} is the stable name subscribers see
 * (the WebSocket stream and, later, webhooks use it as the message's {@code type}).
 */
public sealed interface DamEvent {

    String type();

    record AssetIngested(long assetId, String path, String kind, boolean newAsset) implements DamEvent {
        public String type() { return "asset.ingested"; }
    }

    record AssetFailed(long assetId, String path, String error) implements DamEvent {
        public String type() { return "asset.failed"; }
    }

    /** Title, batch, tags, status… of an asset changed (not its content). */
    record AssetUpdated(long assetId) implements DamEvent {
        public String type() { return "asset.updated"; }
    }

    /** The asset is no longer in the catalog. */
    record AssetRemoved(long assetId) implements DamEvent {
        public String type() { return "asset.removed"; }
    }

    record ScanStarted(String scanId, java.util.List<String> roots) implements DamEvent {
        public String type() { return "scan.started"; }
    }

    record ScanProgress(String scanId, long scanned, long added, long updated, long unchanged, long deferred,
                        long failed, long skipped, String currentPath) implements DamEvent {
        public String type() { return "scan.progress"; }
    }

    record JobStateChanged(long jobId, String kind, Long assetId, String state, String error, int attempts)
            implements DamEvent {
        public String type() { return "job.state"; }
    }

    record JobProgress(long jobId, String kind, Long assetId, double progress) implements DamEvent {
        public String type() { return "job.progress"; }
    }

    /** The job queue was paused ({@code paused}) or resumed, by {@code by}. */
    record JobQueuePaused(boolean paused, String by) implements DamEvent {
        public String type() { return "job.queue"; }
    }

    /** Finished ({@code which} = "finished") or failed jobs were deleted at a user's request. */
    record JobsCleared(String which, int count) implements DamEvent {
        public String type() { return "job.cleared"; }
    }

    record ScanFinished(String scanId, org.thatdam.model.ScanReport report) implements DamEvent {
        public String type() { return "scan.finished"; }
    }

    /** A live source appeared or went (plugged, unplugged, added, removed). */
    record CaptureSourcesChanged() implements DamEvent {
        public String type() { return "capture.sources"; }
    }

    /** A live source changed state ({@code idle}, {@code live}, {@code no-signal}, {@code recording}…). */
    record CaptureState(String source, String state) implements DamEvent {
        public String type() { return "capture.state"; }
    }

    record RecordingStarted(org.thatdam.model.CaptureTake take) implements DamEvent {
        public String type() { return "recording.started"; }
    }

    /** About once a second per running take. */
    record RecordingProgress(long takeId, String source, double durationSeconds, long bytes, long droppedFrames,
                             String timecode, long diskFreeBytes) implements DamEvent {
        public String type() { return "recording.progress"; }
    }

    /** {@code reason}: stopped, seconds, disk-full, signal-lost or shutdown. */
    record RecordingStopped(org.thatdam.model.CaptureTake take, String reason) implements DamEvent {
        public String type() { return "recording.stopped"; }
    }

    record RecordingFailed(org.thatdam.model.CaptureTake take, String error) implements DamEvent {
        public String type() { return "recording.failed"; }
    }
}
