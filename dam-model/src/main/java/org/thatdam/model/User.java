package org.thatdam.model;

import java.time.Instant;

/** An account. Its password hash stays in the catalog: nothing that lists users ever carries it. */
public record User(long id, String name, Role role, Instant createdAt, Instant updatedAt) {}
