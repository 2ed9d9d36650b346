package org.thatdam.server;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.thatdam.core.config.ConfigException;
import org.thatdam.core.net.Hosts;

/**
 * The reverse proxies of {@code server.trusted-proxies}: addresses and CIDR ranges, IPv4 or IPv6.
 * Only a request whose TCP peer is one of them may say, in forwarding headers, who the client is.
 */
final class TrustedProxies {

    /** An address, or a range: the first {@code bits} bits of {@code address}. */
    private record Range(byte[] address, int bits) {
        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != address.length) return false;
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != address[i]) return false;
            }
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = 0xff << (8 - rest) & 0xff;
            return (b[full] & mask) == (address[full] & mask);
        }
    }

    static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Parses the setting's value (comma-separated); a value that is neither address nor range is a {@link ConfigException}. */
    static TrustedProxies parse(String value) {
        List<Range> out = new ArrayList<>();
        for (String raw : (value == null ? "" : value).split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) continue;
            out.add(range(item).orElseThrow(() -> new ConfigException("server.trusted-proxies: '" + Params.abbreviate(item)
                    + "' is not an IP address or CIDR range (give addresses like 127.0.0.1 or 10.0.0.0/8, separated by commas)")));
        }
        return new TrustedProxies(List.copyOf(out));
    }

    private static Optional<Range> range(String item) {
        int slash = item.indexOf('/');
        Optional<InetAddress> address = Hosts.literal(slash < 0 ? item : item.substring(0, slash));
        if (address.isEmpty()) return Optional.empty();
        byte[] bytes = address.get().getAddress();
        int bits = bytes.length * 8;
        if (slash >= 0) {
            String prefix = item.substring(slash + 1);
            if (!prefix.matches("\\d{1,3}")) return Optional.empty();
            bits = Integer.parseInt(prefix);
            if (bits > bytes.length * 8) return Optional.empty();
        }
        return Optional.of(new Range(bytes, bits));
    }

    /** Whether {@code address} is one of the proxies. */
    boolean trusts(InetAddress address) {
        for (Range r : ranges) {
            if (r.contains(address)) return true;
        }
        return false;
    }
}
