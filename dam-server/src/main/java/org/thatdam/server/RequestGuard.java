package org.thatdam.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.thatdam.core.json.Json;

/**
 * Runs before every route (REST, event stream, static files) and checks what Javalin cannot:
 * <ul>
 * <li>the body limit also for bodies of unknown length ({@code Transfer-Encoding: chunked}): such a
 * body is read here, up to the limit, and refused with 413 the moment it crosses it (the
 * connection is then closed, so the rest is never read); a declared length over the limit is
 * refused before anything is read;</li>
 * <li>method-override headers ({@code X-HTTP-Method-Override} and relatives), which Javalin would
 * otherwise honour (a GET turned into a DELETE): they are hidden, the request line's method counts.</li>
 * </ul>
 * Uploads ({@link TusRoutes}) are the exception to both: their bytes are streamed to disk by the
 * route, which limits them to what the upload still misses, and tus lets a client that cannot send
 * PATCH or DELETE send a POST with {@code X-HTTP-Method-Override} naming one of those two.
 */
final class RequestGuard implements Filter {

    /** Lower-case names of headers that could change the method a route sees. */
    static final Set<String> METHOD_OVERRIDES = Set.of("x-http-method-override", "x-http-method", "x-method-override");

    /** How long a refused client has to read the 413 before its connection is closed. */
    static final Duration CLOSE_DELAY = Duration.ofSeconds(1);

    private final long maxBody;

    RequestGuard(long maxBody) {
        this.maxBody = maxBody;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        // tus: every answer of the upload routes says the protocol version, refusals of any check too
        if (TusRoutes.isUploadPath(req.getRequestURI())) res.setHeader("Tus-Resumable", TusRoutes.VERSION);
        if (TusRoutes.isUploadPath(req.getRequestURI()) && Set.of("POST", "PATCH").contains(req.getMethod())) {
            chain.doFilter(new Guarded(req, null, TusRoutes.allowedOverride(req)), response);
            return;
        }
        long declared = req.getContentLengthLong();
        if (declared > maxBody) {
            refuse(req, res);
            return;
        }
        byte[] body = null;
        if (declared < 0 && hasBody(req)) {
            body = readAtMost(req.getInputStream(), maxBody);
            if (body == null) {
                refuse(req, res);
                return;
            }
        }
        chain.doFilter(new Guarded(req, body, false), response);
    }

    /** A body of unknown length: chunked, or anything Jetty did not frame with a Content-Length. */
    private static boolean hasBody(HttpServletRequest req) {
        String te = req.getHeader("Transfer-Encoding");
        return te != null && !te.isBlank();
    }

    /** The whole stream when it has at most {@code max} bytes; null as soon as it has more. */
    static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            if (out.size() + (long) n > max) return null;
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Answers 413 and closes the connection: Jetty would otherwise keep reading (and discarding) an
     * endless body after the answer. The close waits a moment so the client can read the answer
     * before the reset that unread data causes.
     */
    private void refuse(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setStatus(413);
        res.setHeader("Connection", "close");
        res.setContentType("application/json");
        res.setCharacterEncoding("utf-8");
        byte[] json = Json.mapper().writeValueAsBytes(org.thatdam.server.api.ErrorBody.of(org.thatdam.model.ErrorCode.TOO_LARGE,
                "request body is larger than the limit of " + maxBody + " bytes"));
        res.setContentLength(json.length);
        OutputStream out = res.getOutputStream();
        out.write(json);
        res.flushBuffer();
        HttpChannel channel = Request.getBaseRequest(req).getHttpChannel();
        EndPoint endPoint = channel.getEndPoint();
        channel.getConnector().getScheduler().schedule(endPoint::close, CLOSE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The request without method-override headers, and with the body already read when there was one. */
    private static final class Guarded extends HttpServletRequestWrapper {
        private final byte[] body;
        /** Whether the request's {@code X-HTTP-Method-Override} is let through (an upload's, see above). */
        private final boolean override;

        Guarded(HttpServletRequest req, byte[] body, boolean override) {
            super(req);
            this.body = body;
            this.override = override;
        }

        private boolean hidden(String name) {
            if (name == null) return false;
            String n = name.toLowerCase(Locale.ROOT);
            return METHOD_OVERRIDES.contains(n) && !(override && n.equals("x-http-method-override"));
        }

        @Override
        public String getHeader(String name) {
            return hidden(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(this::hidden);
            return Collections.enumeration(names);
        }

        @Override
        public int getContentLength() {
            return body != null ? body.length : super.getContentLength();
        }

        @Override
        public long getContentLengthLong() {
            return body != null ? body.length : super.getContentLengthLong();
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            return body != null ? new BufferedBody(body) : super.getInputStream();
        }
    }

    private static final class BufferedBody extends ServletInputStream {
        private final ByteArrayInputStream in;

        BufferedBody(byte[] body) {
            in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("the body was already read");
        }
    }
}
