package org.thatdam.server.api;

import java.util.List;

/** The whole vocabulary: every term, parents first and siblings by label, and whether tags must be terms. */
public record VocabularyView(boolean restricted, List<VocabularyTermView> terms) {}
