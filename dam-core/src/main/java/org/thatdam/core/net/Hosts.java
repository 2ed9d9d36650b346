package org.thatdam.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Host names and addresses as the server meets them: the address it binds to, {@code Host}
 * headers, forwarded client addresses. Nothing here asks a resolver: what a name resolves to is up
 * to whoever answers DNS, so only an IP literal, or the name {@code localhost}, says "this machine".
 */
public final class Hosts {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

    private Hosts() {}

    /**
     * An IP address written as one (IPv6 maybe in brackets), never looked up: a name is not an
     * address here, and {@link InetAddress#getByName} only parses what these patterns let through.
     */
    public static Optional<InetAddress> literal(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1);
        boolean v4 = IPV4.matcher(t).matches();
        if (!v4 && !IPV6.matcher(t).matches()) return Optional.empty();
        if (v4) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) return Optional.empty();
            }
        }
        try {
            return Optional.of(InetAddress.getByName(t));
        } catch (UnknownHostException e) {
            return Optional.empty(); // a malformed IPv6 literal
        }
    }

    /** A loopback IP literal ({@code 127.0.0.0/8}, {@code ::1}); a name never is one. */
    public static boolean isLoopbackAddress(String text) {
        return literal(text).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /**
     * Whether {@code host} (an address or name, maybe with brackets or a port) is this machine's
     * loopback: a loopback literal or {@code localhost}. Any other name is not, whatever it
     * resolves to now; null or empty (every interface) is not.
     */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) return false;
        String h = bareHost(host);
        return h.equals("localhost") || isLoopbackAddress(h);
    }

    /**
     * The host part of a {@code Host} header, {@code host:port} or address: lower case, without
     * port, without the brackets of an IPv6 literal and without a final dot. An IPv6 literal without
     * brackets is kept whole (its colons are not a port).
     */
    public static String bareHost(String hostAndPort) {
        String h = hostAndPort.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) h = h.substring(0, colon); // name:port
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** The port of {@code host:port} or {@code [v6]:port}; {@code defaultPort} when none, -1 when not a number. */
    public static int port(String hostAndPort, int defaultPort) {
        String h = hostAndPort.strip();
        int colon = h.lastIndexOf(':');
        if (colon < 0 || h.lastIndexOf(']') > colon || !h.startsWith("[") && h.indexOf(':') != colon) return defaultPort;
        try {
            return Integer.parseInt(h.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code host} as the host part of a URL: an IPv6 literal in brackets, anything else as it is. */
    public static String forUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
