package org.thatdam.server.api;

import java.time.Instant;
import org.thatdam.model.User;

/** An account, without anything secret. */
public record UserView(String name, String role, Instant createdAt, Instant updatedAt) {

    public static UserView of(User u) {
        return new UserView(u.name(), u.role().id(), u.createdAt(), u.updatedAt());
    }
}
