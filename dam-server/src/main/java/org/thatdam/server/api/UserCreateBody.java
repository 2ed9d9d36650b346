package org.thatdam.server.api;

import org.thatdam.model.Role;

/** A new account: its name, role and first password. */
public record UserCreateBody(String username, Role role, String password) {}
