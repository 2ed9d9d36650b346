package org.thatdam.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Predicate;
import org.thatdam.core.net.Hosts;

/**
 * On a server speaking HTTPS, a request that arrived in plain HTTP on the same port (someone typed
 * {@code http://}) is answered with a redirect to the same address over HTTPS and nothing else: no
 * page, no API answer and no cookie travels unencrypted. This runs before {@link CrossSiteGuard},
 * so the redirect only ever names a host the server answers to: any other {@code Host} gets 421.
 */
final class HttpsOnly implements Filter {

    private final Predicate<String> knownHost;

    /** {@code knownHost}: whether the server answers to a {@code Host} header's value ({@link CrossSiteGuard#answersTo}). */
    HttpsOnly(Predicate<String> knownHost) {
        this.knownHost = knownHost;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (request.isSecure()) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        String header = req.getHeader("Host");
        String host = header != null ? header : req.getLocalAddr(); // HTTP/1.0 without Host: the address it reached
        res.setHeader("Connection", "close");
        if (!knownHost.test(host)) {
            byte[] body = JsonErrorHandler.body(421, CrossSiteGuard.badHost(host).getMessage());
            res.setStatus(421);
            res.setContentType("application/json");
            res.setContentLength(body.length);
            try (OutputStream out = res.getOutputStream()) {
                out.write(body);
            }
            return;
        }
        String query = req.getQueryString();
        res.setStatus(308); // like 301, but the method and body are kept
        res.setHeader("Location", "https://" + Hosts.forUrl(Hosts.bareHost(host)) + ":" + req.getServerPort() + req.getRequestURI()
                + (query == null ? "" : "?" + query));
        res.setContentLength(0);
    }
}
