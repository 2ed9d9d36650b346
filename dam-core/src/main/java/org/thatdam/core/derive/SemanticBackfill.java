package org.thatdam.core.derive;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.catalog.AssetRepository.Unanalysed;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.IoErrors;

/**
 * Queues the semantic analyses that versions catalogued while {@code semantic.auto} was off (or before the semantic
 * layer existed) never got: scenes and fingerprints for videos, the text embedding for every asset. Only for an
 * asset that lacks the analysis and never had a job of its kind for its current version, in any state: a failed or
 * cancelled one is not tried again behind the user's back, and a second run queues nothing. Assets none of whose
 * files is on disk (missing, or on a drive that is offline) are left for a later run. Runs in the background when
 * the job engine starts, a page of assets at a time.
 */
public final class SemanticBackfill {

    private static final Logger LOG = LoggerFactory.getLogger(SemanticBackfill.class);

    /** Assets read and queued per transaction. */
    static final int PAGE = 500;
    /** The analyses it queues, in the order the planner gives them. */
    static final List<JobKind> KINDS = List.of(JobKind.SCENES, JobKind.EMBED, JobKind.FINGERPRINT);

    /** What a run queued per kind, and how many analyses it left because none of the asset's files was on disk. */
    public record Report(Map<JobKind, Integer> queued, int offline) {
        public int total() {
            return queued.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Catalog catalog;
    private final Runnable signalJobs;
    private final Clock clock;
    private final CompletableFuture<Report> done = new CompletableFuture<>();
    private volatile boolean stopping;
    private Thread thread;

    public SemanticBackfill(Catalog catalog, Runnable signalJobs, Clock clock) {
        this.catalog = catalog;
        this.signalJobs = signalJobs;
        this.clock = clock;
    }

    /** Starts {@link #run} in a background thread (once); {@link #done} completes when it ends. */
    public synchronized void start() {
        if (thread != null) return;
        thread = Thread.ofPlatform().name("semantic-backfill").daemon(true).start(() -> {
            try {
                done.complete(run());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                if (stopping) return; // the library closed under it; the next start goes on
                if (IoErrors.isDiskFull(e)) LOG.warn("semantic backfill: {}", e.getMessage());
                else LOG.error("semantic backfill failed", e);
            }
        });
    }

    /** The background run's report, once it has ended. */
    public CompletableFuture<Report> done() {
        return done;
    }

    /** Queues what is missing, kind by kind, a page at a time; returns what it queued. */
    public Report run() {
        Map<JobKind, Integer> queued = new EnumMap<>(JobKind.class);
        int offline = 0;
        for (JobKind kind : KINDS) {
            int n = 0;
            long after = 0;
            while (!stopping) {
                long from = after;
                List<Unanalysed> page = catalog.read(s -> s.assets().missingAnalysis(kind.id(), from, PAGE));
                // the files are looked at outside the transaction: a slow or unplugged drive must not hold the catalog
                List<Unanalysed> onDisk = page.stream().filter(SemanticBackfill::onDisk).toList();
                if (!onDisk.isEmpty()) {
                    long now = clock.millis();
                    catalog.update(s -> onDisk.forEach(u -> s.jobs().enqueue(kind.forVersion(u.assetId(), u.versionId()), now)));
                    signalJobs.run();
                }
                n += onDisk.size();
                offline += page.size() - onDisk.size();
                if (page.size() < PAGE) break;
                after = page.get(page.size() - 1).assetId();
            }
            queued.put(kind, n);
        }
        Report r = new Report(queued, offline);
        LOG.info("semantic backfill: queued {} scenes, {} embed, {} fingerprint jobs; {} analyses wait for their files (none on disk)",
                queued.get(JobKind.SCENES), queued.get(JobKind.EMBED), queued.get(JobKind.FINGERPRINT), offline);
        return r;
    }

    /** Whether one of the asset's files is there to analyse. */
    private static boolean onDisk(Unanalysed u) {
        return u.paths().stream().anyMatch(p -> Files.isRegularFile(FileNames.path(p), LinkOption.NOFOLLOW_LINKS));
    }

    /** Stops between pages and waits (briefly) for the current one, before the catalog closes. */
    public void close() {
        stopping = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) return;
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
