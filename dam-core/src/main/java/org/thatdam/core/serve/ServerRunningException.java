package org.thatdam.core.serve;

/** Another server already owns this library (its lock is held). */
public final class ServerRunningException extends IllegalStateException {

    private final transient ServerEndpoint endpoint;

    public ServerRunningException(ServerEndpoint endpoint) {
        super("another server is already running on this library ("
                + (endpoint == null ? "its address is unknown" : "pid " + endpoint.pid() + ", " + endpoint.url())
                + "); stop it first");
        this.endpoint = endpoint;
    }

    public String code() {
        return "server_running";
    }

    /** Where it runs, or null when its server.json is missing or unreadable. */
    public ServerEndpoint endpoint() {
        return endpoint;
    }
}
