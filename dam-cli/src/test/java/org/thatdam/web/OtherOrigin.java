package org.thatdam.web;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * A web site of another origin (another port of this host) for browser tests of what a foreign
 * page can do to the dashboard: it serves the HTML that {@code page} gives for each request path.
 */
final class OtherOrigin implements AutoCloseable {

    private final HttpServer server;

    private OtherOrigin(HttpServer server) {
        this.server = server;
    }

    static OtherOrigin serving(UnaryOperator<String> page) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                byte[] body = page.apply(ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return new OtherOrigin(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The address of {@code path} on this site. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
