package org.thatdam.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * On a server speaking HTTPS, a request that arrived in plain HTTP on the same port (someone typed
 * {@code http://}) is answered with a redirect to the same address over HTTPS and nothing else: no
 * page, no API answer and no cookie travels unencrypted.
 */
final class HttpsOnly implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (request.isSecure()) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        String name = req.getServerName();
        String host = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
        String query = req.getQueryString();
        res.setStatus(308); // like 301, but the method and body are kept
        res.setHeader("Location", "https://" + host + ":" + req.getServerPort() + req.getRequestURI() + (query == null ? "" : "?" + query));
        res.setHeader("Connection", "close");
        res.setContentLength(0);
    }
}
