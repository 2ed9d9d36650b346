package org.thatdam.server.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.ImportRun;

/**
 * One import, while it runs (its counters grow as each file is done) and once it ended: state
 * running, done, failed (some files could not be copied with proof: see failures) or cancelled.
 */
public record ImportView(long id, @Nullable Long jobId, String source, List<String> destinations, @Nullable String batch,
                         List<String> hashes, @Nullable String user, String state, int files, long bytes, int filesDone,
                         int filesSkipped, long bytesDone, @Nullable String currentFile, List<Failure> failures,
                         @Nullable String error, Instant startedAt, @Nullable Instant finishedAt) {

    /** A file that could not be copied with proof, and why. */
    public record Failure(String path, String error) {}

    public static ImportView of(ImportRun r) {
        return new ImportView(r.id(), r.jobId(), r.source(), r.destinations(), r.batch(), r.hashes(), r.user(), r.state(),
                r.filesTotal(), r.bytesTotal(), r.filesDone(), r.filesSkipped(), r.bytesDone(), r.currentFile(),
                r.failures().stream().map(f -> new Failure(f.path(), f.error())).toList(), r.error(), r.startedAt(),
                r.finishedAt());
    }
}
