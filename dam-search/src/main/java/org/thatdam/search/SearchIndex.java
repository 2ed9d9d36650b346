package org.thatdam.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.util.BytesRef;
import org.thatdam.model.DamException;
import org.thatdam.storage.IoErrors;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search index: a Lucene projection of the catalog, always rebuildable from it. Thread-safe:
 * searches run concurrently with each other and with upserts (near-real-time searcher, refreshed by
 * {@link #commit} and {@link #refresh}).
 *
 * <p>Writes become visible to searches after {@link #commit()} (durable) or {@link #refresh()}
 * (visible, not yet durable). Only one SearchIndex may have a directory open at a time (Lucene's write
 * lock); a second open fails with {@link SearchIndexLockedException}.
 */
public final class SearchIndex implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);

    /** Commit user data key of {@link #appliedSeq()}. */
    static final String SEQ_KEY = "dam.search.changeSeq";

    private final Path dir;
    private final Directory directory;
    private final ExecutorService executor;
    private final FacetCounter facetCounter = new FacetCounter();
    private final Map<FacetKey, FacetCounter.Counts> facetCache = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<FacetKey, FacetCounter.Counts> eldest) {
                    return size() > 64;
                }
            });
    private final Options options;
    private final TieredSimilarity similarity = new TieredSimilarity();
    /** Writers share it; {@link #rebuild} holds it exclusively so nothing commits half a rebuild. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile IndexWriter writer;
    private volatile SearcherManager manager;
    private volatile boolean closed;
    /** The change-log position stored in the user data of the next commit (-1: unknown). */
    private long commitSeq = -1;
    /** The change-log position searches see: set once a commit at that position is visible. */
    private volatile long appliedSeq = -1;
    /** What a tag: value means besides itself (a vocabulary's preferred path for a label or synonym). */
    private volatile java.util.function.Function<String, java.util.Optional<String>> tagMeaning = t -> java.util.Optional.empty();
    /** The custom fields' names, for field: searches to refuse one that does not exist (null: not checked). */
    private volatile java.util.function.Supplier<? extends java.util.Collection<String>> fieldNames;
    /** Query embedders by model id (see {@link #queryEmbedder}). */
    private final Map<String, java.util.function.Function<String, float[]>> embedders = new java.util.concurrent.ConcurrentHashMap<>();
    /** Similarity floors by model id (see {@link #similarityFloor}). */
    private final Map<String, Float> floors = new java.util.concurrent.ConcurrentHashMap<>(
            Map.of(IndexedAsset.TEXT_MODEL, DEFAULT_TEXT_FLOOR, IndexedAsset.VISUAL_MODEL, DEFAULT_VISUAL_FLOOR));
    /** Below this cosine, all-MiniLM-L6-v2 texts share little more than being English. */
    static final float DEFAULT_TEXT_FLOOR = 0.3f;
    /** What a one- or two-word query adds to the text model's floor (see {@link #shortQueryMargin}). */
    static final float SHORT_QUERY_MARGIN = 0.1f;
    /** CLIP-style text–image cosines run lower than text–text ones. */
    static final float DEFAULT_VISUAL_FLOOR = 0.2f;
    /** The most assets a vector search ranks (its total is at most this). */
    static final int MAX_VECTOR_CANDIDATES = 2000;
    /** Whether close() has released the directory (guarded by the write lock; closed may be set earlier). */
    private boolean released;

    /**
     * How an index behaves once open.
     *
     * @param facetCache keep recent facet counts; off only to measure the cost of counting (the search benchmark)
     */
    public record Options(boolean facetCache) {
        public static final Options DEFAULT = new Options(true);
    }

    private SearchIndex(Path dir, Directory directory, Options options) {
        this.dir = dir;
        this.directory = directory;
        this.options = options;
        // Searches run on the caller's thread by default: with a handful of cores shared by concurrent
        // requests, splitting one query across threads costs more (lost skipping, hand-offs) than it gains.
        int threads = Integer.getInteger("dam.search.threads", 1);
        this.executor = threads > 1 ? Executors.newFixedThreadPool(threads, daemonThreads()) : null;
    }

    /**
     * Opens the index in {@code dir}, creating it when the directory is missing or empty.
     *
     * @throws SearchIndexException when what is there is not a usable index (corrupt, truncated, not an
     *         index, another schema version): delete the directory and rebuild from the catalog
     * @throws SearchIndexLockedException when another SearchIndex has it open
     */
    public static SearchIndex open(Path dir) {
        return open(dir, Options.DEFAULT);
    }

    /** {@link #open(Path)} with other {@link Options}. */
    public static SearchIndex open(Path dir, Options options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new SearchIndexException("search index path " + dir + " is not a directory", e);
            }
            throw IoErrors.failure("cannot create search index directory " + dir, e);
        }
        FSDirectory directory;
        try {
            directory = FSDirectory.open(dir);
        } catch (IOException e) {
            throw IoErrors.failure("cannot open search index directory " + dir, e);
        }
        SearchIndex index = new SearchIndex(dir, directory, options);
        try {
            index.start();
            return index;
        } catch (LockObtainFailedException e) {
            index.abandon();
            throw new SearchIndexLockedException("search index " + dir + " is already open (by this or another process)", e);
        } catch (SearchIndexException e) {
            index.abandon();
            throw e;
        } catch (IOException | RuntimeException e) {
            index.abandon();
            IOException io = ioFailure(e);
            if (io != null) {
                // Not the index's fault (a full disk, a failing or unreadable one): it stays as it is.
                throw IoErrors.failure("search index " + dir + " cannot be opened", io);
            }
            throw new SearchIndexException("search index " + dir + " is unreadable (" + e + "); delete it and rebuild", e);
        }
    }

    /**
     * The I/O error behind a failed open, or null when the failure proves the index damaged: Lucene's
     * corruption and format errors, files cut short or missing, or garbage that is no index at all.
     * Only a damaged index may be deleted and rebuilt; an I/O error (ENOSPC, EIO, EACCES) must not cost it.
     */
    static IOException ioFailure(Throwable e) {
        IOException io = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof org.apache.lucene.index.CorruptIndexException
                    || t instanceof org.apache.lucene.index.IndexFormatTooOldException
                    || t instanceof org.apache.lucene.index.IndexFormatTooNewException
                    || t instanceof java.io.EOFException || t instanceof java.nio.file.NoSuchFileException
                    || t instanceof java.io.FileNotFoundException) {
                return null;
            }
            if (io == null && t instanceof IOException x) io = x;
        }
        return io;
    }

    /**
     * After a failed write (a full disk): a writer that Lucene closed on the failure is replaced by a
     * fresh one on the last commit, so applying the same changes again can succeed once there is room.
     * Returns whether it had to.
     */
    public boolean reopenIfBroken() {
        lock.writeLock().lock();
        try {
            if (closed || writer.isOpen()) return false;
            IOException cause = new IOException("search index writer closed after a failed write");
            Throwable tragic = writer.getTragicException();
            if (tragic != null) cause.initCause(tragic);
            recover(cause);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void start() throws IOException {
        long t0 = System.nanoTime();
        boolean exists = DirectoryReader.indexExists(directory);
        if (exists) {
            SegmentInfos last = SegmentInfos.readLatestCommit(directory);
            String version = last.getUserData().get(Schema.VERSION_KEY);
            if (!Schema.VERSION.equals(version)) {
                throw new SearchIndexException("search index " + dir + " has schema version " + version + ", expected "
                        + Schema.VERSION + "; delete it and rebuild");
            }
            String seq = last.getUserData().get(SEQ_KEY);
            if (seq != null) {
                try {
                    commitSeq = Long.parseLong(seq);
                } catch (NumberFormatException e) {
                    commitSeq = -1;   // unknown position: the owner rebuilds
                }
                appliedSeq = commitSeq;
            }
        } else {
            List<String> foreign = new ArrayList<>();
            for (String f : directory.listAll()) {
                if (!f.equals(IndexWriter.WRITE_LOCK_NAME) && !f.startsWith(".")) foreign.add(f);
            }
            if (!foreign.isEmpty()) {
                throw new SearchIndexException("search index " + dir + " holds " + foreign.size()
                        + " file(s) but no index (e.g. " + foreign.get(0) + "); delete it and rebuild");
            }
        }
        IndexWriter w = new IndexWriter(directory, writerConfig());
        try {
            w.setLiveCommitData(commitData());
            if (!exists) w.commit();
            SearcherManager m = new SearcherManager(w, searcherFactory());
            this.writer = w;
            this.manager = m;
        } catch (IOException | RuntimeException e) {
            try {
                w.rollback();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        log.debug("search index {} opened: {} documents in {} ms", dir, count(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** The user data of the next commit: the schema version and, when known, the applied change-log seq. */
    private Iterable<Map.Entry<String, String>> commitData() {
        return commitSeq < 0 ? Map.of(Schema.VERSION_KEY, Schema.VERSION).entrySet()
                : Map.of(Schema.VERSION_KEY, Schema.VERSION, SEQ_KEY, Long.toString(commitSeq)).entrySet();
    }

    /**
     * The position in the catalog's change log that the last commit reflects, or -1 when unknown (a
     * new index, or one written before positions were recorded): its owner then rebuilds it.
     */
    public long appliedSeq() {
        return appliedSeq;
    }

    private IndexWriterConfig writerConfig() {
        IndexWriterConfig cfg = new IndexWriterConfig(new SearchAnalyzer());
        cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        cfg.setSimilarity(similarity);
        cfg.setRAMBufferSizeMB(64);
        // newest id first inside every segment: "everything, newest first" (the order of a query
        // without words) stops after a page of documents per segment instead of reading them all
        cfg.setIndexSort(new Sort(LongField.newSortField(Schema.ID_NUM, true, SortedNumericSelector.Type.MIN)));
        cfg.setCommitOnClose(true);
        cfg.setCodec(CODEC);
        return cfg;
    }

    /**
     * Vectors as HNSW graphs over int8 scalar-quantised copies (a quarter of the memory a search touches;
     * the float vectors stay stored for {@code similar:} and merges). {@code -Ddam.search.vectors=float}
     * keeps float graphs, to measure the difference. Segments name their format: either reads back.
     */
    private static final org.apache.lucene.codecs.Codec CODEC = new org.apache.lucene.codecs.lucene103.Lucene103Codec() {
        private final org.apache.lucene.codecs.KnnVectorsFormat vectors = "float".equals(System.getProperty("dam.search.vectors"))
                ? new org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat()
                : new org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat();

        @Override
        public org.apache.lucene.codecs.KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return vectors;
        }
    };

    private SearcherFactory searcherFactory() {
        return new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) throws IOException {
                IndexSearcher s = executor == null ? new IndexSearcher(reader) : new IndexSearcher(reader, executor);
                s.setSimilarity(similarity);
                for (LeafReaderContext leaf : reader.leaves()) facetCounter.ords(leaf);  // warm facet arrays
                return s;
            }
        };
    }

    /** Releases what a failed open took. */
    private void abandon() {
        if (executor != null) executor.shutdownNow();
        try {
            directory.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    public Path dir() {
        return dir;
    }

    // ------------------------------------------------------------------ writes

    /** Adds or replaces the asset with this id. Visible to searches after {@link #commit} or {@link #refresh}. */
    public void upsert(IndexedAsset a) {
        Objects.requireNonNull(a, "asset");
        List<Document> docs = Schema.toDocuments(a);
        lock.readLock().lock();
        try {
            ensureOpen();
            // its scenes go and come back with it, in the same commit (a delete only hits documents added before it)
            writer.deleteDocuments(Schema.ownerTerm(a.id()));
            writer.updateDocument(Schema.idTerm(a.id()), docs.get(0));
            for (Document d : docs.subList(1, docs.size())) writer.addDocument(d);
        } catch (IOException e) {
            throw IoErrors.failure("search index: cannot index asset " + a.id(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    public void delete(long id) {
        lock.readLock().lock();
        try {
            ensureOpen();
            writer.deleteDocuments(Schema.idTerm(id), Schema.ownerTerm(id));
        } catch (IOException e) {
            throw IoErrors.failure("search index: cannot delete asset " + id, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Replaces the whole index with {@code all} (ids must be unique) in one commit: searches see the
     * old contents until the new ones are complete. When {@code all} throws, the index keeps its
     * previous contents and the exception propagates.
     */
    public void rebuild(Iterable<IndexedAsset> all) {
        rebuild(all, appliedSeq);
    }

    /**
     * {@link #rebuild(Iterable)}, committed as reflecting change-log position {@code seq} (read before
     * {@code all} started, so changes made meanwhile are applied again afterwards, not lost).
     */
    public void rebuild(Iterable<IndexedAsset> all, long seq) {
        Objects.requireNonNull(all, "all");
        long t0 = System.nanoTime();
        long n = 0;
        lock.writeLock().lock();
        try {
            ensureOpen();
        } catch (RuntimeException e) {
            lock.writeLock().unlock();
            throw e;
        }
        try {
            writer.commit();          // what a failed rebuild rolls back to
            writer.deleteAll();
            n = addAll(all);
            long before = commitSeq;
            commitSeq = seq;
            writer.setLiveCommitData(commitData());
            try {
                writer.commit();
            } catch (IOException | RuntimeException | Error e) {
                commitSeq = before;
                throw e;
            }
            manager.maybeRefreshBlocking();
            appliedSeq = seq;
        } catch (IOException | RuntimeException | Error e) {
            recover(e);
            if (e instanceof IOException io) throw IoErrors.failure("search index: rebuild failed", io);
            if (e instanceof RuntimeException re) throw re;
            throw (Error) e;
        } finally {
            lock.writeLock().unlock();
        }
        log.info("search index rebuilt: {} assets in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Adds every asset, analysing documents on one thread per core (up to 4) while the caller's thread
     * walks {@code all} (which therefore need not be thread-safe). The first failure stops the walk
     * and is rethrown once the workers are done.
     */
    private long addAll(Iterable<IndexedAsset> all) throws IOException {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        IndexWriter w = writer;
        long n = 0;
        if (threads == 1) {
            for (IndexedAsset a : all) {
                for (Document d : Schema.toDocuments(a)) w.addDocument(d);
                n++;
            }
            return n;
        }
        BlockingQueue<Document> queue = new ArrayBlockingQueue<>(2048);
        Document end = new Document();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().daemon().name("dam-search-rebuild-" + i).start(() -> {
                while (true) {
                    Document d;
                    try {
                        d = queue.take();
                    } catch (InterruptedException e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    if (d == end) return;
                    if (failure.get() != null) continue;   // drain
                    try {
                        w.addDocument(d);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
            }));
        }
        boolean interrupted = false;
        try {
            for (IndexedAsset a : all) {
                if (failure.get() != null) break;
                for (Document d : Schema.toDocuments(a)) {
                    while (true) {
                        try {
                            queue.put(d);
                            break;
                        } catch (InterruptedException e) {
                            interrupted = true;
                            failure.compareAndSet(null, e);
                        }
                    }
                }
                n++;
            }
        } finally {
            for (Thread t : workers) {
                while (true) {
                    try {
                        queue.put(end);
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            for (Thread t : workers) {
                while (true) {
                    try {
                        t.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        Throwable f = failure.get();
        if (f instanceof IOException io) throw io;
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error e) throw e;
        if (f != null) throw new IOException("search index: rebuild interrupted", f);
        return n;
    }

    /** After a failed rebuild: drop everything since the last commit and start a fresh writer on it. */
    private void recover(Throwable cause) {
        IndexWriter oldWriter = writer;
        SearcherManager oldManager = manager;
        try {
            oldWriter.rollback();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            IndexWriter w = new IndexWriter(directory, writerConfig());
            w.setLiveCommitData(commitData());
            this.manager = new SearcherManager(w, searcherFactory());
            this.writer = w;
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            closed = true;
        }
        try {
            oldManager.close();   // searches holding its searchers release them normally
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Makes every write so far durable and visible to searches. */
    public void commit() {
        lock.readLock().lock();
        try {
            ensureOpen();
            if (writer.hasUncommittedChanges()) writer.commit();
            manager.maybeRefreshBlocking();
        } catch (IOException e) {
            throw IoErrors.failure("search index: commit failed", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Makes every write so far durable and visible, recorded as reflecting change-log position
     * {@code seq}. The caller applies changes in seq order and commits one position at a time.
     */
    public void commit(long seq) {
        lock.readLock().lock();
        try {
            ensureOpen();
            synchronized (this) {   // position and commit together: two committers never interleave them
                long before = commitSeq;
                commitSeq = seq;
                try {
                    writer.setLiveCommitData(commitData());
                    writer.commit();
                } catch (IOException | RuntimeException e) {
                    commitSeq = before;   // not durable: the changes are applied again
                    throw e;
                }
                manager.maybeRefreshBlocking();
                appliedSeq = seq;   // only now do searches see it
            }
        } catch (IOException e) {
            throw IoErrors.failure("search index: commit failed", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Makes every write so far visible to searches, without the cost of making it durable. */
    public void refresh() {
        lock.readLock().lock();
        try {
            ensureOpen();
            manager.maybeRefreshBlocking();
        } catch (IOException e) {
            throw IoErrors.failure("search index: refresh failed", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    // ------------------------------------------------------------------ reads

    /** Assets visible to searches (as of the last commit or refresh). */
    public long count() {
        return withSearcher(s -> s.getIndexReader().docFreq(new org.apache.lucene.index.Term(Schema.DOC, Schema.DOC_SCENE)) == 0
                ? (long) s.getIndexReader().numDocs() : (long) s.count(Schema.assetDocs()));
    }

    /** Teaches tag: searches what tag values mean (e.g. a vocabulary's preferred path for a synonym). */
    public void tagMeaning(java.util.function.Function<String, java.util.Optional<String>> meaning) {
        this.tagMeaning = Objects.requireNonNull(meaning, "meaning");
    }

    /**
     * Teaches semantic searches to turn words into a query vector of model {@code model}
     * ({@link IndexedAsset#TEXT_MODEL}, {@link IndexedAsset#VISUAL_MODEL}); the function may return null
     * when it cannot (no model configured). Without one for the text model, semantic searches say so and
     * hybrid ones match keywords only.
     */
    public void queryEmbedder(String model, java.util.function.Function<String, float[]> embed) {
        embedders.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(embed, "embed"));
    }

    /**
     * The cosine below which a neighbour by model {@code model} is no match: a query about nothing in the
     * library then finds nothing rather than the least distant things.
     */
    public void similarityFloor(String model, float floor) {
        floors.put(Objects.requireNonNull(model, "model"), floor);
    }

    /** Teaches field: searches which custom fields exist (asked only for a query naming one). */
    public void fieldNames(java.util.function.Supplier<? extends java.util.Collection<String>> names) {
        this.fieldNames = Objects.requireNonNull(names, "names");
    }

    /**
     * Runs one search.
     *
     * @throws QueryException when the query cannot be understood (message and position say why)
     */
    public SearchResult search(SearchRequest r) {
        Objects.requireNonNull(r, "request");
        long t0 = System.nanoTime();
        QueryLanguage.Parsed parsed = QueryLanguage.parse(r.query(), tagMeaning, fieldNames);
        QueryLanguage.Similar similar = QueryLanguage.similar(parsed.node());
        return withSearcher(s -> {
            try {
                List<VectorSearch.Probe> probes = probes(s, r.mode(), parsed, similar);
                if (probes == null) return run(s, r, parsed.keyword(), t0);
                return runVector(s, r, parsed, probes, similar, t0);
            } catch (IndexSearcher.TooManyClauses e) {
                throw new QueryException("query is too complex (" + e.getMessage() + ") at 0", 0);
            }
        });
    }

    /**
     * The ids of every asset that {@code query} with facet selections {@code filters} matches, in id
     * order. More than {@code max} matches is an error naming the count, so that a caller never
     * acts on part of what was asked for.
     *
     * @throws QueryException when the query cannot be understood
     */
    public long[] ids(String query, Map<String, List<String>> filters, int max) {
        QueryLanguage.Parsed parsed = QueryLanguage.parse(query == null ? "" : query, t -> java.util.Optional.empty(), fieldNames)
                .keyword();
        Map<String, List<String>> selected = FacetFilters.check(filters);
        return withSearcher(s -> {
            try {
                Query q = filtered(s, parsed.query(), selected, null);
                int total = s.count(q);
                if (total > max) {
                    throw DamException.invalid("the query selects " + total + " assets; at most " + max + " at once");
                }
                if (total == 0) return new long[0];
                Sort byId = new Sort(LongField.newSortField(Schema.ID_NUM, false, SortedNumericSelector.Type.MIN));
                ScoreDoc[] docs = s.search(q, new TopFieldCollectorManager(byId, total, null, total)).scoreDocs;
                long[] out = new long[docs.length];
                for (int i = 0; i < docs.length; i++) out[i] = (Long) ((FieldDoc) docs[i]).fields[0];
                return out;
            } catch (IndexSearcher.TooManyClauses e) {
                throw new QueryException("query is too complex (" + e.getMessage() + ") at 0", 0);
            }
        });
    }

    /**
     * The vectors to search with: a {@code similar:} term's stored ones, else the query's words embedded
     * (not in keyword mode); null means a keyword search. Words are embedded only when the index holds
     * vectors of that model (a library without any never loads a model).
     */
    private List<VectorSearch.Probe> probes(IndexSearcher s, SearchMode mode, QueryLanguage.Parsed parsed,
            QueryLanguage.Similar similar) throws IOException {
        List<VectorSearch.Probe> out = new ArrayList<>();
        if (similar != null && mode == SearchMode.KEYWORD) {
            throw new QueryException("similar: needs semantic or hybrid search at 0", 0);
        }
        if (similar != null) {
            Map<String, float[]> stored = similar.scene() ? VectorSearch.sceneVectors(s, similar.id()).vectors()
                    : VectorSearch.storedVectors(s, new BooleanQuery.Builder()
                            .add(VectorSearch.term(Schema.ID, similar.id()), BooleanClause.Occur.MUST)
                            .add(Schema.assetDocs(), BooleanClause.Occur.FILTER).build(), Schema.VECTOR);
            if (stored.isEmpty()) {
                String what = (similar.scene() ? "scene " : "asset ") + similar.id();
                throw new QueryException("similar: " + what + " has no vectors (unknown, or not analysed yet) at 0", 0);
            }
            stored.forEach((model, v) -> out.add(new VectorSearch.Probe(model, v, floor(model))));
            return out;
        }
        if (mode == SearchMode.KEYWORD) return null;
        String words = QueryLanguage.words(parsed.node());
        if (words.isBlank()) return null;   // only filters: nothing to rank by meaning
        for (String model : List.of(IndexedAsset.TEXT_MODEL, IndexedAsset.VISUAL_MODEL)) {
            var embed = embedders.get(model);
            float[] v = null;
            boolean indexed = hasVectors(s, model);
            if (embed != null && !indexed) continue;
            if (embed != null) {
                try {
                    v = Schema.unit(embed.apply(words));
                } catch (RuntimeException e) {
                    if (mode == SearchMode.SEMANTIC && model.equals(IndexedAsset.TEXT_MODEL)) throw e;
                    log.warn("search: the {} model could not embed the query; matching without it", model, e);
                }
            }
            if (v != null) out.add(new VectorSearch.Probe(model, v, floor(model) + shortQueryMargin(model, words)));
            else if (model.equals(IndexedAsset.TEXT_MODEL) && mode == SearchMode.SEMANTIC) {
                throw new DamException(org.thatdam.model.ErrorCode.UNAVAILABLE,
                        "semantic search is not available: no text embedding model is loaded (use keyword or hybrid mode)");
            }
        }
        // hybrid without vectors is a keyword search; semantic without any finds nothing
        return out.isEmpty() && mode == SearchMode.HYBRID ? null : out;
    }

    /** Whether any asset or scene has a vector of this model. */
    private static boolean hasVectors(IndexSearcher s, String model) {
        String asset = Schema.VECTOR + model + ".";
        String scene = Schema.SCENE_VECTOR + model + ".";
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            for (org.apache.lucene.index.FieldInfo fi : leaf.reader().getFieldInfos()) {
                if (fi.getVectorDimension() > 0 && (fi.name.startsWith(asset) || fi.name.startsWith(scene))) return true;
            }
        }
        return false;
    }

    private float floor(String model) {
        return floors.getOrDefault(model, DEFAULT_TEXT_FLOOR);
    }

    /**
     * One or two words give the text model little to go on: their cosines with any short text (a file name's word)
     * run high by chance ("road" and "cuts" meet at 0.31), so they must clear a higher floor.
     */
    static float shortQueryMargin(String model, String words) {
        return model.equals(IndexedAsset.TEXT_MODEL) && words.strip().split("\\s+").length <= 2 ? SHORT_QUERY_MARGIN : 0f;
    }

    /**
     * A semantic or hybrid search: the nearest assets (by their vectors and their scenes') among those
     * the query's filters select, alone or fused with the keyword ranking. Totals and facets count the
     * union of both lists under the facet selections; other sorts order that union.
     */
    private SearchResult runVector(IndexSearcher s, SearchRequest r, QueryLanguage.Parsed parsed,
            List<VectorSearch.Probe> probes, QueryLanguage.Similar similar, long t0) throws IOException {
        int n = r.offset() + r.limit();
        // enough neighbours for the page and some to spare for the facet selections; each more costs graph walking
        int k = Math.min(Math.max(2 * n, 40), MAX_VECTOR_CANDIDATES);
        Query queryFilters = QueryLanguage.filters(parsed.node());
        boolean restricted = !(queryFilters instanceof org.apache.lucene.search.MatchAllDocsQuery);
        VectorSearch.Candidates c = VectorSearch.nearest(s, probes, filtered(s, queryFilters, Map.of(), null), restricted, k,
                similar != null && !similar.scene() ? similar.id() : Long.MIN_VALUE,
                similar != null && similar.scene() ? VectorSearch.sceneVectors(s, similar.id()).sceneIds() : java.util.Set.of());
        long[] candidateIds = c.order().stream().mapToLong(Long::longValue).toArray();
        Query nearest = candidateIds.length == 0 ? new org.apache.lucene.search.MatchNoDocsQuery()
                : LongField.newSetQuery(Schema.ID_NUM, candidateIds);
        // words too many for a keyword query: a hybrid search keeps its vector half
        boolean fuse = r.mode() == SearchMode.HYBRID && parsed.scoring() && parsed.tooManyTermsAt() < 0;
        Query base = fuse ? new BooleanQuery.Builder().add(parsed.query(), BooleanClause.Occur.SHOULD)
                .add(nearest, BooleanClause.Occur.SHOULD).build() : nearest;
        Query q = filtered(s, base, r.filters(), null);
        long total;
        Map<String, List<FacetCount>> facets = Map.of();
        if (r.facets()) {
            FacetCounter.Counts counts = s.search(q, facetCounter.manager());
            total = counts.total();
            facets = counts.facets();
            if (!r.filters().isEmpty()) facets = disjunctive(s, base, r.filters(), facets);
        } else {
            total = s.count(q);
        }
        List<SearchHit> items;
        if (r.sort() != SearchSort.RELEVANCE) {
            items = hits(s, top(s, q, r.sort(), sort(r.sort(), false), n).scoreDocs, r.offset(), false);
        } else {
            // the nearest list, kept to the facet selections, in closeness order
            Sort byId = new Sort(LongField.newSortField(Schema.ID_NUM, false, SortedNumericSelector.Type.MIN));
            Map<Long, Integer> docOf = new java.util.HashMap<>();
            if (candidateIds.length > 0) {
                for (ScoreDoc d : s.search(filtered(s, nearest, r.filters(), null),
                        new TopFieldCollectorManager(byId, candidateIds.length, null, candidateIds.length)).scoreDocs) {
                    docOf.put((Long) ((FieldDoc) d).fields[0], d.doc);
                }
            }
            List<ScoreDoc> ranked = new ArrayList<>();
            for (long id : candidateIds) {
                Integer doc = docOf.get(id);
                if (doc != null) ranked.add(new ScoreDoc(doc, c.scores().get(id)));
            }
            if (fuse) {
                int kn = n + 100;
                ScoreDoc[] keyword = s.search(filtered(s, parsed.query(), r.filters(), null),
                        new TopFieldCollectorManager(sort(SearchSort.RELEVANCE, true), kn, null, kn)).scoreDocs;
                ranked = VectorSearch.fuse(keyword, ranked);
            }
            ScoreDoc[] page = new ScoreDoc[Math.min(ranked.size(), n)];
            for (int i = 0; i < page.length; i++) {
                ScoreDoc d = ranked.get(i);
                page[i] = new FieldDoc(d.doc, d.score, new Object[] {d.score});
            }
            items = hits(s, page, r.offset(), true);
        }
        items = withMatches(s, items, parsed.tooManyTermsAt() < 0 ? parsed : null, c);
        return new SearchResult(total, items, facets, (System.nanoTime() - t0) / 1_000_000, r.sort().id());
    }

    /**
     * The hits, each with where in it the query matched (its scenes' text, the vector search's scenes);
     * {@code parsed} null: not by text (its words are too many for a keyword query).
     */
    private static List<SearchHit> withMatches(IndexSearcher s, List<SearchHit> items, QueryLanguage.Parsed parsed,
            VectorSearch.Candidates c) throws IOException {
        if (items.isEmpty()) return items;
        Query words = parsed == null ? null : QueryLanguage.wordsOnly(parsed.node());
        if (words == null && c.scenes().isEmpty()) return items;
        long[] ids = items.stream().mapToLong(SearchHit::id).toArray();
        Map<Long, List<SearchMatch>> matches = VectorSearch.matches(s, ids, words, c);
        if (matches.isEmpty()) return items;
        List<SearchHit> out = new ArrayList<>(items.size());
        for (SearchHit h : items) {
            List<SearchMatch> m = matches.get(h.id());
            out.add(m == null ? h : h.withMatches(m));
        }
        return out;
    }

    private SearchResult run(IndexSearcher s, SearchRequest r, QueryLanguage.Parsed parsed, long t0) throws IOException {
        Query q = filtered(s, parsed.query(), r.filters(), null);
        boolean byScore = r.sort() == SearchSort.RELEVANCE && parsed.scoring();
        Sort sort = sort(r.sort(), byScore);
        int n = r.offset() + r.limit();
        TopDocs top;
        long total;
        Map<String, List<FacetCount>> facets = Map.of();
        // How to count: when the index knows the count (per-segment statistics), or matching is cheap
        // (terms and filters: counting needs no scores), count first and let the top-n pass skip
        // documents that cannot make the page (by score, by the sort field's points, by the index
        // sort); when matching itself is the cost (phrases walk positions), match once and count on the way.
        if (r.facets()) {
            FacetKey key = facetKey(s, q);
            FacetCounter.Counts counts = key == null ? null : facetCache.get(key);
            if (counts != null) {
                top = top(s, q, r.sort(), sort, n);
            } else if (!parsed.positional() || r.sort() == SearchSort.NAME || cheapCount(s, q) >= 0) {
                counts = s.search(q, facetCounter.manager());   // every match, without scoring
                top = top(s, q, r.sort(), sort, n);
            } else {
                Object[] res = s.search(q, new MultiCollectorManager(
                        new TopFieldCollectorManager(sort, n, null, n), facetCounter.manager()));
                top = (TopDocs) res[0];
                counts = (FacetCounter.Counts) res[1];
            }
            if (key != null) facetCache.put(key, counts);
            total = counts.total();
            facets = counts.facets();
        } else {
            long known = cheapCount(s, q);
            if (known >= 0 || !parsed.positional() || r.sort() == SearchSort.NAME) {
                total = known >= 0 ? known : s.count(q);
                top = top(s, q, r.sort(), sort, n);
            } else {
                top = s.search(q, new TopFieldCollectorManager(sort, n, null, Integer.MAX_VALUE));
                total = top.totalHits.value();
            }
        }
        if (r.facets() && !r.filters().isEmpty()) facets = disjunctive(s, parsed.query(), r.filters(), facets);
        List<SearchHit> items = withMatches(s, hits(s, top.scoreDocs, r.offset(), byScore), parsed, VectorSearch.Candidates.NONE);
        return new SearchResult(total, items, facets, (System.nanoTime() - t0) / 1_000_000, r.sort().id());
    }

    /**
     * {@code q} restricted to the selected facet values, except those of facet {@code except}: OR within
     * a facet, AND across facets. Values are matched exactly as the counts name them.
     */
    private static Query filtered(IndexSearcher s, Query q, Map<String, List<String>> filters, String except)
            throws IOException {
        // the one place asset searches keep to asset documents (scenes are documents too); an index
        // without scenes needs no filter, and its queries keep their counts cheap
        boolean scenes = s.getIndexReader().docFreq(new org.apache.lucene.index.Term(Schema.DOC, Schema.DOC_SCENE)) > 0;
        if (!scenes && (filters.isEmpty() || filters.size() == 1 && filters.containsKey(except))) return q;
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(q, BooleanClause.Occur.MUST);
        if (scenes) b.add(Schema.assetDocs(), BooleanClause.Occur.FILTER);
        filters.forEach((name, values) -> {
            if (name.equals(except)) return;
            b.add(SortedDocValuesField.newSlowSetQuery(Schema.FACETS.get(name), values.stream().map(BytesRef::new).toList()),
                    BooleanClause.Occur.FILTER);
        });
        return b.build();
    }

    /**
     * Disjunctive faceting: a facet with a selection is counted without its own selection (but with the
     * others'), so its other values stay listed with what choosing them too would add. A selected value
     * is always listed, even when it matches nothing now (so it can be taken out).
     */
    private Map<String, List<FacetCount>> disjunctive(IndexSearcher s, Query q, Map<String, List<String>> filters,
            Map<String, List<FacetCount>> counted) throws IOException {
        Map<String, List<FacetCount>> out = new LinkedHashMap<>(counted);
        for (var e : filters.entrySet()) {
            Query others = filtered(s, q, filters, e.getKey());
            FacetKey key = facetKey(s, others);
            FacetCounter.Counts counts = key == null ? null : facetCache.get(key);
            if (counts == null) {
                counts = s.search(others, facetCounter.manager());
                if (key != null) facetCache.put(key, counts);
            }
            List<FacetCount> values = new ArrayList<>(counts.facets().get(e.getKey()));
            for (String selected : e.getValue()) {
                if (values.stream().noneMatch(c -> c.value().equals(selected))) {
                    String field = Schema.FACETS.get(e.getKey());
                    long n = s.count(new BooleanQuery.Builder().add(others, BooleanClause.Occur.MUST)
                            .add(SortedDocValuesField.newSlowExactQuery(field, new BytesRef(selected)), BooleanClause.Occur.FILTER).build());
                    values.add(new FacetCount(selected, n));
                }
            }
            out.put(e.getKey(), List.copyOf(values));
        }
        return out;
    }

    /** The first n matches, not counted. */
    private static TopDocs top(IndexSearcher s, Query q, SearchSort order, Sort sort, int n) throws IOException {
        if (order == SearchSort.NAME) return NameOrder.top(s, q, n);
        return s.search(q, new TopFieldCollectorManager(sort, n, null, n));
    }

    /** The number of matches when every segment can tell it without visiting them, else -1. */
    private static long cheapCount(IndexSearcher s, Query q) throws IOException {
        Weight w = s.createWeight(s.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
        long total = 0;
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            int c = w.count(leaf);
            if (c < 0) return -1;
            total += c;
        }
        return total;
    }

    /** Facet counts depend only on the reader and the query: paging and re-sorting reuse them. */
    private record FacetKey(IndexReader.CacheKey reader, Query query) {}

    private FacetKey facetKey(IndexSearcher s, Query q) {
        if (!options.facetCache()) return null;
        IndexReader.CacheHelper h = s.getIndexReader().getReaderCacheHelper();
        return h == null ? null : new FacetKey(h.getKey(), q);
    }

    /** The page's hits, read from the {@link Schema#HIT} doc values in document order (a forward-only iterator). */
    private static List<SearchHit> hits(IndexSearcher s, ScoreDoc[] docs, int from, boolean byScore) throws IOException {
        int n = docs.length - from;
        if (n <= 0) return List.of();
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) order[k] = from + k;
        Arrays.sort(order, (a, b) -> Integer.compare(docs[a].doc, docs[b].doc));
        SearchHit[] out = new SearchHit[n];
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        int leafIndex = -1;
        LeafReaderContext leaf = null;
        BinaryDocValues dv = null;
        for (int k : order) {
            ScoreDoc sd = docs[k];
            int li = ReaderUtil.subIndex(sd.doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                leaf = leaves.get(li);
                dv = leaf.reader().getBinaryDocValues(Schema.HIT);
            }
            float score = byScore && sd instanceof FieldDoc fd && fd.fields[0] instanceof Float f ? f : 0f;
            if (dv != null && dv.advanceExact(sd.doc - leaf.docBase)) out[k - from] = Schema.decodeHit(dv.binaryValue(), score);
        }
        List<SearchHit> list = new ArrayList<>(n);
        for (SearchHit h : out) {
            if (h != null) list.add(h);
        }
        return list;
    }

    private static Sort sort(SearchSort sort, boolean byScore) {
        SortField idDesc = LongField.newSortField(Schema.ID_NUM, true, SortedNumericSelector.Type.MIN);
        SortField idAsc = LongField.newSortField(Schema.ID_NUM, false, SortedNumericSelector.Type.MIN);
        return switch (sort) {
            case RELEVANCE -> byScore ? new Sort(SortField.FIELD_SCORE, idDesc) : new Sort(idDesc);
            case NEWEST -> new Sort(missing(LongField.newSortField(Schema.CREATED, true, SortedNumericSelector.Type.MIN),
                    Long.MIN_VALUE), idDesc);
            case OLDEST -> new Sort(missing(LongField.newSortField(Schema.CREATED, false, SortedNumericSelector.Type.MIN),
                    Long.MAX_VALUE), idAsc);
            case DURATION -> new Sort(missing(DoubleField.newSortField(Schema.DURATION, true, SortedNumericSelector.Type.MIN),
                    Double.NEGATIVE_INFINITY), idAsc);
            case SIZE -> new Sort(LongField.newSortField(Schema.SIZE, true, SortedNumericSelector.Type.MIN), idAsc);
            case NAME -> NameOrder.sort();   // the order NameOrder.top produces (search never sorts by it directly)
        };
    }

    private static SortField missing(SortField f, Object value) {
        f.setMissingValue(value);
        return f;
    }

    @FunctionalInterface
    private interface SearcherWork<T> {
        T apply(IndexSearcher s) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        ensureOpen();
        SearcherManager m = manager;
        IndexSearcher s;
        try {
            s = m.acquire();
        } catch (AlreadyClosedException e) {   // swapped by a failed rebuild's recovery: take the new one
            ensureOpen();
            m = manager;
            try {
                s = m.acquire();
            } catch (IOException io) {
                throw IoErrors.failure("search index: read failed", io);
            }
        } catch (IOException e) {
            throw IoErrors.failure("search index: read failed", e);
        }
        try {
            return work.apply(s);
        } catch (IOException e) {
            throw IoErrors.failure("search index: read failed", e);
        } finally {
            try {
                m.release(s);
            } catch (IOException e) {
                log.warn("search index: releasing a searcher failed", e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("search index " + dir + " is closed");
    }

    /** Commits pending writes and releases the directory. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (released) return;
            released = true;
            closed = true;
            Exception failure = null;
            for (AutoCloseable c : new AutoCloseable[] {manager, writer, directory}) {
                try {
                    c.close();
                } catch (Exception e) {
                    if (failure == null) failure = e; else failure.addSuppressed(e);
                }
            }
            if (executor != null) executor.shutdown();
            if (failure instanceof RuntimeException re) throw re;
            if (failure instanceof IOException io) throw IoErrors.failure("search index: close failed", io);
            if (failure != null) throw new IllegalStateException("search index: close failed", failure);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Waits until background merges are done and searches see the merged segments (benchmarks, tests). */
    public void awaitMerges() {
        lock.readLock().lock();
        try {
            ensureOpen();
            do {
                writer.maybeMerge();
                if (writer.getConfig().getMergeScheduler() instanceof ConcurrentMergeScheduler cms) cms.sync();
            } while (writer.hasPendingMerges());
            writer.commit();
            manager.maybeRefreshBlocking();
        } catch (IOException e) {
            throw IoErrors.failure("search index: cannot settle merges", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Index segments searches see now (benchmarks). */
    public int segments() {
        return withSearcher(s -> s.getIndexReader().leaves().size());
    }

    /** Facet arrays held in memory (segments), for diagnostics. */
    int facetSegments() {
        return facetCounter.cachedSegments();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "dam-search-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
