package org.thatdam.core.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.thatdam.core.Dam;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * Whether a library may be served on an address. On loopback a library without users is set up in
 * the dashboard's first-run page; on an address other machines reach, whoever got there first
 * would create the admin, so serving there waits until the library has a user.
 */
public final class Exposure {

    private Exposure() {}

    /**
     * Refuses to serve {@code dam} on {@code host} when the host is not loopback and the library has
     * no user yet, saying why and what to do.
     *
     * @throws DamException {@link ErrorCode#SETUP_REQUIRED}
     */
    public static void check(Dam dam, String host) {
        if (isLoopback(host) || !dam.users().needsSetup()) return;
        throw new DamException(ErrorCode.SETUP_REQUIRED, "refusing to serve on " + host + " while this library has no user:"
                + " anyone reaching that address could make themselves its admin. Create the first admin with"
                + " 'dam users add NAME --role admin --password-stdin', or serve on 127.0.0.1 and use the setup page first");
    }

    /**
     * Whether {@code host} only listens on this machine's loopback: a loopback address, or a name
     * whose every address is one. A name that does not resolve is let through (listening on it fails
     * with its own message); an empty host is every interface.
     */
    static boolean isLoopback(String host) {
        String h = host == null ? "" : host.strip();
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.isEmpty()) return false;
        try {
            InetAddress[] all = InetAddress.getAllByName(h);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) return false;
            }
            return true;
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
