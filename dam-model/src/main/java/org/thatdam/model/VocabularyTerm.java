package org.thatdam.model;

import java.util.List;

/**
 * One term of the controlled vocabulary as the catalog keeps it: its preferred {@code label}, its
 * parent (null at the top), an optional description and its synonyms (other words for it).
 */
public record VocabularyTerm(long id, Long parentId, String label, String description, List<String> synonyms) {

    public VocabularyTerm {
        synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
    }
}
