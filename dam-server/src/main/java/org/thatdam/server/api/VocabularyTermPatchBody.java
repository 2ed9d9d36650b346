package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A change to a term: a new {@code label} (renames it and re-tags assets), a new {@code parent} (a
 * term's path, or "" for the top: moves it and re-tags assets), its synonyms (replacing them all) or its
 * description ("" clears it). Fields left out stay as they are.
 */
public record VocabularyTermPatchBody(@Nullable String label, @Nullable String parent, @Nullable List<String> synonyms,
                                      @Nullable String description) {}
