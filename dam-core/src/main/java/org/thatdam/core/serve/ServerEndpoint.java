package org.thatdam.core.serve;

import java.time.Instant;

/** What {@code server.json} says about the server running on a library: who it is and where to reach it. */
public record ServerEndpoint(long pid, String host, int port, String url, Instant startedAt) {

    /** The address a local client connects to: loopback when the server listens on every interface. */
    public String localUrl() {
        String h = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")
                ? "127.0.0.1" : host;
        if (h.contains(":") && !h.startsWith("[")) h = "[" + h + "]";
        return "http://" + h + ":" + port;
    }
}
