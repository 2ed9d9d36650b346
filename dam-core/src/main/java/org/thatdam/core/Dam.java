package org.thatdam.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.access.ApiKeyService;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.access.LoginThrottle;
import org.thatdam.core.access.PasswordHasher;
import org.thatdam.core.access.SessionService;
import org.thatdam.core.access.PreferenceService;
import org.thatdam.core.access.ShareService;
import org.thatdam.core.access.UserService;
import org.thatdam.model.DamException;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.events.EventBus;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.derive.DerivativeHandlers;
import org.thatdam.core.derive.DerivativePlanner;
import org.thatdam.core.derive.OrphanCleanup;
import org.thatdam.core.jobs.JobEngine;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.process.ConsoleService;
import org.thatdam.core.process.IdleTrimService;
import org.thatdam.core.process.JobRequests;
import org.thatdam.core.process.ModuleOutputs;
import org.thatdam.core.process.MotionService;
import org.thatdam.core.jobs.JobService;
import org.thatdam.core.library.AssetService;
import org.thatdam.core.library.BatchService;
import org.thatdam.core.library.RootService;
import org.thatdam.media.derive.HwAccel;
import org.thatdam.media.derive.HwAccelReport;
import org.thatdam.core.scan.ScanOptions;
import org.thatdam.core.scan.ScanService;
import org.thatdam.core.search.SearchService;
import org.thatdam.core.scan.Scanner;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.worker.MediaWorkers;
import org.thatdam.storage.DataLayout;
import org.thatdam.storage.DiskFullException;
import org.thatdam.storage.DiskSpace;
import org.thatdam.storage.IoErrors;

/**
 * The assembled library for one home directory: catalog, event bus, services. The ffmpeg tools are
 * resolved on first use, so commands that only read the catalog start fast.
 */
public final class Dam implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Dam.class);

    private final DamConfig config;
    private final DataLayout layout;
    private final Catalog catalog;
    private final org.thatdam.storage.objects.ObjectStore store;
    private final EventBus events = new EventBus();
    private final Clock clock;
    private final AssetService assets;
    private final BatchService batches;
    private final RootService roots;
    private final JobService jobs;
    private final DerivativeFiles derivatives;
    private final ModuleOutputs moduleOutputs;
    private final MotionService motion;
    private final IdleTrimService idleTrim;
    private final ConsoleService console;
    private final org.thatdam.core.offload.VerifyService verify;
    private final DiskSpace disk;
    private final AuditLog audit;
    private final UserService users;
    private final SessionService sessions;
    private final ApiKeyService apiKeys;
    private final ShareService shares;
    private final PreferenceService preferences;
    private final org.thatdam.core.search.SavedSearchService savedSearches;
    private final org.thatdam.core.fields.FieldService fields;
    private final org.thatdam.core.offload.OffloadService offload;
    private final org.thatdam.core.backup.BackupService backups;
    private final org.thatdam.core.vocabulary.VocabularyService vocabulary;
    private final org.thatdam.core.bulk.BulkService bulk;
    private final org.thatdam.core.collections.CollectionService collections;
    private final org.thatdam.core.xmp.XmpService xmp;
    private final org.thatdam.core.scenes.SceneService scenes;
    private final org.thatdam.core.embed.EmbeddingService embeddings;
    private final org.thatdam.core.duplicates.DuplicateService duplicates;
    private final org.thatdam.core.ocr.OcrService ocr;
    private final org.thatdam.core.derive.SemanticBackfill backfill;
    private volatile FfmpegTools tools;
    private volatile HwAccelReport hwaccel;
    private JobEngine engine;
    /** Tells the other nodes sharing the catalog that jobs were queued (null when nothing shares it). */
    private final org.thatdam.core.cluster.Wakeups jobWakeups;
    /** This node's events to the other nodes, and theirs here once asked (null when nothing shares the catalog). */
    private final org.thatdam.core.cluster.EventRelay relay;
    private ScanService scans;
    private volatile SearchService search;
    private org.thatdam.core.watch.LibraryWatcher watcher;
    private org.thatdam.core.upload.UploadService uploads;
    private org.thatdam.core.capture.CaptureService capture;
    /** A random name for this open library, told to clients by its server (see {@link org.thatdam.core.serve.ServerEndpoint}). */
    private final String token = java.util.UUID.randomUUID().toString();
    /** The secret with which this machine's command line reaches the server (see {@link #localKey()}). */
    private final String localKey = org.thatdam.core.access.Secrets.random();
    private final Map<String, java.util.function.Supplier<String>> readiness =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());

    private Dam(DamConfig config, DataLayout layout, Catalog catalog, org.thatdam.storage.objects.ObjectStore store, Clock clock) {
        this.config = config;
        this.store = store;
        this.jobWakeups = catalog.channel().map(ch -> new org.thatdam.core.cluster.Wakeups(ch, JobEngine.JOBS_CHANNEL)).orElse(null);
        this.relay = catalog.channel().map(ch -> new org.thatdam.core.cluster.EventRelay(events, ch, config.node().name() + "/" + token))
                .orElse(null);
        MediaWorkers.configure(config.mediaWorkers()); // process-wide, like the bundled ffmpeg
        this.clock = clock;
        this.layout = layout;
        this.catalog = catalog;
        this.derivatives = new DerivativeFiles(layout, store);
        this.audit = new AuditLog(catalog, clock);
        this.vocabulary = new org.thatdam.core.vocabulary.VocabularyService(catalog, audit, events, clock);
        this.fields = new org.thatdam.core.fields.FieldService(catalog, clock, audit, vocabulary::canonical);
        this.assets = new AssetService(catalog, clock, derivatives, events, audit, vocabulary::tagRule, fields);
        this.batches = new BatchService(catalog, clock, events, audit);
        this.roots = new RootService(catalog, clock, derivatives, events, layout.home(), audit);
        this.jobs = new JobService(catalog, this::engine, this::signalJobs, events, clock, audit);
        this.moduleOutputs = new ModuleOutputs(catalog, derivatives, clock, audit);
        JobRequests requests = new JobRequests(catalog, this::signalJobs, clock, audit);
        this.motion = new MotionService(requests, moduleOutputs, this::tools);
        this.idleTrim = new IdleTrimService(requests, moduleOutputs, this::tools);
        this.console = new ConsoleService(catalog, moduleOutputs, this::tools, this::signalJobs,
                (id, alsoWrite) -> engine().cancel(id, alsoWrite), config.console(), clock, audit);
        PasswordHasher hasher = new PasswordHasher();
        LoginThrottle throttle = new LoginThrottle(clock);
        this.users = new UserService(catalog, hasher, audit, clock);
        this.sessions = new SessionService(catalog, users, throttle, audit, clock,
                config.auth().sessionIdle(), config.auth().sessionMaxAge());
        this.apiKeys = new ApiKeyService(catalog, audit, clock);
        this.shares = new ShareService(catalog, assets, hasher, LoginThrottle.forShareLinks(clock), audit, clock);
        this.xmp = new org.thatdam.core.xmp.XmpService(catalog, assets, audit, clock, config.xmp().writeSidecars());
        this.preferences = new PreferenceService(catalog, clock);
        this.savedSearches = new org.thatdam.core.search.SavedSearchService(catalog, clock);
        this.offload = new org.thatdam.core.offload.OffloadService(catalog, roots,
                () -> scanner().confinedToRoots().alreadySettled(), batch -> scanOptions(Optional.of(batch), null),
                layout.home(), org.thatdam.core.offload.OffloadService.sources(
                        config.sources().get(org.thatdam.core.config.ConfigKey.IMPORTS_SOURCES).value()),
                clock, audit, this::signalJobs);
        this.backups = new org.thatdam.core.backup.BackupService(catalog, layout, config, clock, roots, audit, this::signalJobs,
                derivatives);
        this.collections = new org.thatdam.core.collections.CollectionService(catalog, this::search, clock, audit);
        this.verify = new org.thatdam.core.offload.VerifyService(catalog, roots::roots, () -> config.backup().dir(), layout.home(),
                this::signalJobs, clock, audit);
        this.bulk = new org.thatdam.core.bulk.BulkService(catalog, assets, jobs, console, collections, this::search, layout.home(),
                this::signalJobs, clock, audit);
        this.scenes = new org.thatdam.core.scenes.SceneService(catalog, derivatives, this::tools, this::signalJobs, clock, audit);
        this.embeddings = new org.thatdam.core.embed.EmbeddingService(catalog, assets, derivatives,
                config.semantic().visualModel(), () -> config.semantic().auto(), this::signalJobs, clock);
        this.duplicates = new org.thatdam.core.duplicates.DuplicateService(catalog, assets, this::tools, clock);
        this.ocr = new org.thatdam.core.ocr.OcrService(catalog, this::tools, clock);
        this.backfill = new org.thatdam.core.derive.SemanticBackfill(catalog, this::signalJobs, clock);
        readiness.put("catalog", this::catalogStatus);
        readiness.put("index", () -> searchOpen() ? "ok" : "not open yet");
        this.disk = DiskSpace.of(layout.home(), config.storage().minFreeBytes());
        readiness.put("disk", this::diskStatus);
        readiness.put("storage", this::storageStatus);
    }

    public static Dam open(DamConfig config) {
        return open(config, Clock.systemUTC());
    }

    /** A library whose services tell time by {@code clock} (tests move it to reach expiries without waiting). */
    public static Dam open(DamConfig config, Clock clock) {
        return open(config, clock, System.getenv());
    }

    /** The same, with the object store's credentials read from {@code env} rather than this process's environment. */
    public static Dam open(DamConfig config, Clock clock, Map<String, String> env) {
        DataLayout layout = layout(config);
        org.thatdam.storage.objects.ObjectStore store =
                org.thatdam.core.store.LibraryStores.open(config.storage(), layout.home(), env);
        Catalog catalog;
        try {
            catalog = org.thatdam.catalog.sql.Catalogs.open(config.node().catalog());
        } catch (RuntimeException e) {
            store.close();
            if (!IoErrors.isDiskFull(e)) throw e;
            throw DiskSpace.of(layout.home(), 0).full("the catalog cannot be opened; free some space and try again", e);
        }
        try {
            org.thatdam.core.store.LibraryStores.checkFolder(config.storage(),
                    catalog.read(s -> s.roots().list()).stream().map(r -> java.nio.file.Path.of(r.path())).toList());
        } catch (RuntimeException e) {
            catalog.close();
            store.close();
            throw e;
        }
        return new Dam(config, layout, catalog, store, clock);
    }

    /** The library's folders, created when missing; a home that cannot be one is said in words. */
    public static DataLayout layout(DamConfig config) {
        try {
            return new DataLayout(config.home()).create();
        } catch (IOException e) {
            throw IoErrors.failure("cannot create the library folder " + config.home(), e);
        }
    }

    public DamConfig config() { return config; }
    /** This run's token: a server answers it so clients can tell they reached this library's server. */
    public String token() { return token; }
    /**
     * This run's local key: written to the owner-only {@code server.json}, sent by the command line
     * as a bearer token, never sent by the server. Whoever can read it can read the catalog itself.
     */
    public String localKey() { return localKey; }
    public DataLayout layout() { return layout; }
    /** The catalog itself, for the services of this module; the API and the CLI use the services. */
    public Catalog catalog() { return catalog; }
    public EventBus events() { return events; }
    /** The events of the other nodes sharing the catalog, re-published on {@link #events()} from now on (a no-op alone). */
    public void receiveOtherNodesEvents() {
        if (relay != null) relay.receive();
    }
    /** Catalogued assets: details, lookups, listings, edits. */
    public AssetService assets() { return assets; }
    /** Named groups of assets. */
    public BatchService batches() { return batches; }
    /** The library's root folders, and prune. */
    public RootService roots() { return roots; }
    /** The library as a tree of folders, as the catalog knows them. */
    public org.thatdam.core.explorer.FolderService folders() { return new org.thatdam.core.explorer.FolderService(catalog, layout.home()); }
    /** The job queue: find, list, retry, cancel, enqueue, wait. */
    public JobService jobs() { return jobs; }
    public Clock clock() { return clock; }
    /** Accounts and roles. */
    public UserService users() { return users; }
    /** Login sessions. */
    public SessionService sessions() { return sessions; }
    /** API keys. */
    public ApiKeyService apiKeys() { return apiKeys; }
    /** Read-only links to an asset or a batch. */
    public ShareService shares() { return shares; }

    public PreferenceService preferences() { return preferences; }

    /** Searches people keep, each their own. */
    public org.thatdam.core.search.SavedSearchService savedSearches() { return savedSearches; }

    /** Custom fields: definitions and the values assets have for them. */
    public org.thatdam.core.fields.FieldService fields() { return fields; }
    public org.thatdam.core.vocabulary.VocabularyService vocabulary() { return vocabulary; }

    /** Verified offload of camera cards into the library, and the copy ledger. */
    public org.thatdam.core.offload.OffloadService offload() { return offload; }
    /** Backups of the library (catalog snapshot, configuration, derivatives, originals on request) and their schedule. */
    public org.thatdam.core.backup.BackupService backups() { return backups; }

    /** Actions on many assets at once (tags, derivatives, presets, forgetting), as jobs. */
    public org.thatdam.core.bulk.BulkService bulk() { return bulk; }

    /** Nested, ordered collections of assets, and smart ones that keep a search. */
    public org.thatdam.core.collections.CollectionService collections() { return collections; }

    /** XMP sidecars and embedded XMP: read at scan time, written back on edits when configured. */
    public org.thatdam.core.xmp.XmpService xmp() { return xmp; }

    /** Who did what. */
    public AuditLog audit() { return audit; }

    // ---- the semantic layer

    /** Scenes, beats and keyframes of videos. */
    public org.thatdam.core.scenes.SceneService scenes() { return scenes; }
    /** The text read on the keyframes. */
    public org.thatdam.core.ocr.OcrService ocr() { return ocr; }
    /** Text and picture embeddings: the embed job, and query vectors for semantic search. */
    public org.thatdam.core.embed.EmbeddingService embeddings() { return embeddings; }
    /** Near-duplicate videos, the better master of each group, and keeping one. */
    public org.thatdam.core.duplicates.DuplicateService duplicates() { return duplicates; }
    /** The semantic analyses older versions lack, queued in the background when the engine starts with semantic.auto on. */
    public org.thatdam.core.derive.SemanticBackfill backfill() { return backfill; }

    public FfmpegTools tools() {
        FfmpegTools t = tools;
        if (t == null) {
            synchronized (this) {
                if (tools == null) {
                    tools = FfmpegTools.resolve(config.ffmpegPath().orElse(null), config.ffprobePath().orElse(null));
                }
                t = tools;
            }
        }
        return t;
    }

    public MediaProber prober() {
        return new MediaProber(tools(), config.probeTimeout());
    }

    public Scanner scanner() {
        return new Scanner(catalog, prober(), events, config.scanSettle(), layout.home(), clock,
                (s, assetId, versionId, kind, now) -> DerivativePlanner.enqueue(s, kind, assetId, versionId, now,
                        config.semantic().auto()),
                roots.missing(), () -> roots.roots().stream().map(r -> org.thatdam.storage.FileNames.path(r.path())).toList())
                .withXmp(xmp.scanHook());
    }

    /** Background scans for callers that must not block (the HTTP API); limited to library roots. */
    public synchronized ScanService scans() {
        if (scans == null) {
            scans = new ScanService(() -> scanner().confinedToRoots(), roots, batches, () -> scanOptions(Optional.empty(), null), events,
                    audit);
        }
        return scans;
    }

    /**
     * The folder watcher for this library (created, not started, on first use): it follows the
     * roots on disk and periodically rescans them, through {@link #scans()}.
     */
    public synchronized org.thatdam.core.watch.LibraryWatcher watcher() {
        if (watcher == null) {
            watcher = new org.thatdam.core.watch.LibraryWatcher(scans(), roots::roots, layout.home(),
                    config.scanSettle(), config.watch().rescan(), clock);
        }
        return watcher;
    }

    /** Resumable uploads (staged under {@code uploads/}), created on first use. */
    public synchronized org.thatdam.core.upload.UploadService uploads() {
        if (uploads == null) {
            uploads = new org.thatdam.core.upload.UploadService(layout.uploadsDir(), layout.libraryDir().resolve("uploads"),
                    config.uploads(), disk, roots, catalog, this::scanner, batch -> scanOptions(batch, null), audit, clock);
        }
        return uploads;
    }

    /**
     * Live capture (sources, preview, recordings), started on first use: it owns this machine's capture
     * devices, so only a node that serves HTTP (or the command line in-process) opens it. Its start
     * catalogues the takes a crashed process left behind.
     */
    public synchronized org.thatdam.core.capture.CaptureService capture() {
        if (capture == null) {
            if (!config.node().role().servesHttp()) {
                throw org.thatdam.model.DamException.conflict("live capture runs on the node that serves HTTP, not on a "
                        + config.node().role().id() + " node");
            }
            capture = new org.thatdam.core.capture.CaptureService(catalog, new org.thatdam.core.capture.BundledMedia(this::tools),
                    config.capture(), layout.home(), layout.libraryDir().resolve("captures"), config.node().name(), roots, assets,
                    this::scanner, batch -> scanOptions(batch, null), this::prober, events, audit, clock);
        }
        return capture;
    }

    /** Live capture if it was started, without starting it. */
    public synchronized Optional<org.thatdam.core.capture.CaptureService> openedCapture() {
        return Optional.ofNullable(capture);
    }

    /** A one-shot scan that waits (up to a bound) for files still being written, then catalogues them. */
    public org.thatdam.core.scan.SettledScan settledScan() {
        return new org.thatdam.core.scan.SettledScan(scanner(), config.scanSettle(), clock, audit);
    }

    /**
     * The search index, opened (and rebuilt from the catalog if it is missing, damaged or out of
     * step) on first use; from then on it follows the catalog's changes.
     */
    public synchronized SearchService search() {
        if (search == null) {
            search = SearchService.open(catalog, layout.indexDir(), events, audit);
            search.tagMeaning(vocabulary::canonical);
            search.queryEmbedder(org.thatdam.search.IndexedAsset.TEXT_MODEL, embeddings::queryVector);
            search.queryEmbedder(org.thatdam.search.IndexedAsset.VISUAL_MODEL, embeddings::visualQueryVectorOrNull);
            search.fieldNames(() -> fields.list().stream().map(org.thatdam.model.FieldDefinition::name).toList());
        }
        return search;
    }

    /**
     * Closes the search index if this process opened it, so that a server started on the library since
     * can open it (Lucene lets one process write it); the next {@link #search()} opens it again.
     */
    public synchronized void closeSearch() {
        if (search != null) {
            search.close();
            search = null;
        }
    }

    /** The search index if this process has opened it (never opens it). */
    public Optional<SearchService> openedSearch() {
        return Optional.ofNullable(search);
    }

    /** "ok", or why new work that writes to the library's disk waits. */
    private String diskStatus() {
        JobEngine e;
        synchronized (this) {
            e = engine;
        }
        Optional<DiskFullException> paused = e == null ? Optional.empty() : e.diskPause();
        if (paused.isEmpty() && disk.low()) paused = Optional.of(disk.full("new derivative and processing work waits", null));
        return paused.map(p -> "low space: " + p.getMessage()).orElse("ok");
    }

    /** "ok" when the object store answers (a HEAD of a key that need not exist: cheap on disk and on S3). */
    private String storageStatus() {
        try {
            store.stat(DerivativeFiles.PREFIX + "ready");
            return "ok";
        } catch (DamException e) {
            return store.describe() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            LOG.warn("readiness: the object store cannot be read", e);
            return "cannot be read (see the server log)";
        }
    }

    /** "ok" when the catalog answers a query. */
    private String catalogStatus() {
        try {
            catalog.read(s -> s.assets().count(org.thatdam.model.AssetQuery.all(1)));
            return "ok";
        } catch (DamException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            LOG.warn("readiness: the catalog cannot be read", e);
            return "cannot be read (see the server log)";
        }
    }

    private boolean searchOpen() {
        return search != null;
    }

    /** Named readiness checks ("ok" when ready, else why not), the catalog first, in the order they were added. */
    public Map<String, java.util.function.Supplier<String>> readinessChecks() {
        synchronized (readiness) {
            return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(readiness));
        }
    }

    public void addReadinessCheck(String name, java.util.function.Supplier<String> check) {
        readiness.put(name, check);
    }

    public DerivativeFiles derivatives() {
        return derivatives;
    }

    /** Where the library's own files are kept ({@code storage.url}): the home on the local disk by default. */
    public org.thatdam.storage.objects.ObjectStore store() {
        return store;
    }

    /** Which hardware H.264 encoders work here (detected once per process, on first use). */
    public HwAccelReport hwaccel() {
        HwAccelReport r = hwaccel;
        if (r == null) {
            synchronized (this) {
                if (hwaccel == null) hwaccel = HwAccel.detect(tools());
                r = hwaccel;
            }
        }
        return r;
    }

    /** The proxy encoder: the configured one, or with "auto" the first working hardware encoder, else libx264. */
    public String proxyEncoder() {
        String configured = config.proxyEncoder();
        return configured.isEmpty() || configured.equals("auto") ? hwaccel().chosen() : configured;
    }

    /** The job engine for this library, created (not started) on first use; start it to run jobs in this process. */
    public synchronized JobEngine engine() {
        if (engine == null) {
            DamConfig.Jobs j = config.jobs();
            engine = new JobEngine(catalog, events, j.concurrency(), handlers(),
                    j.stale(), clock, disk, config.node().name());
            // a library catalogued before the semantic layer, or while it was off, gets what it lacks
            if (config.semantic().auto()) engine.onStart(backfill::start);
        }
        return engine;
    }

    private List<JobHandler> handlers() {
        List<JobHandler> all = new ArrayList<>(
                new DerivativeHandlers(catalog, derivatives, this::tools, this::proxyEncoder, clock).all());
        all.add(motion.handler());
        all.add(idleTrim.handler());
        all.add(console.handler());
        all.add(offload.handler());
        all.add(backups.handler());
        all.add(verify.handler());
        all.add(bulk.handler());
        all.add(scenes.handler());
        all.add(embeddings.handler());
        all.add(duplicates.handler());
        all.add(ocr.handler());
        return all.stream().<JobHandler>map(h -> new OrphanCleanup(h, catalog, derivatives)).toList();
    }

    /** Wakes the job engine, if this process runs one, and the other nodes' engines, to pick up work just queued. */
    private void signalJobs() {
        JobEngine e;
        synchronized (this) {
            e = engine;
        }
        if (e != null) e.signal();
        if (jobWakeups != null) jobWakeups.send();
    }

    /** Motion analysis: segments, score timeline, peak stills, clip of the moving parts. */
    public MotionService motion() { return motion; }

    /** Cuts idle stretches out of videos. */
    public IdleTrimService idleTrim() { return idleTrim; }

    /** The ffmpeg console: presets and checked custom arguments, with a history of runs. */
    public ConsoleService console() { return console; }

    /** Verification of folders against their ASC MHL history (offload destinations, backups). */
    public org.thatdam.core.offload.VerifyService verify() { return verify; }

    /** Module outputs (derivatives a processing run made), e.g. to delete one. */
    public ModuleOutputs moduleOutputs() { return moduleOutputs; }

    public ScanOptions scanOptions(Optional<String> batch, Integer workers) {
        return new ScanOptions(batch, workers != null ? workers : config.scanWorkers());
    }

    @Override
    public void close() {
        JobEngine e;
        ScanService sc;
        SearchService se;
        org.thatdam.core.watch.LibraryWatcher w;
        org.thatdam.core.capture.CaptureService cap;
        synchronized (this) {
            cap = capture;
            w = watcher;
            e = engine;
            sc = scans;
            se = search;
        }
        if (cap != null) cap.close(); // recordings end cleanly and are catalogued while the catalog is open
        if (w != null) w.close();
        if (sc != null) sc.close();
        backfill.close();
        if (e != null) e.close();
        if (se != null) se.close();
        if (jobWakeups != null) jobWakeups.close();
        if (relay != null) relay.close();
        catalog.close();
        store.close();
    }
}
