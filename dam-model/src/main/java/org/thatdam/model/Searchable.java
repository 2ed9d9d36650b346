package org.thatdam.model;

import java.util.List;

/**
 * An asset with everything a search index projects from it (one row per asset, for bulk reads),
 * including its custom field values ({@code fields}, one per value).
 */
public record Searchable(Asset asset, List<String> tags, String description, String creationTime, String titleTag,
                         String commentTag, String cameraMake, String cameraModel, List<Field> fields) {

    public Searchable {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** One custom field value: the field's name and type, its canonical text and its number (see {@link FieldValue}). */
    public record Field(String name, FieldType type, String text, Double number) {}
}
