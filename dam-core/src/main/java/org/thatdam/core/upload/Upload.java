package org.thatdam.core.upload;

import java.time.Instant;
import java.util.Map;

/**
 * One upload as staged in {@code <home>/uploads/<id>.json} (its bytes are {@code <id>.part}):
 * whose it is ({@code owner}, a user name in lower case, "" for the command line), how long it
 * will be, how much has durably arrived, the client's metadata, when it began and when it expires
 * (it is deleted unless continued by then), and, once finished, what it became.
 */
public record Upload(String id, String owner, long length, long offset, Map<String, String> metadata, Instant created,
                     Instant expires, UploadResult result) {

    public Upload {
        metadata = Map.copyOf(metadata);
    }

    public boolean finished() {
        return result != null;
    }

    Upload withOffset(long newOffset, Instant newExpires) {
        return new Upload(id, owner, length, newOffset, metadata, created, newExpires, result);
    }

    Upload withResult(UploadResult r, Instant newExpires) {
        return new Upload(id, owner, length, offset, metadata, created, newExpires, r);
    }
}
