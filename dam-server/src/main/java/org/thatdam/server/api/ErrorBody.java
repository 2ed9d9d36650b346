package org.thatdam.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import org.thatdam.media.console.RejectedArgumentException;
import org.thatdam.model.ErrorCode;
import org.thatdam.search.QueryException;

/**
 * The one error shape: {@code {"error":{"code":…,"message":…}}}; an error about one part of the
 * request adds its details ({@code argument}: the console token that was refused; {@code position}: the
 * 0-based character offset in a search query where the problem was found).
 */
public record ErrorBody(Error error) {

    public record Error(ErrorCode code, String message, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Argument argument,
                        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer position) {}

    /** A token of an ffmpeg console command that is not allowed: where it is, what it is, and why. */
    public record Argument(int index, String token, String reason) {}

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(new Error(code, message, null, null));
    }

    public static ErrorBody of(QueryException e) {
        return new ErrorBody(new Error(e.code(), e.getMessage(), null, e.position()));
    }

    public static ErrorBody of(RejectedArgumentException e) {
        return new ErrorBody(new Error(ErrorCode.INVALID, e.getMessage(), new Argument(e.index(), e.token(), e.reason()), null));
    }
}
