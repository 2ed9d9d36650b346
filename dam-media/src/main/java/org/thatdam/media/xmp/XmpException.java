package org.thatdam.media.xmp;

import org.thatdam.media.MediaException;
import org.thatdam.model.ErrorCode;

/** XMP that cannot be read (malformed, hostile, too large) or a sidecar that cannot be written. */
public final class XmpException extends MediaException {
    public XmpException(String message) {
        super(message);
    }

    XmpException(ErrorCode code, String message) {
        super(code, message);
    }

    static XmpException tooLarge(String what, long size) {
        return new XmpException(ErrorCode.TOO_LARGE, what + " is " + size + " bytes, more than the " + Xmp.MAX_PACKET
                + " bytes an XMP packet may have here");
    }
}
