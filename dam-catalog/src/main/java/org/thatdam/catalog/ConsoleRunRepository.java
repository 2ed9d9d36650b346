package org.thatdam.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thatdam.model.ConsoleRun;

/** The persisted history of ffmpeg console runs. */
public interface ConsoleRunRepository {

    /** Records a queued run; returns its id. */
    long create(Long assetId, String sourcePath, String preset, Map<String, String> params, List<String> tokens,
                String display, long now);

    void attachJob(long id, long jobId);

    /**
     * queued → running, or running again after its worker died; false when it has ended (cancelled
     * before it started, say).
     */
    boolean start(long id);

    /** Records how it ended (one of {@link ConsoleRun#FINAL_STATES}). */
    void finish(long id, String state, Integer exitCode, Long durationMs, List<String> outputs, String message,
                String stderrTail, long now);

    Optional<ConsoleRun> find(long id);

    /** Newest first; only runs on {@code assetId} when it is not null. */
    List<ConsoleRun> recent(Long assetId, int limit);
}
