package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;
import org.thatdam.model.Role;

/** What an admin changes of an account: its role, its password (which ends the user's sessions), or both. */
public record UserPatchBody(@Nullable Role role, @Nullable String password) {}
