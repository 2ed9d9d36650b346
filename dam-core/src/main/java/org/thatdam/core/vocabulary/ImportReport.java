package org.thatdam.core.vocabulary;

import java.util.List;

/**
 * What an import did, or would do when not {@code applied} (a dry run): how many terms the file
 * held, the paths of the terms it adds, how many synonyms it adds and descriptions it sets, and what
 * it left out and why ({@code skipped}: a synonym that belongs to another term, a CSV column that is not ours).
 */
public record ImportReport(boolean applied, int read, List<String> added, int synonymsAdded, int descriptionsSet,
                           List<String> skipped) {}
