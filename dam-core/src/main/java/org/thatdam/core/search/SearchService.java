package org.thatdam.core.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.model.Actor;
import org.thatdam.model.Asset;
import org.thatdam.model.Change;
import org.thatdam.model.Searchable;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.search.IndexedAsset;
import org.thatdam.search.SearchIndex;
import org.thatdam.search.SearchIndexException;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchResult;
import org.thatdam.storage.IoErrors;

/**
 * Keeps the Lucene index a faithful projection of the catalog by following the catalog's change log:
 * a background thread reads the changes after the index's position, re-reads those assets and
 * commits them together with the new position. Changes by any process (a CLI scan while the server
 * runs) therefore reach the index, and a process that was down catches up from where it stopped.
 * The index is rebuilt only when it is missing, damaged, has no position or the log was trimmed past it.
 */
public final class SearchService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchService.class);
    /** How often the log is polled for other processes' changes (this process's changes wake it at once). */
    static final long POLL_MS = 200;
    private static final int PAGE = 2000;
    /**
     * Trimming policy: rows the index has applied are dropped, except the newest {@value} (kept to look
     * back at recent history). This index is the log's only follower; one that falls behind a trim rebuilds.
     */
    static final long KEEP_APPLIED = 100_000;
    private static final long TRIM_EVERY_MS = 60_000;

    private final Catalog catalog;
    private final AuditLog audit;
    private final SearchIndex index;
    /** Held while applying changes or rebuilding: one writer of the index position at a time. */
    private final ReentrantLock applying = new ReentrantLock();
    private final Object wakeUp = new Object();
    private boolean woken;
    private final AtomicLong rebuilds = new AtomicLong();
    private final AutoCloseable subscription;
    /** The channel on which the catalog says that changes were committed (by a trigger on its change log). */
    public static final String CHANGES_CHANNEL = "dam_changes";
    private volatile AutoCloseable changeFeed;
    private Thread follower;
    private volatile boolean closed;
    /** Whether the last update failed for an I/O reason (reported once). */
    private boolean failing;
    private long lastTrim;

    private SearchService(Catalog catalog, SearchIndex index, EventBus events, AuditLog audit) {
        this.catalog = catalog;
        this.audit = audit;
        this.index = index;
        // In-process changes wake the follower at once instead of at the next poll.
        this.subscription = events.subscribe(e -> {
            if (e instanceof DamEvent.AssetIngested || e instanceof DamEvent.AssetFailed
                    || e instanceof DamEvent.AssetUpdated || e instanceof DamEvent.AssetRemoved) wake();
        });
    }

    /**
     * Opens the index at {@code dir} and brings it up to date before returning: caught up from its
     * position in the change log, or rebuilt when it is new, damaged, without a position or behind a trim.
     */
    public static SearchService open(Catalog catalog, Path dir, EventBus events, AuditLog audit) {
        boolean existed = hasFiles(dir);
        Opened opened = openOrReset(dir);
        SearchService s = new SearchService(catalog, opened.index(), events, audit);
        try {
            long seq = s.index.appliedSeq();
            // A new library (or a deleted index folder) is simply built; only an index that was there
            // and cannot be followed is "rebuilt", with the reason.
            String why = opened.resetBecause() != null ? opened.resetBecause()
                    : seq < 0 && existed ? "it has no change-log position"
                    : seq >= 0 && s.missed(seq) ? "the change log was trimmed past it" : null;
            if (why != null) {
                LOG.info("rebuilding the search index from the catalog because {}", why);
                s.rebuildAll();
            } else if (seq < 0) {
                long assets = catalog.read(x -> x.assets().count(org.thatdam.model.AssetQuery.all(1)));
                LOG.info("building the search index ({} assets)", assets);
                s.rebuildAll();
            }
            s.catchUp();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        s.follower = Thread.ofPlatform().name("search-follower").daemon(true).start(s::follow);
        // Changes committed by other nodes wake the follower at once (the poll stays, for a lost message).
        try {
            s.changeFeed = catalog.channel().map(ch -> ch.listen(CHANGES_CHANNEL, payload -> s.wake())).orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("search index: cannot listen for other nodes' changes ({}); polling every {} ms", e.getMessage(), POLL_MS);
        }
        return s;
    }

    /** The opened index, and why it had to be emptied first (null when it did not). */
    private record Opened(SearchIndex index, String resetBecause) {}

    private static boolean hasFiles(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException | RuntimeException e) {
            return false; // absent or unreadable: opening it says more
        }
    }

    /** Whether rows after {@code seq} were trimmed before being applied (seqs are contiguous otherwise). */
    private boolean missed(long seq) {
        return catalog.read(x -> {
            long first = x.changes().firstSeq();
            return x.changes().lastSeq() > seq && (first == 0 || first > seq + 1);
        });
    }

    private static Opened openOrReset(Path dir) {
        try {
            return new Opened(SearchIndex.open(dir), null);
        } catch (org.thatdam.search.SearchIndexLockedException e) {
            throw new org.thatdam.search.SearchIndexLockedException(e.getMessage()
                    + "; another dam command is using it: retry when it is done", e);
        } catch (SearchIndexException e) {
            // Only a damaged index gets here (an I/O error such as a full disk is thrown as it is): rebuilding loses nothing.
            LOG.warn("search index at {} is unreadable ({}); deleting it to rebuild from the catalog", dir, e.getMessage());
            deleteTree(dir);
            return new Opened(SearchIndex.open(dir), "it was unreadable");
        }
    }

    /**
     * Replaces the whole index with the catalog's current content, as asked by {@code by}; returns the
     * number of documents. The index is not in the catalog, so the audit entry is written when the
     * rebuild is accepted, before it runs.
     */
    public long rebuild(Actor by) {
        audit.record(by.principal(), AuditAction.REINDEX, "search index", null, by.address());
        return rebuildAll();
    }

    private long rebuildAll() {
        applying.lock();
        try {
            // The position is read first: changes made while the pages stream are applied again after.
            long seq = catalog.read(x -> x.changes().lastSeq());
            long[] n = {0};
            // Streamed from the catalog a page at a time: a million assets never sit in memory at once.
            Iterable<IndexedAsset> all = () -> new java.util.Iterator<>() {
                private java.util.Iterator<IndexedAsset> page = java.util.Collections.emptyIterator();
                private long lastId;
                private boolean done;

                @Override
                public boolean hasNext() {
                    if (!page.hasNext() && !done) {
                        // the stored vectors go in as they are: a rebuild never computes one
                        List<IndexedAsset> next = catalog.read(s -> {
                            List<Searchable> rows = s.assets().searchablePage(lastId, PAGE);
                            Semantic sem = Semantic.read(s, rows.stream().map(r -> r.asset().id()).toList());
                            return rows.stream().map(r -> sem.add(toIndexed(r))).toList();
                        });
                        done = next.size() < PAGE;
                        if (!next.isEmpty()) lastId = next.get(next.size() - 1).id();
                        page = next.iterator();
                    }
                    return page.hasNext();
                }

                @Override
                public IndexedAsset next() {
                    if (!hasNext()) throw new java.util.NoSuchElementException();
                    n[0]++;
                    return page.next();
                }
            };
            index.rebuild(all, seq);
            rebuilds.incrementAndGet();
            return n[0];
        } finally {
            applying.unlock();
        }
    }

    public SearchResult search(SearchRequest request) {
        return index.search(request);
    }

    /** Which custom fields exist, so that field: searches refuse an unknown name. */
    public void fieldNames(java.util.function.Supplier<? extends java.util.Collection<String>> names) {
        index.fieldNames(names);
    }

    /**
     * How the words of a semantic or hybrid search become a query vector of {@code model} ("text",
     * "visual"); asked only when the index holds vectors of that model.
     */
    public void queryEmbedder(String model, java.util.function.Function<String, float[]> embed) {
        index.queryEmbedder(model, embed);
    }

    /** What tag: values mean besides themselves (the vocabulary's preferred paths). */
    public void tagMeaning(java.util.function.Function<String, java.util.Optional<String>> meaning) {
        index.tagMeaning(meaning);
    }

    public long count() {
        return index.count();
    }

    /** The ids of every asset a query (with facet selections) matches, in id order; more than {@code max} is an error. */
    public long[] ids(String query, Map<String, List<String>> filters, int max) {
        return index.ids(query, filters, max);
    }

    /** How many times this service rebuilt the index (diagnostics: catching up should not need it). */
    public long rebuilds() {
        return rebuilds.get();
    }

    /** The change-log position searches reflect. */
    public long appliedSeq() {
        return index.appliedSeq();
    }

    /**
     * Makes every change committed to the catalog so far searchable before returning (read-your-writes
     * after a save). Applies them on the caller's thread when the follower has not yet, so a busy machine
     * does not delay it; returns false if another thread held the index longer than {@code max}.
     */
    public boolean awaitCatalog(Duration max) {
        long target = catalog.read(x -> x.changes().lastSeq());
        long deadline = System.nanoTime() + max.toNanos();
        try {
            while (index.appliedSeq() < target) {
                if (!applying.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) return false;
                try {
                    applyPage();
                } finally {
                    applying.unlock();
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Applies every change in the log so far (tests, and open()). */
    public void catchUp() {
        applying.lock();
        try {
            while (applyPage()) {
                // until the log has nothing newer
            }
        } finally {
            applying.unlock();
        }
    }

    private void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    private void follow() {
        while (!closed) {
            try {
                boolean more;
                applying.lock();
                try {
                    more = !closed && applyPage();
                } finally {
                    applying.unlock();
                }
                if (!more) {
                    trimLog();
                    synchronized (wakeUp) {
                        if (!woken && !closed) wakeUp.wait(POLL_MS);
                        woken = false;
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failed(e);
                pause();
                continue;
            }
            if (failing) {
                failing = false;
                LOG.info("search index updates resumed");
            }
        }
    }

    /**
     * An update that failed is tried again after a pause. An I/O failure (a full disk) is reported once
     * until an update succeeds, and never costs the index: its last commit stays as it is.
     */
    private void failed(RuntimeException e) {
        applying.lock();   // no page is half applied to the writer being replaced
        try {
            index.reopenIfBroken();
        } catch (RuntimeException suppressed) {
            e.addSuppressed(suppressed);
        } finally {
            applying.unlock();
        }
        // A failed read or write of the index (not a damaged index): pause and retry.
        boolean io = IoErrors.isDiskFull(e) || e instanceof UncheckedIOException
                || e instanceof org.thatdam.model.DamException d && d.code() == org.thatdam.model.ErrorCode.UNAVAILABLE
                        && e.getCause() instanceof java.io.IOException;
        if (!io) {
            LOG.error("search index update failed: {}", e.getMessage(), e);
        } else if (!failing) {
            LOG.warn("search index updates paused: {}{}; retrying", e.getMessage(),
                    IoErrors.isDiskFull(e) ? " (the disk is full)" : "");
        }
        failing = io;
    }

    private void pause() {
        synchronized (wakeUp) {
            try {
                if (!closed) wakeUp.wait(5 * POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Applies the next page of changes after the index's position: present assets are re-read and
     * upserted, gone ones deleted, then committed with the page's last seq. Returns whether it applied any.
     * Caller holds {@link #applying}.
     */
    private boolean applyPage() {
        long from = index.appliedSeq();
        List<Change> changes = catalog.read(x -> x.changes().since(from, PAGE));
        if (changes.isEmpty()) return false;
        Set<Long> ids = new LinkedHashSet<>();
        for (Change c : changes) ids.add(c.assetId());
        Set<Long> seen = new HashSet<>();
        catalog.read(s -> {
            Semantic sem = Semantic.read(s, ids);
            s.assets().forEachSearchable(ids, x -> {
                seen.add(x.asset().id());
                index.upsert(sem.add(toIndexed(x)));
            });
            return null;
        });
        for (long id : ids) {
            if (!seen.contains(id)) index.delete(id);
        }
        index.commit(changes.get(changes.size() - 1).seq());
        return true;
    }

    /** Drops log rows the index applied, keeping the newest {@link #KEEP_APPLIED}; at most once a minute. */
    private void trimLog() {
        long now = System.currentTimeMillis();
        if (now - lastTrim < TRIM_EVERY_MS) return;
        lastTrim = now;
        long before = index.appliedSeq() - KEEP_APPLIED + 1;
        if (before <= 1 || catalog.read(x -> x.changes().firstSeq()) >= before) return;
        int n = catalog.write(x -> x.changes().trimBefore(before));
        LOG.debug("change log: trimmed {} applied row(s)", n);
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
                String.join(" ", text), a.rating(), a.favourite(), a.label() == null ? null : a.label().id(), x.fields());
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw IoErrors.failure("cannot delete the damaged search index " + dir, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            subscription.close();
            if (changeFeed != null) changeFeed.close();
        } catch (Exception ignored) {
            // nothing to release
        }
        wake();
        // Not interrupted: an interrupt during Lucene's file I/O would close its channels under it.
        if (follower != null) {
            try {
                follower.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        index.close();
    }
}
