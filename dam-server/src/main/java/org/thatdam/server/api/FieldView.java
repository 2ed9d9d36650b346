package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.fields.FieldRules;
import org.thatdam.model.AssetKind;
import org.thatdam.model.FieldDefinition;
import org.thatdam.model.FieldType;

/** A custom field's definition; {@code accepts} says in words what its values may be. */
public record FieldView(String name, String label, FieldType type, boolean required, List<AssetKind> kinds,
                        @Nullable String help, List<String> choices, @Nullable String vocabulary, int position,
                        String accepts) {

    public static FieldView of(FieldDefinition d) {
        return new FieldView(d.name(), d.label(), d.type(), d.required(), d.kinds(), d.help(), d.choices(), d.vocabulary(),
                d.position(), FieldRules.accepts(d));
    }
}
