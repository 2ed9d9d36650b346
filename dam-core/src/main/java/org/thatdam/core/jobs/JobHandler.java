package org.thatdam.core.jobs;

/** Does the work of one job kind. Registered with the engine; start-up fails when a kind has none. */
public interface JobHandler {

    JobKind kind();

    /**
     * Runs the job. Throw {@link PermanentJobException} (or a media error) for failures that another
     * attempt cannot fix; anything else is retried with backoff up to the kind's attempt limit.
     */
    void run(JobContext context) throws Exception;
}
