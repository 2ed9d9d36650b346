package org.thatdam.server;

import io.javalin.Javalin;
import org.thatdam.core.config.ConfigException;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps other web sites out of the API. Any page open in the user's browser can send requests to
 * the server on loopback: a "simple" cross-site POST (a {@code text/plain} body needs no CORS
 * preflight) could prune the library or add roots, and a DNS-rebinding page can even read answers.
 * So: a state-changing API request must carry its body as {@code application/json} (415
 * {@code unsupported_media_type}) and must not come from another origin (403 {@code cross_origin});
 * and the server answers only to host names it knows (421 {@code bad_host}): loopback names, IP
 * addresses (a rebinding page can only make the browser send its own name), the name it is bound to
 * and those of {@code server.allowed-hosts}, however it is bound. The dashboard (same origin) and
 * the CLI (no Origin, loopback Host) pass. Behind a trusted reverse proxy the host is the one the
 * client asked the proxy for ({@link ClientAddress#host}).
 */
final class CrossSiteGuard {

    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    /** A name or IPv4 address, or a bracketed IPv6 address, and maybe a port: nothing like a URL. */
    private static final Pattern HOST_AND_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:\\[\\]/@\\s]+)(:\\d{1,5})?");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    /** Host names accepted besides loopback names and addresses. */
    private final Set<String> names;

    private CrossSiteGuard(Set<String> names) {
        this.names = names;
    }

    /** Puts the checks in front of every request, the API and the event stream's upgrade. */
    static void install(Javalin app, String boundHost, String allowedHosts) {
        CrossSiteGuard guard = new CrossSiteGuard(hostNames(boundHost, allowedHosts));
        app.before(guard::checkRequest);
        app.wsBeforeUpgrade(guard::checkUpgrade);
    }

    private void checkRequest(Context ctx) {
        checkHost(ctx);
        if (ctx.path().startsWith("/api/") && !SAFE.contains(ctx.method())) {
            checkOrigin(ctx);
            checkBodyType(ctx);
        }
    }

    private void checkUpgrade(Context ctx) {
        checkHost(ctx);
        checkOrigin(ctx);
    }

    /** DNS rebinding: a foreign name that resolves to this machine still says its own name in Host. */
    private void checkHost(Context ctx) {
        String host = ClientAddress.host(ctx);
        if (host == null) return; // HTTP/1.0 without Host: not a browser
        String name = bareHost(host);
        if (!isLoopbackName(name) && !isAddress(name) && !names.contains(name)) {
            throw new DamException(ErrorCode.BAD_HOST, "this server does not answer to the host name \""
                    + Params.abbreviate(host) + "\"; add it to server.allowed-hosts to reach the server under that name");
        }
    }

    /**
     * The names of {@code server.allowed-hosts} (comma-separated, a port is ignored) and the bound
     * host when it is a name.
     */
    static Set<String> hostNames(String boundHost, String allowedHosts) {
        Set<String> out = new java.util.TreeSet<>();
        String bound = bareHost(boundHost == null ? "" : boundHost);
        if (HOST_NAME.matcher(bound).matches() && !isAddress(bound)) out.add(bound);
        for (String raw : (allowedHosts == null ? "" : allowedHosts).split(",")) {
            if (raw.isBlank()) continue;
            String name = bareHost(raw);
            boolean shape = HOST_AND_PORT.matcher(raw.strip()).matches();
            if (!shape || !HOST_NAME.matcher(name).matches() && !isAddress(name)) {
                throw new ConfigException("server.allowed-hosts: '" + Params.abbreviate(raw.strip())
                        + "' is not a host name (give names like dam.example.org, separated by commas)");
            }
            out.add(name);
        }
        return Set.copyOf(out);
    }

    /** An IPv4 or IPv6 literal (IPv6 without brackets, as {@link #bareHost} leaves it). */
    static boolean isAddress(String bareHost) {
        return IPV4.matcher(bareHost).matches() || (bareHost.contains(":") && bareHost.matches("[0-9a-f:.]+"));
    }

    private static void checkOrigin(Context ctx) {
        if ("cross-site".equalsIgnoreCase(ctx.header("Sec-Fetch-Site"))) {
            throw crossOrigin("a request from another web site");
        }
        String origin = ctx.header("Origin");
        if (origin == null) return; // not sent by a browser (the CLI, curl)
        String host = ClientAddress.host(ctx);
        if (host == null || !sameHostAndPort(origin, host)) {
            throw crossOrigin("a request from " + Params.abbreviate(origin));
        }
    }

    private static DamException crossOrigin(String what) {
        return new DamException(ErrorCode.CROSS_ORIGIN, what + " may not change this library; use the dashboard served by this server");
    }

    private static void checkBodyType(Context ctx) {
        boolean body = ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null;
        if (!body) return;
        String type = ctx.contentType();
        String mime = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mime.equals("application/json")) {
            throw new DamException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the request body must be sent as Content-Type: application/json"
                    + (type == null ? "" : " (not " + Params.abbreviate(type) + ")"));
        }
    }

    /**
     * Whether {@code origin} ({@code scheme://host[:port]}) names the same host and port as the
     * {@code Host} header. A missing port on either side is the origin scheme's default. The scheme
     * itself is not compared: nothing else can serve this host and port, and behind a TLS-terminating
     * proxy the page is https while the request reaching us is http.
     */
    static boolean sameHostAndPort(String origin, String hostHeader) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (java.net.URISyntaxException e) {
            return false; // includes "null" (sandboxed frames, file: pages)
        }
        if (uri.getScheme() == null || uri.getHost() == null) return false;
        int defaultPort = uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        int hostPort = portOf(hostHeader, defaultPort);
        return bareHost(uri.getHost()).equals(bareHost(hostHeader)) && originPort == hostPort;
    }

    /** The host part of a Host header or address, lower case, IPv6 literals without brackets. */
    static String bareHost(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) h = h.substring(0, colon); // name:port
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static int portOf(String hostHeader, int defaultPort) {
        String h = hostHeader.strip();
        int colon = h.lastIndexOf(':');
        if (colon < 0 || h.lastIndexOf(']') > colon) return defaultPort;
        try {
            return Integer.parseInt(h.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean isLoopbackName(String bareHost) {
        return bareHost.equals("localhost") || bareHost.equals("::1") || bareHost.equals("0:0:0:0:0:0:0:1")
                || IPV4_LOOPBACK.matcher(bareHost).matches();
    }
}
