package org.thatdam.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.net.Hosts;

/**
 * Where a request comes from and how, as audit entries, login throttling, cookies and the host
 * checks see it. Behind a reverse proxy the TCP peer is the proxy: only when the peer is one of
 * {@code server.trusted-proxies} are its {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host} believed. Anyone else can write those headers, so from any other peer
 * they are ignored. RFC 7239 {@code Forwarded} is never believed: the usual proxy configurations
 * set the {@code X-Forwarded-*} family and pass a client's own {@code Forwarded} through untouched.
 */
final class ClientAddress {

    private static final String ATTRIBUTE = "dam.client";
    /** Headers a proxy adds; a request carrying any of them came through one (or pretends to). */
    private static final List<String> FORWARDING = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Proto",
            "X-Forwarded-Host", "X-Real-IP");

    /**
     * What is known of the client: its {@code address}, whether it reached the first proxy (or us)
     * over HTTPS, the {@code host} it asked for (a {@code Host} header's value, null when none), and
     * whether the request carried forwarding headers at all.
     */
    record Client(String address, boolean https, @Nullable String host, boolean forwarded) {}

    private ClientAddress() {}

    /** Works out the client of every request and event-stream upgrade before anything else looks at it. */
    static void install(Javalin app, TrustedProxies proxies) {
        app.before(ctx -> ctx.attribute(ATTRIBUTE, resolve(ctx, proxies)));
        app.wsBeforeUpgrade(ctx -> ctx.attribute(ATTRIBUTE, resolve(ctx, proxies)));
    }

    /** The client's address. */
    static String of(Context ctx) {
        return client(ctx).address();
    }

    /** Whether the client reached us, or the proxy in front of us, over HTTPS (cookies are then marked Secure). */
    static boolean https(Context ctx) {
        return client(ctx).https();
    }

    /** The host name and port the client asked for (null without a {@code Host} header). */
    static @Nullable String host(Context ctx) {
        return client(ctx).host();
    }

    /** A client on this machine that did not come through a proxy (and does not claim to). */
    static boolean localDirect(Context ctx) {
        Client c = client(ctx);
        return !c.forwarded() && Hosts.isLoopbackAddress(ctx.ip());
    }

    private static Client client(Context ctx) {
        Client c = ctx.attribute(ATTRIBUTE);
        return c != null ? c : resolve(ctx, TrustedProxies.NONE);
    }

    static Client resolve(Context ctx, TrustedProxies proxies) {
        boolean forwarded = FORWARDING.stream().anyMatch(h -> ctx.header(h) != null);
        boolean https = "https".equalsIgnoreCase(ctx.scheme());
        Client direct = new Client(ctx.ip(), https, ctx.header("Host"), forwarded);
        Optional<InetAddress> peer = Hosts.literal(ctx.ip());
        if (!forwarded || peer.isEmpty() || !proxies.trusts(peer.get())) return direct;
        // Proto and host as the nearest proxy set them: the last value (a proxy that appends keeps
        // whatever the client sent before its own), never the client's first.
        String address = clientOf(values(ctx, "X-Forwarded-For"), proxies, direct.address());
        String proto = last(values(ctx, "X-Forwarded-Proto"));
        String host = last(values(ctx, "X-Forwarded-Host"));
        return new Client(address, proto == null ? direct.https() : proto.equalsIgnoreCase("https"),
                host == null ? direct.host() : host, true);
    }

    /**
     * The client among the hops (client first, our peer's own address last, not in the list): the
     * rightmost that is not a trusted proxy, since everything left of it may be made up. A hop that
     * is not an address (garbage, "unknown", an obfuscated name) ends the walk at the proxy that
     * reported it.
     */
    private static String clientOf(List<String> hops, TrustedProxies proxies, String peer) {
        String client = peer;
        List<String> reversed = new ArrayList<>(hops);
        Collections.reverse(reversed);
        for (String hop : reversed) {
            Optional<InetAddress> a = Hosts.literal(Hosts.bareHost(hop));
            if (a.isEmpty()) return client;
            client = a.get().getHostAddress();
            if (!proxies.trusts(a.get())) return client;
        }
        return client;
    }

    /** Every comma-separated value of every line of header {@code name}, in order. */
    private static List<String> values(Context ctx, String name) {
        List<String> out = new ArrayList<>();
        var lines = ctx.req().getHeaders(name);
        while (lines != null && lines.hasMoreElements()) {
            for (String v : lines.nextElement().split(",")) {
                if (!v.isBlank()) out.add(v.strip());
            }
        }
        return out;
    }

    private static @Nullable String last(List<String> values) {
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }
}
