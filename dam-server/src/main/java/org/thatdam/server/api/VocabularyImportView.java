package org.thatdam.server.api;

import java.util.List;
import org.thatdam.core.vocabulary.ImportReport;

/**
 * What an import did ({@code applied}) or would do (a dry run): terms read, paths of the terms added,
 * synonyms added, descriptions set, and what was left out and why.
 */
public record VocabularyImportView(boolean applied, int read, List<String> added, int synonymsAdded, int descriptionsSet,
                                   List<String> skipped) {

    public static VocabularyImportView of(ImportReport r) {
        return new VocabularyImportView(r.applied(), r.read(), r.added(), r.synonymsAdded(), r.descriptionsSet(), r.skipped());
    }
}
