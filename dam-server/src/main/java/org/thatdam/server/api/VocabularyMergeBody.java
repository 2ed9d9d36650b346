package org.thatdam.server.api;

/** Merge the term {@code from} into the term {@code into} (each a path, label or synonym). */
public record VocabularyMergeBody(String from, String into) {}
