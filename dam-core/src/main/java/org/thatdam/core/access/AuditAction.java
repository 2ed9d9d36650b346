package org.thatdam.core.access;

/** What the audit log records; {@link #id} is what the catalog keeps and the API shows. */
public enum AuditAction {
    SETUP("setup"),
    LOGIN("login"),
    LOGIN_FAILED("login.failed"),
    LOGOUT("logout"),
    SESSION_REVOKE("session.revoke"),
    USER_ADD("user.add"),
    USER_REMOVE("user.remove"),
    USER_PASSWORD("user.passwd"),
    USER_ROLE("user.role"),
    APIKEY_CREATE("apikey.create"),
    APIKEY_REVOKE("apikey.revoke"),
    SHARE_CREATE("share.create"),
    SHARE_REVOKE("share.revoke");

    private final String id;

    AuditAction(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
