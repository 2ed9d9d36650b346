package org.thatdam.media;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/** A media file could not be read or processed; the message is meant for the user. */
public class MediaException extends DamException {
    public MediaException(String message) {
        super(ErrorCode.BAD_MEDIA, message);
    }

    public MediaException(String message, Throwable cause) {
        super(ErrorCode.BAD_MEDIA, message, cause);
    }

    protected MediaException(ErrorCode code, String message) {
        super(code, message);
    }
}
