package org.thatdam.core.duplicates;

import java.util.List;

/**
 * The near-duplicates of the library: groups, those that would free the most first.
 * {@code fingerprinted}: how many videos have a fingerprint of their current content (the others
 * are not compared yet); {@code pending}: fingerprint jobs still queued or running.
 */
public record DuplicateReport(int fingerprinted, int pending, List<DuplicateGroup> groups) {}
