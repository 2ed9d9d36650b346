package org.thatdam.core.jobs;

/**
 * Thrown by a handler whose work turned out not to be needed (the version it was for was replaced,
 * the original already plays in a browser): the job ends as skipped, with this message as the reason.
 */
public final class JobSkippedException extends RuntimeException {
    public JobSkippedException(String reason) {
        super(reason, null, false, false); // an outcome, not a fault: no stack trace to fill
    }
}
