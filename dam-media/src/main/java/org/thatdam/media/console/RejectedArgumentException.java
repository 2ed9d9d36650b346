package org.thatdam.media.console;

import org.thatdam.model.ErrorCode;

import org.thatdam.media.MediaException;

/**
 * An ffmpeg argument list was refused by {@link ArgumentPolicy}: which token, where, and why.
 *
 * <p>{@link #index()} is the 0-based position in the list (for highlighting the token in a UI);
 * the message counts from 1, as a person would: {@code argument 3 "-filter_script": reads a
 * script file; not allowed}. A rule about the list as a whole (no output, say) has the index
 * {@code tokens.size()} and an empty token.
 */
public final class RejectedArgumentException extends MediaException {

    private static final int SHOWN = 80;

    private final int index;
    private final String token;
    private final String reason;

    public RejectedArgumentException(int index, String token, String reason) {
        super(ErrorCode.INVALID, message(index, token, reason));
        this.index = index;
        this.token = token;
        this.reason = reason;
    }

    public int index() {
        return index;
    }

    public String token() {
        return token;
    }

    public String reason() {
        return reason;
    }

    private static String message(int index, String token, String reason) {
        if (token.isEmpty()) {
            return "after argument " + index + ": " + reason;
        }
        return "argument " + (index + 1) + " " + shown(token) + ": " + reason;
    }

    /** The token quoted, with control characters made visible and long ones cut. */
    static String shown(String token) {
        StringBuilder b = new StringBuilder("\"");
        int n = Math.min(token.length(), SHOWN);
        for (int i = 0; i < n; i++) {
            char c = token.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (token.length() > SHOWN) {
            b.append("…");
        }
        return b.append('"').toString();
    }
}
