package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/**
 * A network source to add: its name and URL (rtsp, rtsps, srt, rtmp, rtmps, http, https), the RTSP
 * transport ({@code tcp} or {@code udp}), the credentials it needs (kept apart from the catalog and
 * never shown back) and a sound input to pair with it.
 */
public record CaptureSourceBody(String name, String url, @Nullable String transport, @Nullable String username,
                                @Nullable String password, @Nullable String audio) {
    /** What the body shows of itself in a log or an error: never the password. */
    @Override
    public String toString() {
        return "CaptureSourceBody[name=" + name + ", transport=" + transport + ", username=" + (username == null ? "-" : "…") + "]";
    }
}
