package org.thatdam.server.api;

import org.thatdam.media.console.RejectedArgumentException;

/** The error of a console command with a token that is not allowed: which token, and why. */
public record RejectedArgument(Error error) {

    public record Error(String code, String message, int index, String token, String reason) {}

    public static RejectedArgument of(RejectedArgumentException e) {
        return new RejectedArgument(new Error("rejected_argument", e.getMessage(), e.index(), e.token(), e.reason()));
    }
}
