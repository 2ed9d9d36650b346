package org.thatdam.model;

import java.util.List;

/** An asset with everything a search index projects from it (one row per asset, for bulk reads). */
public record Searchable(Asset asset, List<String> tags, String description, String creationTime, String titleTag,
                         String commentTag, String cameraMake, String cameraModel) {}
