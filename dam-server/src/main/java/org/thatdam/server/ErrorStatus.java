package org.thatdam.server;

import org.thatdam.model.ErrorCode;

/** The HTTP status of each error code; exhaustive, so a new code must be given one here. */
final class ErrorStatus {

    private ErrorStatus() {}

    static int of(ErrorCode code) {
        return switch (code) {
            case INVALID, BAD_MEDIA -> 422;
            case BAD_REQUEST, BAD_QUERY, BAD_PATH -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case FORBIDDEN -> 403;
            case UNAUTHORIZED -> 401;
            case TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case DISK_FULL -> 507;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }
}
