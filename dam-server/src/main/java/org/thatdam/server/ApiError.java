package org.thatdam.server;

/** An error the API reports as {@code {"error":{"code":…,"message":…}}} with the given HTTP status. */
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
