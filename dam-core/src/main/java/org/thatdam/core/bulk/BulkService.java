package org.thatdam.core.bulk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.jobs.JobContext;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.JobService;
import org.thatdam.core.jobs.PermanentJobException;
import org.thatdam.core.json.Json;
import org.thatdam.core.collections.CollectionService;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.core.library.AssetService;
import org.thatdam.core.process.ConsoleRequest;
import org.thatdam.core.process.ConsoleService;
import org.thatdam.core.search.SearchService;
import org.thatdam.model.Actor;
import org.thatdam.model.Asset;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.search.FacetFilters;
import org.thatdam.search.SearchRequest;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.IoErrors;

/**
 * Bulk actions: one request acts on many assets as a {@link JobKind#BULK} job. The job walks the
 * selection in chunks; each asset's change is atomic on its own (a chunk's edits share one
 * transaction, and a chunk that cannot be written is done again asset by asset), so a failure is
 * that asset's alone and is listed in the summary ({@code bulk/<job>.json} under the home). A
 * selection given as a query is resolved when the job starts, so it acts on what matches then.
 */
public final class BulkService {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BulkService.class);

    /** Assets per transaction: big enough to make edits cheap, small enough to keep writers of others waiting briefly. */
    static final int CHUNK = 250;

    private final Catalog catalog;
    private final AssetService assets;
    private final JobService jobs;
    private final ConsoleService console;
    private final CollectionService collections;
    private final Supplier<SearchService> search;
    private final Path summaries;
    private final Runnable signalJobs;
    private final Clock clock;
    private final AuditLog audit;

    public BulkService(Catalog catalog, AssetService assets, JobService jobs, ConsoleService console,
                       CollectionService collections, Supplier<SearchService> search, Path home, Runnable signalJobs, Clock clock, AuditLog audit) {
        this.catalog = catalog;
        this.assets = assets;
        this.jobs = jobs;
        this.console = console;
        this.collections = collections;
        this.search = search;
        this.summaries = home.resolve("bulk");
        this.signalJobs = signalJobs;
        this.clock = clock;
        this.audit = audit;
    }

    /** What the job keeps of a request: the checked request and who asked, for the per-asset audit entries. */
    record Params(BulkRequest request, String user, String address) {}

    /**
     * Checks the request and queues it as a job (audited once, {@code asset.bulk}, with how many
     * assets it selects now); returns the job id. A query is checked here and resolved when the job starts.
     */
    public long request(BulkRequest raw, Actor asker) {
        // the command line through its server (the local key) is recorded as the command line, as a queued import is
        Actor by = asker.principal().via() == org.thatdam.model.Principal.Via.COMMAND_LINE ? Actor.commandLine() : asker;
        BulkRequest r = raw.validated();
        if (r.collection() != null && collections.get(r.collection()).collection().smart()) {
            throw DamException.invalid("collection " + r.collection() + " is smart: it holds the results of its search, not chosen assets");
        }
        long selected;
        if (r.ids() != null) {
            selected = r.ids().size();
        } else {
            selected = search.get().search(new SearchRequest(r.query(), null, 1, 0, false, FacetFilters.parse(r.filter())))
                    .total();
            if (selected > BulkRequest.MAX_ASSETS) {
                throw DamException.invalid("the query selects " + selected + " assets; at most " + BulkRequest.MAX_ASSETS + " at once");
            }
        }
        String params = Json.text(new Params(r, by.principal().user(), by.address()));
        long job = catalog.write(s -> {
            long id = s.jobs().enqueue(JobKind.BULK.newJob(null, params), clock.millis());
            audit.write(s, by, AuditAction.ASSET_BULK, r.describeSelection(),
                    r.action().id() + " on " + selected + " asset" + (selected == 1 ? "" : "s") + ", job " + id);
            return id;
        });
        signalJobs.run();
        return job;
    }

    /** The summary of bulk job {@code jobId}, once it has run. */
    public Optional<BulkSummary> summary(long jobId) {
        Path file = summaries.resolve(jobId + ".json");
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), BulkSummary.class));
        } catch (IOException e) {
            throw IoErrors.failure("cannot read the summary of bulk job " + jobId, e);
        }
    }

    public JobHandler handler() {
        return new JobHandler() {
            @Override
            public JobKind kind() {
                return JobKind.BULK;
            }

            @Override
            public void run(JobContext ctx) throws Exception {
                Params p = ctx.params(Params.class);
                new Run(ctx.job().id(), p.request(), actor(p), ctx).run();
            }
        };
    }

    /** The asker as the per-asset entries name them (rights were checked when the job was asked for). */
    private static Actor actor(Params p) {
        if (p.user() == null) return Actor.commandLine(); // only the command line asks without a user
        return new Actor(new org.thatdam.model.Principal(p.user(), org.thatdam.model.Role.EDITOR,
                org.thatdam.model.Principal.Via.SESSION, null), p.address());
    }

    /** One job's walk over its selection, counting as it goes. */
    private final class Run {
        private final long jobId;
        private final BulkRequest r;
        private final Actor by;
        private final JobContext ctx;
        private int done;
        private int skipped;
        private int failedCount;
        private final List<BulkSummary.Failure> failed = new ArrayList<>();

        Run(long jobId, BulkRequest r, Actor by, JobContext ctx) {
            this.jobId = jobId;
            this.r = r;
            this.by = by;
            this.ctx = ctx;
        }

        void run() throws IOException {
            List<Long> ids = r.ids() != null ? r.ids() : resolve();
            for (int from = 0; from < ids.size(); from += CHUNK) {
                if (ctx.cancelled().getAsBoolean()) break;
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                switch (r.action()) {
                    case ADD_TAGS, REMOVE_TAGS -> edit(chunk, this::tagPatch);
                    case RATING, FAVOURITE, LABEL -> edit(chunk, this::markPatch);
                    case SET_FIELDS -> edit(chunk, d -> AssetPatch.none().withFields(r.fields()));
                    case ADD_TO_COLLECTION -> addToCollection(chunk);
                    case REGENERATE -> chunk.forEach(this::regenerate);
                    case PRESET -> chunk.forEach(id -> each(id, () -> console.submit(id, ConsoleRequest.preset(r.preset(), r.params()), by)));
                    case FORGET -> chunk.forEach(this::forget);
                }
                ctx.progress(Math.min(0.999, (from + chunk.size()) / (double) ids.size()));
            }
            BulkSummary summary = new BulkSummary(jobId, r.action(), ids.size(), done, skipped, failedCount, failed,
                    clock.instant(), BulkSummary.text(r.action(), ids.size(), done, skipped, failedCount, failed));
            Files.createDirectories(summaries);
            AtomicFiles.write(summaries.resolve(jobId + ".json"), Json.mapper().writeValueAsBytes(summary));
            ctx.progress(1);
        }

        /** The query's matches as of now (the index first catches up with the catalog). */
        private List<Long> resolve() {
            SearchService index = search.get();
            index.awaitCatalog(Duration.ofSeconds(30));
            try {
                return BulkRequest.copy(index.ids(r.query(), FacetFilters.parse(r.filter()), BulkRequest.MAX_ASSETS));
            } catch (DamException e) {
                throw new PermanentJobException(e.getMessage(), e);
            }
        }

        /** The tag edit for one asset, or null when it already is as asked. */
        private AssetPatch tagPatch(AssetService.Described d) {
            LinkedHashSet<String> tags = new LinkedHashSet<>(d.tags());
            boolean changed = r.action() == BulkAction.ADD_TAGS ? tags.addAll(r.tags()) : tags.removeAll(Set.copyOf(r.tags()));
            return changed ? AssetPatch.none().withTags(List.copyOf(tags)) : null;
        }

        /** The rating, favourite or label edit for one asset, or null when it already is as asked. */
        private AssetPatch markPatch(AssetService.Described d) {
            Asset a = d.asset();
            boolean already = switch (r.action()) {
                case RATING -> a.rating() == r.rating();
                case FAVOURITE -> a.favourite() == r.favourite();
                default -> (a.label() == null ? "" : a.label().id()).equals(r.label());
            };
            return already ? null : r.change();
        }

        /**
         * Edits a chunk in one transaction through {@link AssetService#updateEach}; when the chunk
         * cannot be written at all, asset by asset, so one asset's trouble is its own.
         */
        private void edit(List<Long> chunk, Function<AssetService.Described, AssetPatch> change) {
            Set<Long> unchanged = new HashSet<>();
            Function<AssetService.Described, AssetPatch> counted = d -> {
                AssetPatch p = change.apply(d);
                if (p == null) unchanged.add(d.asset().id());
                return p;
            };
            List<AssetService.NotChanged> refused;
            try {
                refused = assets.updateEach(chunk, counted, by);
            } catch (RuntimeException chunkFailed) {
                LOG.warn("bulk job {}: a chunk of {} assets could not be written at once; trying them one by one", jobId,
                        chunk.size(), chunkFailed);
                unchanged.clear();
                refused = new ArrayList<>();
                for (long id : chunk) {
                    try {
                        refused.addAll(assets.updateEach(List.of(id), counted, by));
                    } catch (RuntimeException e) {
                        refused.add(new AssetService.NotChanged(id, asDam(e)));
                    }
                }
            }
            refused.forEach(n -> fail(n.assetId(), n.reason()));
            skipped += unchanged.size();
            done += chunk.size() - unchanged.size() - refused.size();
        }

        /** A chunk in one call; when that is refused (an asset gone meanwhile), asset by asset. */
        private void addToCollection(List<Long> chunk) {
            try {
                int added = collections.addAssets(r.collection(), chunk, by);
                done += added;
                skipped += chunk.size() - added;   // already in it
                return;
            } catch (DamException e) {
                // one by one below
            }
            for (long id : chunk) {
                try {
                    if (collections.addAssets(r.collection(), List.of(id), by) == 1) done++;
                    else skipped++;
                } catch (DamException e) {
                    fail(id, e);
                }
            }
        }

        private void regenerate(long id) {
            Optional<Asset> a = catalog.read(s -> s.assets().find(id));
            if (a.isEmpty()) {
                fail(id, DamException.notFound("no asset with id " + id));
                return;
            }
            List<JobKind> kinds = r.kinds().stream().map(JobKind::parse).filter(k -> k.plannedFor(a.get().kind())).toList();
            if (kinds.isEmpty()) {
                skipped++;
                return;
            }
            each(id, () -> kinds.forEach(k -> jobs.enqueue(k, id, by)));
        }

        private void forget(long id) {
            try {
                assets.delete(id, by);
                done++;
            } catch (DamException e) {
                if (e.code() == ErrorCode.NOT_FOUND) skipped++;   // already gone: as asked
                else fail(id, e);
            } catch (RuntimeException e) {
                fail(id, asDam(e));
            }
        }

        /** Does one asset's work (its own transaction): done, or failed with the reason. */
        private void each(long id, Runnable work) {
            try {
                work.run();
                done++;
            } catch (DamException e) {
                fail(id, e);
            } catch (RuntimeException e) {
                fail(id, asDam(e));
            }
        }

        private DamException asDam(RuntimeException e) {
            if (e instanceof DamException d) return d;
            LOG.error("bulk job {}: unexpected failure", jobId, e);
            return new DamException(ErrorCode.INTERNAL, "internal error (see the server log)");
        }

        private void fail(long id, DamException e) {
            failedCount++;
            if (failed.size() < BulkSummary.MAX_LISTED) failed.add(new BulkSummary.Failure(id, e.code(), e.getMessage()));
        }
    }
}
