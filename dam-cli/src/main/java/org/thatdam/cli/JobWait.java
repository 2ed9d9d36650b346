package org.thatdam.cli;

import java.io.PrintWriter;
import org.thatdam.catalog.model.Job;
import org.thatdam.core.Dam;

/** Runs the job queue in this process until one job has ended, with a progress bar on a terminal. */
final class JobWait {

    private JobWait() {}

    static Job await(Dam dam, long jobId, PrintWriter err, boolean bar) throws Exception {
        dam.jobs().start();
        Job job;
        try (AutoCloseable ignored = JobProgressBar.attach(dam, err, bar)) {
            do {
                Thread.sleep(100);
                job = dam.catalog().read(s -> s.jobs().find(jobId)).orElseThrow();
            } while (!job.state().finished());
        }
        return job;
    }
}
