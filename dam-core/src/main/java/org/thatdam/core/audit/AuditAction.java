package org.thatdam.core.audit;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.thatdam.model.DamException;

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
    USER_PASSWORD_FAILED("user.passwd.failed"),
    USER_ROLE("user.role"),
    APIKEY_CREATE("apikey.create"),
    APIKEY_REVOKE("apikey.revoke"),
    SHARE_CREATE("share.create"),
    SHARE_REVOKE("share.revoke"),
    SHARE_UNLOCK_FAILED("share.unlock.failed"),
    // changes to the library, written by the service that makes each one, whoever asked (API or command line)
    ASSET_EDIT("asset.edit"),
    ASSET_FORGET("asset.forget"),
    ASSET_BULK("asset.bulk"),
    /** A field changed both in the catalog and in the asset's XMP sidecar; the newer side was kept. */
    XMP_CONFLICT("xmp.conflict"),
    /** A sidecar written on request (edits written back need no entry of their own: the edit has one). */
    XMP_WRITE("xmp.write"),
    DERIVATIVE_REGENERATE("derivative.regenerate"),
    DERIVATIVE_DELETE("derivative.delete"),
    PROCESSING_MOTION("processing.motion"),
    PROCESSING_TRIM("processing.trim"),
    PROCESSING_CONSOLE("processing.console"),
    SCAN_START("scan.start"),
    UPLOAD("upload"),
    UPLOAD_CANCEL("upload.cancel"),
    IMPORT_START("import.start"),
    VERIFY_START("verify.start"),
    BATCH_CREATE("batch.create"),
    BATCH_RENAME("batch.rename"),
    BATCH_DELETE("batch.delete"),
    COLLECTION_CREATE("collection.create"),
    COLLECTION_EDIT("collection.edit"),
    COLLECTION_DELETE("collection.delete"),
    COLLECTION_ADD("collection.add"),
    COLLECTION_REMOVE("collection.remove"),
    COLLECTION_ORDER("collection.order"),
    COLLECTION_MOVE("collection.move"),
    ROOT_ADD("root.add"),
    ROOT_REMOVE("root.remove"),
    PRUNE("prune"),
    REINDEX("reindex"),
    JOB_RETRY("job.retry"),
    JOB_CANCEL("job.cancel"),
    JOB_PAUSE("job.pause"),
    JOB_RESUME("job.resume"),
    JOB_CLEAR("job.clear"),
    BACKUP("backup"),
    FIELD_CREATE("field.create"),
    FIELD_EDIT("field.edit"),
    FIELD_DELETE("field.delete"),
    VOCABULARY_ADD("vocabulary.add"),
    VOCABULARY_EDIT("vocabulary.edit"),
    VOCABULARY_RENAME("vocabulary.rename"),
    VOCABULARY_MOVE("vocabulary.move"),
    VOCABULARY_MERGE("vocabulary.merge"),
    VOCABULARY_DELETE("vocabulary.delete"),
    VOCABULARY_IMPORT("vocabulary.import"),
    VOCABULARY_SETTINGS("vocabulary.settings"),
    CAPTURE_SOURCE_ADD("capture.source.add"),
    CAPTURE_SOURCE_REMOVE("capture.source.remove"),
    CAPTURE_SOURCE_SETTINGS("capture.source.settings"),
    CAPTURE_RECORD("capture.record"),
    CAPTURE_STOP("capture.stop");

    private final String id;

    AuditAction(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Every filter {@link #matching} takes: each id, and each group (the first part of dotted ids). */
    public static List<String> filters() {
        java.util.Set<String> all = new java.util.TreeSet<>();
        for (AuditAction a : values()) {
            all.add(a.id);
            int dot = a.id.indexOf('.');
            if (dot > 0) all.add(a.id.substring(0, dot));
        }
        return List.copyOf(all);
    }

    /**
     * The ids {@code filter} names: one id ({@code login.failed}), or a group by its first part
     * ({@code login} is login and login.failed; {@code batch} every batch change). Anything else is refused.
     */
    public static List<String> matching(String filter) {
        String f = filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT);
        List<String> ids = Arrays.stream(values()).map(AuditAction::id)
                .filter(id -> id.equals(f) || id.startsWith(f + ".")).toList();
        if (ids.isEmpty()) {
            throw DamException.invalid("no audit action '" + (f.length() > 40 ? f.substring(0, 40) + "…" : f) + "'; actions: "
                    + String.join(", ", Arrays.stream(values()).map(AuditAction::id).toList()));
        }
        return ids;
    }
}
