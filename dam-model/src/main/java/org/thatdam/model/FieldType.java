package org.thatdam.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The type of a custom field: what its values are and how they are checked, stored and searched. */
public enum FieldType {
    TEXT("text"),
    LONG_TEXT("long-text"),
    NUMBER("number"),
    DATE("date"),
    BOOLEAN("boolean"),
    CHOICE("choice"),
    MULTI_CHOICE("multi-choice"),
    PERSON("person"),
    URL("url");

    private final String id;

    FieldType(String id) {
        this.id = id;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return id;
    }

    /** Whether its values come from the definition's list of choices. */
    public boolean hasChoices() {
        return this == CHOICE || this == MULTI_CHOICE;
    }

    /** Whether its values can be counted per value in search facets (a few distinct values). */
    public boolean facetable() {
        return hasChoices() || this == BOOLEAN;
    }

    public static FieldType parse(String s) {
        String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (FieldType t : values()) {
            if (t.id.equals(v)) return t;
        }
        throw DamException.invalid("unknown field type '" + s + "' (expected " + ids() + ")");
    }

    public static String ids() {
        return Arrays.stream(values()).map(FieldType::id).collect(Collectors.joining(", "));
    }
}
