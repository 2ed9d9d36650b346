package org.thatdam.core.serve;

import org.thatdam.core.Dam;
import org.thatdam.core.net.Hosts;
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
     * Refuses to serve {@code dam} on {@code host} when the host is not loopback ({@link Hosts#isLoopback}:
     * a loopback address or {@code localhost}; any other name may stand for any address) and the
     * library has no user yet, saying why and what to do.
     *
     * @throws DamException {@link ErrorCode#SETUP_REQUIRED}
     */
    public static void check(Dam dam, String host) {
        if (Hosts.isLoopback(host) || !dam.users().needsSetup()) return;
        boolean name = host != null && !host.isBlank() && Hosts.literal(host).isEmpty();
        throw new DamException(ErrorCode.SETUP_REQUIRED, "refusing to serve on " + host
                + (name ? " (a host name other than localhost may stand for any address)" : "") + " while this library has no user:"
                + " anyone reaching that address could make themselves its admin. Create the first admin with"
                + " 'dam users add NAME --role admin --password-stdin', or serve on 127.0.0.1 and use the setup page first");
    }
}
