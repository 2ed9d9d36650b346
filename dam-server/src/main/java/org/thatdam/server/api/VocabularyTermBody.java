package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A new term at {@code path} (levels separated by '/'; missing levels above it are made too), with synonyms and a description. */
public record VocabularyTermBody(String path, @Nullable List<String> synonyms, @Nullable String description) {}
