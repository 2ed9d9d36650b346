package org.thatdam.model;

import java.time.Instant;

/** One line of the audit log: who ({@code user} is null for the local command line or nobody), did what, to what. */
public record AuditEntry(long id, Instant at, String user, String action, String target, String detail, String address) {}
