package org.thatdam.server.api;

/** A user's own password change: the current password proves it is them. */
public record PasswordBody(String currentPassword, String newPassword) {}
