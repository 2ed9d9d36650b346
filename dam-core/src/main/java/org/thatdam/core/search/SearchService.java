package org.thatdam.core.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.model.Asset;
import org.thatdam.catalog.model.AssetQuery;
import org.thatdam.catalog.model.Searchable;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.search.IndexedAsset;
import org.thatdam.search.SearchIndex;
import org.thatdam.search.SearchIndexException;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchResult;

/**
 * Keeps the Lucene index a faithful projection of the catalog: rebuilt from the catalog when it
 * is missing, unreadable or out of step, and updated incrementally from library events (batched
 * on a background thread, committed about once a second). The catalog stays the source of truth.
 */
public final class SearchService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchService.class);
    static final long FLUSH_MS = 500;

    private final Catalog catalog;
    private final Path dir;
    private SearchIndex index;
    private final Set<Long> pending = new LinkedHashSet<>();
    private final AutoCloseable subscription;
    private final Thread indexer;
    private volatile boolean closed;

    private SearchService(Catalog catalog, Path dir, EventBus events) {
        this.catalog = catalog;
        this.dir = dir;
        this.index = openOrReset(dir);
        this.subscription = events.subscribe(this::onEvent);
        this.indexer = Thread.ofPlatform().name("search-indexer").daemon(true).start(this::indexLoop);
    }

    /** Opens the index at {@code dir}; rebuilds it when it is new, damaged or disagrees with the catalog. */
    public static SearchService open(Catalog catalog, Path dir, EventBus events) {
        SearchService s = new SearchService(catalog, dir, events);
        long inCatalog = catalog.read(x -> x.assets().count(AssetQuery.all(1)));
        if (s.index.count() != inCatalog) {
            LOG.info("search index has {} documents, catalog {} assets: rebuilding", s.index.count(), inCatalog);
            s.rebuild();
        }
        return s;
    }

    private static SearchIndex openOrReset(Path dir) {
        try {
            return SearchIndex.open(dir);
        } catch (org.thatdam.search.SearchIndexLockedException e) {
            throw new org.thatdam.search.SearchIndexLockedException(e.getMessage()
                    + "; if `dam serve` is running, search through its API (GET /api/v1/search) or stop it first", e);
        } catch (SearchIndexException e) {
            LOG.warn("search index at {} is unreadable ({}); deleting it to rebuild from the catalog", dir, e.getMessage());
            deleteTree(dir);
            return SearchIndex.open(dir);
        }
    }

    /** Replaces the whole index with the catalog's current content; returns the number of documents. */
    public synchronized long rebuild() {
        long[] n = {0};
        // Streamed from the catalog a page at a time: a million assets never sit in memory at once.
        Iterable<IndexedAsset> all = () -> new java.util.Iterator<>() {
            private java.util.Iterator<Searchable> page = java.util.Collections.emptyIterator();
            private long lastId;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (!page.hasNext() && !done) {
                    List<Searchable> next = catalog.read(s -> s.assets().searchablePage(lastId, 2000));
                    done = next.size() < 2000;
                    if (!next.isEmpty()) lastId = next.get(next.size() - 1).asset().id();
                    page = next.iterator();
                }
                return page.hasNext();
            }

            @Override
            public IndexedAsset next() {
                if (!hasNext()) throw new java.util.NoSuchElementException();
                n[0]++;
                return toIndexed(page.next());
            }
        };
        index.rebuild(all);
        return n[0];
    }

    public SearchResult search(SearchRequest request) {
        return index.search(request);
    }

    public long count() {
        return index.count();
    }

    /** Makes pending changes searchable now (tests and `dam reindex` use it; normally it happens within a second). */
    public void flush() {
        drain();
    }

    private void onEvent(DamEvent e) {
        long id;
        if (e instanceof DamEvent.AssetIngested a) id = a.assetId();
        else if (e instanceof DamEvent.AssetFailed a) id = a.assetId();
        else if (e instanceof DamEvent.AssetUpdated a) id = a.assetId();
        else if (e instanceof DamEvent.AssetRemoved a) id = a.assetId();
        else return;
        synchronized (pending) {
            pending.add(id);
            pending.notifyAll();
        }
    }

    private void indexLoop() {
        while (!closed) {
            try {
                synchronized (pending) {
                    while (pending.isEmpty() && !closed) pending.wait(1000);
                }
                Thread.sleep(FLUSH_MS); // gather a burst (a scan) into one commit
                drain();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("search index update failed: {}", e.getMessage(), e);
            }
        }
    }

    /** Re-reads the pending assets from the catalog: present ones are upserted, gone ones deleted. */
    private synchronized void drain() {
        List<Long> ids;
        synchronized (pending) {
            ids = new ArrayList<>(pending);
            pending.clear();
        }
        if (ids.isEmpty()) return;
        Set<Long> seen = new java.util.HashSet<>();
        catalog.read(s -> {
            s.assets().forEachSearchable(ids, x -> {
                seen.add(x.asset().id());
                index.upsert(toIndexed(x));
            });
            return null;
        });
        for (long id : ids) {
            if (!seen.contains(id)) index.delete(id);
        }
        index.commit();
    }

    static IndexedAsset toIndexed(Searchable x) {
        Asset a = x.asset();
        List<String> text = new ArrayList<>();
        for (String t : new String[] {x.titleTag(), x.commentTag(), x.cameraMake(), x.cameraModel(), x.description()}) {
            if (t != null && !t.isBlank()) text.add(t);
        }
        return new IndexedAsset(a.id(), a.path(), a.title(), a.batch(), x.tags(), a.kind().id(), a.status().id(),
                a.videoCodec(), a.audioCodec(), a.container(), a.durationSec(), a.width(), a.height(), a.fps(),
                a.capturedAt() != null ? a.capturedAt() : a.addedAt(), a.sizeBytes() == null ? 0 : a.sizeBytes(),
                String.join(" ", text));
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the damaged search index " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            subscription.close();
        } catch (Exception ignored) {
            // nothing to release
        }
        // Not interrupted: an interrupt during a commit would close the index's files under it.
        synchronized (pending) {
            pending.notifyAll();
        }
        try {
            indexer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
        index.close();
    }
}
