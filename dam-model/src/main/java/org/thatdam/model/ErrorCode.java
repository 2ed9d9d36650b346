package org.thatdam.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What went wrong, in the words every surface shares: the API sends {@link #wire()} as
 * {@code error.code} (and maps it to an HTTP status), the CLI maps it to an exit code. Each layer
 * maps with an exhaustive switch, so a new code cannot be forgotten by either.
 */
public enum ErrorCode {
    /** A request or argument that breaks a rule (a field, a value, a combination). */
    INVALID("invalid"),
    /** Malformed input before any rule applies: bad JSON, a parameter of the wrong type. */
    BAD_REQUEST("bad_request"),
    /** A search query that does not parse; the message says where. */
    BAD_QUERY("bad_query"),
    /** A path that is not acceptable (outside a root, control characters, not absolute …). */
    BAD_PATH("bad_path"),
    NOT_FOUND("not_found"),
    /** The thing exists but is in a state that does not allow this (a running job, an unavailable file …). */
    CONFLICT("conflict"),
    /** Not allowed for this caller or in this place. */
    FORBIDDEN("forbidden"),
    /** No identity was given, or it is not valid. */
    UNAUTHORIZED("unauthorized"),
    /** The library has no user yet: the first admin must be created before anything else. */
    SETUP_REQUIRED("setup_required"),
    /** A body, file or output larger than a limit allows. */
    TOO_LARGE("too_large"),
    /** Too many attempts; try again later. */
    RATE_LIMITED("rate_limited"),
    /** A user's media file that cannot be read as media (damaged, hostile, not media at all). */
    BAD_MEDIA("bad_media"),
    /** The disk holding the library is (nearly) full; work pauses until space is freed. */
    DISK_FULL("disk_full"),
    /** A part of the library is not usable right now (index locked, server unreachable, catalog busy). */
    UNAVAILABLE("unavailable"),
    /** A request the HTTP API refuses by its form: a body not sent as UTF-8 JSON. */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
    /** A byte range outside the file. */
    RANGE_NOT_SATISFIABLE("range_not_satisfiable"),
    /** A Host header that is not a name of this server (DNS rebinding). */
    BAD_HOST("bad_host"),
    /** A write from a page of another web site. */
    CROSS_ORIGIN("cross_origin"),
    /** A known route asked with a method it does not answer. */
    METHOD_NOT_ALLOWED("method_not_allowed"),
    /** A bug: never caused by the caller. */
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
