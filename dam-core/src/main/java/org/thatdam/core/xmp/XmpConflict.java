package org.thatdam.core.xmp;

/**
 * A field changed both in the catalog and in the sidecar since they last agreed.
 *
 * @param kept "catalog" or "sidecar": the newer side (the sidecar's modification time against the edit's time)
 */
public record XmpConflict(String field, String catalog, String sidecar, String kept) {}
