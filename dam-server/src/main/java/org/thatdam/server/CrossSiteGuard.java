package org.thatdam.server;

import io.javalin.Javalin;
import org.thatdam.core.config.ConfigException;
import org.thatdam.core.net.Hosts;
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
 * So: a state-changing API request must carry its body as {@code application/json} (an upload's bytes
 * as {@code application/offset+octet-stream}) (415
 * {@code unsupported_media_type}) and must not come from another origin (403 {@code cross_origin});
 * and the server answers only to host names it knows (421 {@code bad_host}): loopback names, IP
 * addresses (a rebinding page can only make the browser send its own name), the name it is bound to
 * and those of {@code server.allowed-hosts}, however it is bound. The dashboard (same origin) and
 * the CLI (no Origin, loopback Host) pass. Behind a trusted reverse proxy the host is the one the
 * client asked the proxy for ({@link ClientAddress#host}).
 */
final class CrossSiteGuard {

    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    /** A name or IPv4 address, or a bracketed IPv6 address, and maybe a port: nothing like a URL. */
    private static final Pattern HOST_AND_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:\\[\\]/@\\s]+)(:\\d{1,5})?");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    /** Host names accepted besides loopback names and addresses. */
    private final Set<String> names;

    private CrossSiteGuard(Set<String> names) {
        this.names = names;
    }

    /** The guard of a server bound to {@code boundHost} with {@code server.allowed-hosts}; a wrong setting is a ConfigException. */
    static CrossSiteGuard of(String boundHost, String allowedHosts) {
        return new CrossSiteGuard(hostNames(boundHost, allowedHosts));
    }

    /** Puts the checks in front of every request, the API and the event stream's upgrade. */
    void install(Javalin app) {
        app.before(this::checkRequest);
        app.wsBeforeUpgrade(this::checkUpgrade);
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
        if (!answersTo(host)) throw badHost(host);
    }

    /** Whether the server answers to {@code host} (a {@code Host} header's value): a loopback name, an address or a known name. */
    boolean answersTo(String host) {
        String name = Hosts.bareHost(host);
        return Hosts.isLoopback(name) || isAddress(name) || names.contains(name);
    }

    static DamException badHost(String host) {
        return new DamException(ErrorCode.BAD_HOST, "this server does not answer to the host name \""
                + Params.abbreviate(host) + "\"; add it to server.allowed-hosts to reach the server under that name");
    }

    /**
     * The names of {@code server.allowed-hosts} (comma-separated, a port is ignored) and the bound
     * host when it is a name.
     */
    static Set<String> hostNames(String boundHost, String allowedHosts) {
        Set<String> out = new java.util.TreeSet<>();
        String bound = Hosts.bareHost(boundHost == null ? "" : boundHost);
        if (HOST_NAME.matcher(bound).matches() && !isAddress(bound)) out.add(bound);
        for (String raw : (allowedHosts == null ? "" : allowedHosts).split(",")) {
            if (raw.isBlank()) continue;
            String name = Hosts.bareHost(raw);
            boolean shape = HOST_AND_PORT.matcher(raw.strip()).matches();
            if (!shape || !HOST_NAME.matcher(name).matches() && !isAddress(name)) {
                throw new ConfigException("server.allowed-hosts: '" + Params.abbreviate(raw.strip())
                        + "' is not a host name (give names like dam.example.org, separated by commas)");
            }
            out.add(name);
        }
        return Set.copyOf(out);
    }

    /** An IPv4 or IPv6 literal (IPv6 without brackets, as {@link Hosts#bareHost} leaves it). */
    private static boolean isAddress(String bareHost) {
        return Hosts.literal(bareHost).isPresent();
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
        // an upload's bytes have their own type, which (like JSON) no page can send without asking first
        String wanted = TusRoutes.isUploadPath(ctx.path()) ? TusRoutes.BYTES : "application/json";
        if (!mime.equals(wanted)) {
            throw new DamException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the request body must be sent as Content-Type: " + wanted
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
        int hostPort = Hosts.port(hostHeader, defaultPort);
        return Hosts.bareHost(uri.getHost()).equals(Hosts.bareHost(hostHeader)) && originPort == hostPort;
    }
}
