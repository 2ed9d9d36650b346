package org.thatdam.model;

import java.util.Objects;

/**
 * The one error type users see: a {@link ErrorCode} and a message written for them. Anything else
 * that reaches the API or the CLI is a bug, logged with its stack trace and answered as
 * {@code internal}.
 */
public class DamException extends RuntimeException {

    private final ErrorCode code;

    public DamException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public DamException(ErrorCode code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public static DamException invalid(String message) {
        return new DamException(ErrorCode.INVALID, message);
    }

    public static DamException badRequest(String message) {
        return new DamException(ErrorCode.BAD_REQUEST, message);
    }

    public static DamException notFound(String message) {
        return new DamException(ErrorCode.NOT_FOUND, message);
    }

    public static DamException conflict(String message) {
        return new DamException(ErrorCode.CONFLICT, message);
    }

    public static DamException forbidden(String message) {
        return new DamException(ErrorCode.FORBIDDEN, message);
    }

    public static DamException unauthorized(String message) {
        return new DamException(ErrorCode.UNAUTHORIZED, message);
    }

    public static DamException rateLimited(String message) {
        return new DamException(ErrorCode.RATE_LIMITED, message);
    }

    public static DamException tooLarge(String message) {
        return new DamException(ErrorCode.TOO_LARGE, message);
    }

    public static DamException unavailable(String message, Throwable cause) {
        return new DamException(ErrorCode.UNAVAILABLE, message, cause);
    }
}
