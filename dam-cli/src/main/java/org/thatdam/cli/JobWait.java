package org.thatdam.cli;

import java.io.PrintWriter;
import org.thatdam.model.Job;
import org.thatdam.core.Dam;

/** Runs the job queue in this process until one job has ended, with a progress bar on a terminal. */
final class JobWait {

    private JobWait() {}

    static Job await(Dam dam, long jobId, PrintWriter err, boolean bar) throws Exception {
        try (AutoCloseable ignored = JobProgressBar.attach(dam, err, bar)) {
            return dam.jobs().runUntilDone(jobId, job -> { });
        }
    }

    /** Like {@link #await}; when the job did not succeed, says so on stderr ("dam: WHAT failed: why") and returns false. */
    static boolean awaitDone(Dam dam, long jobId, PrintWriter err, boolean bar, String what) throws Exception {
        Job job = await(dam, jobId, err, bar);
        if (job.state().succeeded()) return true; // done, or skipped as not needed
        err.println("dam: " + what + " " + job.state().id() + (job.error() == null ? "" : ": " + job.error()));
        return false;
    }
}
