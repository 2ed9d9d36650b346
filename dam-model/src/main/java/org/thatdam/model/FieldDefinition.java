package org.thatdam.model;

import java.util.List;

/**
 * A custom field an admin defined. {@code name} is the stable key (search, API, CLI); {@code label}
 * is what people read; {@code kinds} are the asset kinds it applies to; {@code choices} the allowed
 * values of a choice field, in order; {@code vocabulary}, when set, a vocabulary branch its values
 * must be terms under; {@code position} orders the fields on an asset's page.
 */
public record FieldDefinition(String name, String label, FieldType type, boolean required, List<AssetKind> kinds,
                              String help, List<String> choices, String vocabulary, int position) {

    public FieldDefinition {
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public FieldDefinition withPosition(int p) {
        return new FieldDefinition(name, label, type, required, kinds, help, choices, vocabulary, p);
    }

    public boolean appliesTo(AssetKind kind) {
        return kinds.contains(kind);
    }
}
