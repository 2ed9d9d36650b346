package org.thatdam.catalog;

/** The repositories, bound to one connection (and, in {@link Catalog#write}, to one transaction). */
public interface CatalogSession {
    AssetRepository assets();

    BatchRepository batches();

    RootRepository roots();

    LedgerRepository ledger();

    JobRepository jobs();

    DerivativeRepository derivatives();

    ConsoleRunRepository consoleRuns();

    ChangeLogRepository changes();

    UserRepository users();

    SessionRepository sessions();

    ApiKeyRepository apiKeys();

    AuditRepository audit();

    ShareLinkRepository shareLinks();

    PreferenceRepository preferences();

    SavedSearchRepository savedSearches();

    FieldRepository fields();
    VocabularyRepository vocabulary();

    CollectionRepository collections();

    XmpRepository xmp();

    SceneRepository scenes();

    SceneTextRepository sceneTexts();

    EmbeddingRepository embeddings();
    FingerprintRepository fingerprints();

    CaptureRepository capture();

    /**
     * Runs {@code work} inside a savepoint of this session's transaction: when it throws, only its own
     * changes are undone and the exception passes on; the rest of the transaction stands. When SQLite
     * ended the whole transaction instead, a {@link CatalogException} says so. Only inside {@link Catalog#write}.
     */
    <T> T savepoint(Catalog.Work<T> work);
}
