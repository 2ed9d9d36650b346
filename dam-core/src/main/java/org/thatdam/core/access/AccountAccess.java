package org.thatdam.core.access;

import org.thatdam.catalog.CatalogSession;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;

/**
 * Who may manage an account's password, keys and sessions: an admin anyone's, a user their own.
 * Through an API key, only a key with all of its user's rights counts as the user: a viewer key of
 * an admin must not change the admin's password, end the admin's sessions or revoke the admin's
 * other keys (it may revoke itself).
 */
final class AccountAccess {

    private AccountAccess() {}

    /** Whether {@code by} may act on {@code owner}'s keys and sessions. */
    static boolean mayManage(CatalogSession s, Principal by, String owner) {
        if (by.may(Role.ADMIN)) return true;
        if (!by.is(owner)) return false;
        if (by.via() != Principal.Via.API_KEY) return true;
        return s.users().find(by.user()).map(u -> u.role() == by.role()).orElse(false);
    }

    /** Refuses unless {@link #mayManage}: forbidden for one's own account through a lesser key, else only-an-admin. */
    static void requireManage(CatalogSession s, Principal by, String owner) {
        if (mayManage(s, by, owner)) return;
        if (by.is(owner)) throw lesserKey();
        UserService.requireAdmin(by);
    }

    static DamException lesserKey() {
        return DamException.forbidden("this API key has fewer rights than its user; it cannot manage the user's password, keys or sessions");
    }
}
