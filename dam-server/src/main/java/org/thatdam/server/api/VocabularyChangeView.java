package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;
import org.thatdam.core.vocabulary.TermChange;

/**
 * What a rename, move, merge or delete did: the term's path afterwards (null once deleted) and how
 * many assets' tags it changed (for a delete: how many assets still carry its tags, now free tags).
 */
public record VocabularyChangeView(@Nullable String path, int assetsChanged) {

    public static VocabularyChangeView of(TermChange c) {
        return new VocabularyChangeView(c.path(), c.assetsChanged());
    }
}
