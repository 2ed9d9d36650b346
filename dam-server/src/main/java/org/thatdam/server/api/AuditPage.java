package org.thatdam.server.api;

import java.util.List;

/** Audit entries, newest first. */
public record AuditPage(List<AuditEntryView> items) {}
