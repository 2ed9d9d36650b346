package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;
import org.thatdam.core.vocabulary.Suggestion;

/** A term offered for what is being typed: its preferred {@code path}, {@code label}, and the synonym that matched ({@code via}). */
public record VocabularySuggestionView(String path, String label, @Nullable String via) {

    public static VocabularySuggestionView of(Suggestion s) {
        return new VocabularySuggestionView(s.path(), s.label(), s.via());
    }
}
