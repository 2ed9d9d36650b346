package org.thatdam.catalog;

import java.util.List;
import java.util.Optional;
import org.thatdam.model.Role;
import org.thatdam.model.User;

/** Accounts; names are unique ignoring case. */
public interface UserRepository {

    /** Creates the user; empty when the name is taken. */
    Optional<User> create(String name, Role role, String passwordHash, long now);

    Optional<User> find(String name);

    Optional<User> find(long id);

    /** The stored password hash of {@code name}, when the user exists. */
    Optional<String> passwordHash(String name);

    List<User> list();

    long count();

    long countWithRole(Role role);

    boolean setPasswordHash(long id, String passwordHash, long now);

    boolean setRole(long id, Role role, long now);

    /** Deletes the user with its sessions and keys. */
    boolean delete(long id);
}
