package org.thatdam.media;

/** A media file could not be read or processed; the message is meant for the user. */
public class MediaException extends RuntimeException {
    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
