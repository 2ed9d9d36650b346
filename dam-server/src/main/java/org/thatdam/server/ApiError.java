package org.thatdam.server;

/**
 * A refusal that only HTTP has (a wrong Host, a cross-site write, a body that is not JSON, a range
 * outside the file), answered as {@code {"error":{"code":…,"message":…}}} with its own status.
 * Everything a service can say is a {@link org.thatdam.model.DamException} instead.
 */
public class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }
    public String code() { return code; }
}
