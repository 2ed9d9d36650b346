package org.thatdam.core.vocabulary;

import java.util.List;

/**
 * A vocabulary term as shown: its preferred full {@code path}, {@code label}, the path of its
 * {@code parent} (null at the top), synonyms, description, {@code depth} (0 at the top) and how
 * many direct {@code children} it has.
 */
public record TermInfo(long id, String path, String label, String parent, List<String> synonyms, String description,
                       int depth, int children) {}
