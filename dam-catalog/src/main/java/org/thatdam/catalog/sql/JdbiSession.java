package org.thatdam.catalog.sql;

import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.ApiKeyRepository;
import org.thatdam.catalog.AssetRepository;
import org.thatdam.catalog.AuditRepository;
import org.thatdam.catalog.BatchRepository;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.catalog.ChangeLogRepository;
import org.thatdam.catalog.CollectionRepository;
import org.thatdam.catalog.ConsoleRunRepository;
import org.thatdam.catalog.DerivativeRepository;
import org.thatdam.catalog.FieldRepository;
import org.thatdam.catalog.JobRepository;
import org.thatdam.catalog.LedgerRepository;
import org.thatdam.catalog.PreferenceRepository;
import org.thatdam.catalog.RootRepository;
import org.thatdam.catalog.SavedSearchRepository;
import org.thatdam.catalog.SessionRepository;
import org.thatdam.catalog.ShareLinkRepository;
import org.thatdam.catalog.UserRepository;
import org.thatdam.catalog.VocabularyRepository;

final class JdbiSession implements CatalogSession {
    private final Handle handle;
    private final SqlDialect dialect;

    JdbiSession(Handle handle, SqlDialect dialect) {
        this.handle = handle;
        this.dialect = dialect;
        if (dialect == SqlDialect.POSTGRESQL) handle.registerArgument(new PostgresText());
    }

    /** The SQL engine this session talks to, for the statements whose spelling differs. */
    SqlDialect dialect() {
        return dialect;
    }

    @Override
    public AssetRepository assets() {
        return new JdbiAssetRepository(handle, dialect);
    }

    @Override
    public BatchRepository batches() {
        return new JdbiBatchRepository(handle, dialect);
    }

    @Override
    public RootRepository roots() {
        return new JdbiRootRepository(handle);
    }

    @Override
    public LedgerRepository ledger() {
        return new JdbiLedgerRepository(handle, dialect);
    }

    @Override
    public JobRepository jobs() {
        return new JdbiJobRepository(handle, dialect);
    }

    @Override
    public DerivativeRepository derivatives() {
        return new JdbiDerivativeRepository(handle);
    }

    @Override
    public ConsoleRunRepository consoleRuns() {
        return new JdbiConsoleRunRepository(handle);
    }

    @Override
    public ChangeLogRepository changes() {
        return new JdbiChangeLogRepository(handle, dialect);
    }

    @Override
    public UserRepository users() {
        return new JdbiUserRepository(handle, dialect);
    }

    @Override
    public SessionRepository sessions() {
        return new JdbiSessionRepository(handle);
    }

    @Override
    public ApiKeyRepository apiKeys() {
        return new JdbiApiKeyRepository(handle);
    }

    @Override
    public AuditRepository audit() {
        return new JdbiAuditRepository(handle, dialect);
    }

    @Override
    public ShareLinkRepository shareLinks() {
        return new JdbiShareLinkRepository(handle);
    }

    @Override
    public PreferenceRepository preferences() {
        return new JdbiPreferenceRepository(handle);
    }

    @Override
    public SavedSearchRepository savedSearches() {
        return new JdbiSavedSearchRepository(handle, dialect);
    }

    @Override
    public FieldRepository fields() {
        return new JdbiFieldRepository(handle);
    }

    @Override
    public VocabularyRepository vocabulary() {
        return new JdbiVocabularyRepository(handle);
    }

    @Override
    public CollectionRepository collections() {
        return new JdbiCollectionRepository(handle, dialect);
    }

    @Override
    public org.thatdam.catalog.XmpRepository xmp() {
        return new JdbiXmpRepository(handle, dialect);
    }

    @Override
    public org.thatdam.catalog.SceneRepository scenes() {
        return new JdbiSceneRepository(handle);
    }

    @Override
    public org.thatdam.catalog.SceneTextRepository sceneTexts() {
        return new JdbiSceneTextRepository(handle);
    }

    @Override
    public org.thatdam.catalog.EmbeddingRepository embeddings() {
        return new JdbiEmbeddingRepository(handle);
    }

    @Override
    public org.thatdam.catalog.FingerprintRepository fingerprints() {
        return new JdbiFingerprintRepository(handle);
    }

    @Override
    public org.thatdam.catalog.CaptureRepository capture() {
        return new JdbiCaptureRepository(handle);
    }

    /** SQLite keeps savepoints of one name as a stack: nested calls each undo and release their own. */
    private static final String SAVEPOINT = "one_unit";

    @Override
    public <T> T savepoint(org.thatdam.catalog.Catalog.Work<T> work) {
        handle.execute("SAVEPOINT " + SAVEPOINT);
        T result;
        try {
            result = work.run(this);
        } catch (RuntimeException | Error e) {
            try {
                handle.execute("ROLLBACK TO " + SAVEPOINT);
                handle.execute("RELEASE " + SAVEPOINT);
            } catch (RuntimeException undo) {
                // SQLite ended the whole transaction (an I/O error, a full disk): nothing of it can be kept.
                undo.addSuppressed(e);
                throw new org.thatdam.catalog.CatalogException("catalog write failed: the transaction was lost: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), undo);
            }
            throw e;
        }
        handle.execute("RELEASE " + SAVEPOINT);
        return result;
    }
}
