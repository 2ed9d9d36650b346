package org.thatdam.model;

/**
 * Who is asking and with what rights: a user by session or API key, a share link, or the local
 * command line (which runs as whoever owns the library's files, so it may do everything).
 * {@code credentialId} is the session, key or link it came with (null for the command line).
 */
public record Principal(String user, Role role, Via via, Long credentialId) {

    public enum Via { SESSION, API_KEY, SHARE_LINK, COMMAND_LINE }

    private static final Principal COMMAND_LINE = new Principal(null, Role.ADMIN, Via.COMMAND_LINE, null);

    public static Principal commandLine() {
        return COMMAND_LINE;
    }

    public boolean may(Role needed) {
        return role.includes(needed);
    }

    /** Whether this is {@code name}'s own account (names compare as the catalog does: ignoring case). */
    public boolean is(String name) {
        return user != null && name != null && user.equalsIgnoreCase(name);
    }
}
