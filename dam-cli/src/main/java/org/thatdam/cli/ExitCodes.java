package org.thatdam.cli;

import org.thatdam.model.ErrorCode;

/**
 * The exit status of each error code, so scripts can tell "no such asset" from "the disk is full"
 * without reading the message. 1 is a failure without a code, 2 a command line picocli refused.
 */
final class ExitCodes {

    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int INTERNAL = 70;

    private ExitCodes() {}

    static int of(ErrorCode code) {
        return switch (code) {
            case INVALID, BAD_REQUEST, BAD_QUERY, BAD_PATH, UNSUPPORTED_MEDIA_TYPE, RANGE_NOT_SATISFIABLE, METHOD_NOT_ALLOWED -> USAGE;
            case NOT_FOUND -> 3;
            case CONFLICT -> 4;
            case FORBIDDEN, UNAUTHORIZED, SETUP_REQUIRED, BAD_HOST, CROSS_ORIGIN -> 5;
            case TOO_LARGE -> 6;
            case BAD_MEDIA -> 7;
            case UNAVAILABLE, RATE_LIMITED -> 8;
            case DISK_FULL -> 9;
            case INTERNAL -> INTERNAL;
        };
    }
}
