package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.vocabulary.TermInfo;

/**
 * A vocabulary term: its preferred full {@code path} (what tags store), {@code label}, the path of its
 * {@code parent} (null at the top), synonyms, description, {@code depth} (0 at the top) and how many
 * direct {@code children} it has.
 */
public record VocabularyTermView(long id, String path, String label, @Nullable String parent, List<String> synonyms,
                                 @Nullable String description, int depth, int children) {

    public static VocabularyTermView of(TermInfo t) {
        return new VocabularyTermView(t.id(), t.path(), t.label(), t.parent(), t.synonyms(), t.description(), t.depth(),
                t.children());
    }
}
