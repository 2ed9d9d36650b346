package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/**
 * A vocabulary file to merge into the tree: its {@code format} ("csv" or "json"), its text, and whether
 * to {@code apply} it (left out or false: a dry run that only reports).
 */
public record VocabularyImportBody(String format, String content, @Nullable Boolean apply) {}
