package org.thatdam.core.serve;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/** Another server already owns this library (its lock is held). */
public final class ServerRunningException extends DamException {

    private final transient ServerEndpoint endpoint;

    public ServerRunningException(ServerEndpoint endpoint) {
        super(ErrorCode.CONFLICT, "another server is already running on this library ("
                + (endpoint == null ? "its address is unknown" : "pid " + endpoint.pid() + ", " + endpoint.url())
                + "); stop it first");
        this.endpoint = endpoint;
    }


    /** Where it runs, or null when its server.json is missing or unreadable. */
    public ServerEndpoint endpoint() {
        return endpoint;
    }
}
