package org.thatdam.core.upload;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/** A request's bytes do not have the checksum sent with them: none of them were kept. */
public final class ChecksumMismatchException extends DamException {

    public ChecksumMismatchException(UploadChecksum.Algorithm algorithm) {
        super(ErrorCode.INVALID, "the bytes sent do not have the " + algorithm.tag()
                + " checksum sent with them; nothing of this request was kept, send it again");
    }
}
