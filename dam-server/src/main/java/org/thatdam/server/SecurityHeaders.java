package org.thatdam.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;

/**
 * The headers every response carries (API, dashboard, static files, errors): no content sniffing,
 * no referrer to other sites, and no framing by another origin. Framing is refused by the
 * {@code Content-Security-Policy} response header ({@code frame-ancestors} is ignored in a
 * {@code <meta>} policy) and by {@code X-Frame-Options} for older browsers. The policy is the
 * dashboard's; a page with other needs (the API docs) replaces it.
 */
final class SecurityHeaders implements Filter {

    /** The dashboard's policy: only its own scripts, styles, media, service worker and manifest, framed only by itself. */
    static final String PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "media-src 'self' blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'self'";

    static final Map<String, String> HEADERS = headers(PAGE_CSP);

    private final Map<String, String> headers;

    /** The dashboard's policy, where maps may also show the images of {@code tiles} (map.tile-url). */
    SecurityHeaders(java.util.Optional<MapTiles> tiles) {
        this.headers = headers(tiles.map(t -> PAGE_CSP.replace("img-src 'self' data: blob:;", "img-src 'self' data: blob: "
                + t.origin() + ";")).orElse(PAGE_CSP));
    }

    private static Map<String, String> headers(String csp) {
        return Map.of(
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "same-origin",
                "X-Frame-Options", "SAMEORIGIN",
                "Content-Security-Policy", csp);
    }

    static void apply(HttpServletResponse res) {
        HEADERS.forEach(res::setHeader);
    }

    /** For answers Jetty writes itself (a malformed request), where no servlet response exists. */
    static void apply(HttpFields.Mutable fields) {
        HEADERS.forEach(fields::put);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        headers.forEach(((HttpServletResponse) response)::setHeader);
        chain.doFilter(request, response);
    }
}
