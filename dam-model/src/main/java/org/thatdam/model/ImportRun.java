package org.thatdam.model;

import java.time.Instant;
import java.util.List;

/**
 * One import of a folder (a camera card) into one or more destinations, as recorded while it runs:
 * its counters are updated as each file is done, so a reader sees its progress and, once it ended,
 * its result. {@code jobId} is the job that ran it (null for one run from the command line).
 */
public record ImportRun(long id, Long jobId, String source, List<String> destinations, String batch, List<String> hashes,
                        String user, String state, int filesTotal, long bytesTotal, int filesDone, int filesSkipped,
                        long bytesDone, String currentFile, List<Failure> failures, String error, Instant startedAt,
                        Instant updatedAt, Instant finishedAt) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /** A file that could not be copied with proof, and why. */
    public record Failure(String path, String error) {}

    /** How far it got, written after each file. */
    public record Progress(int filesDone, int filesSkipped, long bytesDone, String currentFile, List<Failure> failures) {}
}
