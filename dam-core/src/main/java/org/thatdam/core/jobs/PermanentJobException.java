package org.thatdam.core.jobs;

/** A job failure that retrying cannot fix (undecodable file, asset gone). */
public class PermanentJobException extends RuntimeException {
    public PermanentJobException(String message) {
        super(message);
    }

    public PermanentJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
