package org.thatdam.model;

/**
 * Who makes a change, for its audit entry: the {@link Principal} and the client's address
 * ({@code address} null when there is none: the command line).
 */
public record Actor(Principal principal, String address) {

    private static final Actor COMMAND_LINE = new Actor(Principal.commandLine(), null);

    public Actor {
        if (principal == null) throw new NullPointerException("principal");
    }

    /** The local command line: the entry names no user and no address. */
    public static Actor commandLine() {
        return COMMAND_LINE;
    }
}
