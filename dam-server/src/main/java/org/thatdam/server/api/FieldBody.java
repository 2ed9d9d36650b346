package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.fields.FieldSpec;

/**
 * A custom field to create (name and type needed) or the changes to one (anything left out stays).
 * {@code type}: text, long-text, number, date, boolean, choice, multi-choice, person or url;
 * {@code kinds}: the asset kinds it applies to (default video, audio, image); {@code choices} for
 * the two choice types; {@code vocabulary}: a vocabulary branch a text field's values must be terms
 * under ("" removes it); {@code position}: where it goes in the list (0 = first).
 */
public record FieldBody(@Nullable String name, @Nullable String label, @Nullable String type, @Nullable Boolean required,
                        @Nullable List<String> kinds, @Nullable String help, @Nullable List<String> choices,
                        @Nullable String vocabulary, @Nullable Integer position) {

    public FieldSpec toSpec() {
        return new FieldSpec(name, label, type, required, kinds, help, choices, vocabulary, position);
    }
}
