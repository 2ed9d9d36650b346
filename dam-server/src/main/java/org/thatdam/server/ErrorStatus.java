package org.thatdam.server;

import org.thatdam.model.ErrorCode;

/** The HTTP status of each error code; exhaustive, so a new code must be given one here. */
final class ErrorStatus {

    private ErrorStatus() {}

    static int of(ErrorCode code) {
        // README's table of error codes lists these statuses: keep the two in step
        return switch (code) {
            case INVALID, BAD_MEDIA -> 422;
            case BAD_REQUEST, BAD_QUERY, BAD_PATH -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case FORBIDDEN, CROSS_ORIGIN -> 403;
            case METHOD_NOT_ALLOWED -> 405;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case RANGE_NOT_SATISFIABLE -> 416;
            case BAD_HOST -> 421;
            case UNAUTHORIZED, SETUP_REQUIRED -> 401;
            case TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case DISK_FULL -> 507;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    /**
     * The code of a status the HTTP layer answers by itself (Jetty, Javalin): never a bare number.
     * 413, 414 and 431 (body, URI, headers too large) are all {@code too_large}.
     */
    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 409 -> ErrorCode.CONFLICT;
            case 413, 414, 431 -> ErrorCode.TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 416 -> ErrorCode.RANGE_NOT_SATISFIABLE;
            case 421 -> ErrorCode.BAD_HOST;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    }
}
