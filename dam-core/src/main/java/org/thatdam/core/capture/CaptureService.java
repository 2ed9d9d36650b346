package org.thatdam.core.capture;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CaptureRepository;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.core.library.AssetService;
import org.thatdam.core.library.RootService;
import org.thatdam.core.scan.Scanner;
import org.thatdam.media.capture.EncoderSettings;
import org.thatdam.media.capture.LiveFeed;
import org.thatdam.media.capture.RawFormat;
import org.thatdam.media.capture.SourceSpec;
import org.thatdam.media.capture.devices.DeviceSource;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.model.Actor;
import org.thatdam.model.AudioInput;
import org.thatdam.model.CaptureTake;
import org.thatdam.model.DamException;
import org.thatdam.model.FrameRate;
import org.thatdam.model.LiveFormat;
import org.thatdam.model.LiveSettings;
import org.thatdam.model.LiveSource;
import org.thatdam.model.LiveSourceKind;
import org.thatdam.model.LiveState;
import org.thatdam.model.MediaInfo;
import org.thatdam.core.scan.ScanOptions;
import org.thatdam.model.ScanReport;
import org.thatdam.model.TakeState;
import org.thatdam.model.Timecode;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.DiskFullException;
import org.thatdam.storage.FileNames;

/**
 * Live capture: the sources (test patterns, this machine's video devices, network streams), one ingest per
 * source shared by every viewer and recorder, recordings started together, and every take catalogued
 * when it ends (or, after a crash, at the next start).
 *
 * <p>A take's row is written before its recorder starts, owned by {@code node/pid@host}: a row left
 * {@code recording} by a process that is gone is how a crash is found.
 */
public final class CaptureService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureService.class);
    /** The disk guard keeps this much of the current write rate in hand (the stop itself still writes). */
    private static final double GUARD_SECONDS = 5;
    private static final double MAX_SECONDS = 24 * 3600;
    private static final Pattern HLS_FILE = Pattern.compile("index\\.m3u8|[a-z0-9_-]{1,40}\\.(ts|m4s|mp4)");

    public record Sources(List<LiveSource> sources, List<AudioInput> audio, String encoder) {}

    public record NetworkSourceRequest(String name, String url, String transport, String username, String password, String audio) {
        @Override
        public String toString() { // never the password
            return "NetworkSourceRequest[" + name + "]";
        }
    }

    public record RecordRequest(List<String> sources, String name, Double seconds, String timecode) {}

    public record StopRequest(List<String> sources, List<Long> takes) {}

    /** A viewer of a source's feed: counted while open, so an unwatched source can be closed. */
    public final class Viewer implements AutoCloseable {
        private final Shared shared;
        private boolean closed;

        private Viewer(Shared shared) {
            this.shared = shared;
        }

        public LiveFeed feed() {
            return shared.ingest.feed();
        }

        @Override
        public void close() {
            synchronized (CaptureService.this) {
                if (closed) return;
                closed = true;
                shared.viewers--;
                if (shared.viewers == 0) shared.idleSince = clock.instant();
            }
        }
    }

    /** One source's running ingest. */
    private static final class Shared {
        final String source;
        final CaptureMedia.Ingest ingest;
        int viewers;
        Instant idleSince;
        Active recording;
        CaptureMedia.Hls hls;
        LiveState lastState;

        Shared(String source, CaptureMedia.Ingest ingest, Instant now) {
            this.source = source;
            this.ingest = ingest;
            this.idleSince = now;
        }
    }

    /** A take being written. */
    private static final class Active {
        volatile CaptureTake take;
        final Actor by;
        final Path staging;
        CaptureMedia.Recording recording;
        ScheduledFuture<?> autoStop;
        long lastBytes;
        Instant lastTick;
        volatile boolean stopping;

        Active(CaptureTake take, Actor by, Path staging) {
            this.take = take;
            this.by = by;
            this.staging = staging;
        }
    }

    private final Catalog catalog;
    private final CaptureMedia media;
    private final DamConfig.Capture config;
    private final Path staging;
    private final Path defaultRoot;
    private final RootService roots;
    private final AssetService assets;
    private final Supplier<Scanner> scanner;
    private final Function<Optional<String>, ScanOptions> scanOptions;
    private final Supplier<MediaProber> prober;
    private final EventBus events;
    private final Clock clock;
    private final AuditLog audit;
    private final CaptureSecrets secrets;
    private final String owner;
    private final Map<String, Shared> ingests = new HashMap<>();
    private final Map<Long, Active> active = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    /**
     * Where takes end, each on a thread of its own: takes ended together (by a record's seconds, by the disk
     * guard, by one stop naming several) stop recording together, and none records on while another is
     * being catalogued. Threads are few: one per take ending (a second end of the same take waits for the first).
     */
    private final ExecutorService stopper;
    private final AutoCloseable deviceWatch;
    private volatile List<DeviceSource> devices;
    private volatile String encoder;
    private boolean closed;

    /**
     * @param home        the library's home: staging files in {@code capture/}, credentials in {@code secrets/}
     * @param defaultRoot where takes go when {@code capture.root} is not set
     */
    public CaptureService(Catalog catalog, CaptureMedia media, DamConfig.Capture config, Path home, Path defaultRoot, String node,
                          RootService roots, AssetService assets, Supplier<Scanner> scanner,
                          Function<Optional<String>, ScanOptions> scanOptions, Supplier<MediaProber> prober, EventBus events,
                          AuditLog audit, Clock clock) {
        this.catalog = catalog;
        this.media = media;
        this.config = config;
        this.staging = home.resolve("capture");
        this.defaultRoot = defaultRoot;
        this.roots = roots;
        this.assets = assets;
        this.scanner = scanner;
        this.scanOptions = scanOptions;
        this.prober = prober;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.secrets = new CaptureSecrets(home);
        this.owner = node + "/" + ProcessHandle.current().pid() + "@" + hostName();
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw DamException.unavailable("cannot create the recordings' staging folder " + staging, e);
        }
        recover();
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("capture-ticker").factory());
        this.stopper = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("capture-stop-", 0).factory());
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        this.deviceWatch = media.watchDevices(() -> {
            devices = null;
            events.publish(new DamEvent.CaptureSourcesChanged());
        });
    }

    // ------------------------------------------------------------------ sources

    public Sources sources() {
        return new Sources(all(), media.audioInputs(), encoder());
    }

    public LiveSource source(String id) {
        return all().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> DamException.notFound("no live source " + shown(id)));
    }

    public LiveSource addNetwork(Actor by, NetworkSourceRequest r) {
        if (r == null) throw DamException.invalid("a network source needs a name and a URL");
        String name = sourceName(r.name());
        NetworkUrls.Parsed url = NetworkUrls.parse(r.url(), r.username(), r.password());
        String transport = transport(r.transport(), url.scheme());
        String audio = audio(r.audio());
        String id = "net-" + UUID.randomUUID().toString().substring(0, 8);
        LiveSettings settings = new LiveSettings(null, null, null, null, audio, transport);
        // the credentials first: a row without them is a source that cannot open, not a leak
        secrets.put(id, url.userInfo());
        catalog.update(s -> {
            s.capture().putSource(new CaptureRepository.SourceRow(id, LiveSourceKind.NETWORK, name, url.address(),
                    settings, clock.instant(), principal(by)));
            if (by != null) audit.write(s, by, AuditAction.CAPTURE_SOURCE_ADD, "capture source " + id, name + " " + url.address());
        });
        LOG.info("network source {} added: {} ({})", id, name, url.address());
        events.publish(new DamEvent.CaptureSourcesChanged());
        return source(id);
    }

    public void remove(Actor by, String id) {
        LiveSource s = source(id);
        if (s.kind() != LiveSourceKind.NETWORK) throw DamException.conflict("only network sources can be removed; " + shown(id) + " is a " + s.kind().id() + " source");
        synchronized (this) {
            Shared sh = ingests.get(id);
            if (sh != null && sh.recording != null) {
                throw DamException.conflict("the source " + shown(id) + " is recording; stop it first");
            }
            if (sh != null) closeIngest(sh);
        }
        catalog.update(x -> {
            x.capture().deleteSource(id);
            if (by != null) audit.write(x, by, AuditAction.CAPTURE_SOURCE_REMOVE, "capture source " + id, s.name());
        });
        secrets.put(id, null);
        LOG.info("network source {} removed by {}", id, principal(by));
        events.publish(new DamEvent.CaptureSourcesChanged());
    }

    public LiveSource configure(Actor by, String id, LiveSettings wanted) {
        LiveSource s = source(id);
        LiveSettings v = validSettings(s, wanted == null ? LiveSettings.DEFAULT : wanted);
        synchronized (this) {
            Shared sh = ingests.get(id);
            if (sh != null && sh.recording != null) throw DamException.conflict("the source " + shown(id) + " is recording; stop it first");
            Optional<CaptureRepository.SourceRow> row = catalog.read(x -> x.capture().source(id));
            catalog.update(x -> {
                x.capture().putSource(new CaptureRepository.SourceRow(id, s.kind(), s.name(),
                        row.map(CaptureRepository.SourceRow::url).orElse(null), v,
                        row.map(CaptureRepository.SourceRow::createdAt).orElse(clock.instant()), principal(by)));
                if (by != null) audit.write(x, by, AuditAction.CAPTURE_SOURCE_SETTINGS, "capture source " + id, String.valueOf(v));
            });
            // the next viewer opens it with the new settings
            if (sh != null) closeIngest(sh);
        }
        events.publish(new DamEvent.CaptureSourcesChanged());
        return source(id);
    }

    /** The source's feed, starting its ingest when it is not running; an unwatched feed closes when idle. */
    public LiveFeed watch(String id) {
        return shared(id).ingest.feed();
    }

    public Viewer view(String id) {
        synchronized (this) {
            Shared sh = shared(id);
            sh.viewers++;
            return new Viewer(sh);
        }
    }

    /** A file of the source's HLS preview (started on demand): {@code index.m3u8} or one of its segments. */
    public Path hls(String id, String file) {
        if (file == null || !HLS_FILE.matcher(file).matches()) throw DamException.notFound("no HLS file " + shown(file));
        CaptureMedia.Hls h;
        synchronized (this) {
            Shared sh = shared(id);
            if (sh.hls == null || !sh.hls.running()) {
                if (sh.hls != null) sh.hls.close();
                sh.hls = media.hls(sh.ingest.feed());
            }
            sh.idleSince = clock.instant(); // someone is watching
            h = sh.hls;
        }
        return h.file(file); // outside the lock: the first playlist may take a moment
    }

    // ------------------------------------------------------------------ recording

    public List<CaptureTake> record(Actor by, RecordRequest r) {
        if (r == null || r.sources() == null || r.sources().isEmpty()) throw DamException.invalid("sources: name at least one source to record");
        if (r.sources().size() > 16) throw DamException.invalid("sources: at most 16 sources at once");
        String name = TakeNames.valid(r.name(), clock.instant(), java.time.ZoneId.systemDefault());
        if (r.seconds() != null && !(r.seconds() > 0 && r.seconds() <= MAX_SECONDS)) {
            throw DamException.invalid("seconds: between 0 and " + (long) MAX_SECONDS + " (a day)");
        }
        if (r.timecode() != null && !r.timecode().isBlank()) {
            try {
                Timecode.parse(r.timecode().strip());
            } catch (RuntimeException e) {
                throw DamException.invalid("timecode: not HH:MM:SS:FF (or HH:MM:SS;FF for drop-frame)");
            }
        }
        List<String> ids = List.copyOf(new LinkedHashSet<>(r.sources()));
        List<Active> started = new ArrayList<>();
        synchronized (this) {
            if (closed) throw DamException.unavailable("live capture is closed", null);
            for (String id : ids) {
                LiveSource s = source(id);
                if (!s.available()) throw DamException.conflict("the source " + shown(id) + " is not available");
                Shared sh = ingests.get(id);
                if (sh != null && sh.recording != null) throw DamException.conflict("the source " + shown(id) + " is already recording");
            }
            checkDisk();
            Instant now = clock.instant();
            List<CaptureTake> rows = catalog.write(x -> {
                List<CaptureTake> out = new ArrayList<>();
                for (String id : ids) {
                    out.add(x.capture().insertTake(new CaptureTake(0, id, name, TakeState.RECORDING, now, null, null, null, 0, 0, 0,
                            principal(by), null, null, null, null), owner, null));
                }
                if (by != null) audit.write(x, by, AuditAction.CAPTURE_RECORD, "take " + name, String.join(", ", ids));
                return out;
            });
            List<Shared> shares = new ArrayList<>();
            try {
                for (CaptureTake t : rows) {
                    Path file = staging.resolve(t.id() + ".mp4");
                    Active a = new Active(t, by, file);
                    Shared sh = shared(t.source());
                    shares.add(sh);
                    started.add(a); // after its share: the two lists stay index for index when opening fails
                    sh.recording = a;
                }
                catalog.update(x -> {
                    for (Active a : started) x.capture().setStagingPath(a.take.id(), FileNames.text(a.staging));
                });
                EncoderSettings enc = new EncoderSettings(encoder(), config.quality(), config.bitrateKbps(), config.keyframeSeconds(),
                        config.preset());
                String tc = r.timecode() == null || r.timecode().isBlank() ? null : r.timecode().strip();
                for (int i = 0; i < started.size(); i++) {
                    Active a = started.get(i);
                    LiveFeed feed = shares.get(i).ingest.feed();
                    RawFormat f = feed.format(); // the source's own error, in words, before a recorder starts
                    if (tc != null) checkTimecode(tc, f.rate());
                    flowing(feed, f);
                    a.recording = media.prepare(feed, a.staging, enc, tc, name);
                }
                media.beginTogether(started.stream().map(a -> a.recording).toList());
            } catch (RuntimeException e) {
                for (int i = 0; i < started.size(); i++) {
                    Active a = started.get(i);
                    if (a.recording != null) a.recording.abort();
                    shares.get(i).recording = null;
                }
                String why = words(e);
                for (CaptureTake t : rows) {
                    CaptureTake failed = with(t, TakeState.FAILED, clock.instant(), null, null, "recording did not start: " + why);
                    catalog.update(x -> x.capture().updateTake(failed));
                    events.publish(new DamEvent.RecordingFailed(failed, failed.error()));
                }
                throw e instanceof DamException d ? d : DamException.unavailable("recording did not start: " + why, e);
            }
            for (Active a : started) {
                CaptureMedia.Recording rec = a.recording;
                RawFormat f = ingests.get(a.take.source()).ingest.feed().format();
                CaptureTake t = a.take;
                a.take = new CaptureTake(t.id(), t.source(), t.name(), TakeState.RECORDING, rec.startedAt(), null, rec.startTimecode(),
                        f.rate(), 0, 0, 0, t.operator(), null, null, null, null);
                a.lastTick = clock.instant();
                CaptureTake s = a.take;
                catalog.update(x -> x.capture().updateTake(s));
                active.put(s.id(), a);
                if (r.seconds() != null) {
                    a.autoStop = ticker.schedule(() -> stopper.execute(() -> finish(a, "seconds")),
                            Math.round(r.seconds() * 1000), TimeUnit.MILLISECONDS);
                }
            }
        }
        for (Active a : started) {
            events.publish(new DamEvent.RecordingStarted(a.take));
            events.publish(new DamEvent.CaptureState(a.take.source(), LiveState.RECORDING.id()));
        }
        LOG.info("recording {} from {} as take(s) {}", name, ids, started.stream().map(a -> a.take.id()).toList());
        return started.stream().map(a -> a.take).toList();
    }

    /** Stops the takes named (by id or by source; none named = every running take) and waits until they are catalogued. */
    public List<CaptureTake> stop(Actor by, StopRequest r) {
        List<Active> which = new ArrayList<>();
        synchronized (this) {
            boolean all = r == null || (nullOrEmpty(r.sources()) && nullOrEmpty(r.takes()));
            for (Active a : active.values()) {
                if (all || r.sources() != null && r.sources().contains(a.take.source()) || r.takes() != null && r.takes().contains(a.take.id())) {
                    which.add(a);
                }
            }
            if (r != null && r.sources() != null) for (String id : r.sources()) source(id); // an unknown one is NOT_FOUND
        }
        if (by != null && !which.isEmpty()) {
            audit.record(by.principal(), AuditAction.CAPTURE_STOP, "takes " + which.stream().map(a -> String.valueOf(a.take.id()))
                    .collect(java.util.stream.Collectors.joining(", ")), null, by.address());
        }
        return finishTogether(which, "stopped");
    }

    /** Ends the takes side by side and waits for each to be catalogued. */
    private List<CaptureTake> finishTogether(List<Active> which, String reason) {
        List<Future<CaptureTake>> ends = new ArrayList<>();
        for (Active a : which) ends.add(stopper.submit(() -> finish(a, reason)));
        List<CaptureTake> out = new ArrayList<>();
        for (Future<CaptureTake> end : ends) out.add(ended(end));
        return out;
    }

    /** The take a stop ended with; its failure as it was thrown. */
    private static CaptureTake ended(Future<CaptureTake> end) {
        try {
            return end.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DamException.unavailable("interrupted while the take was ending", e);
        } catch (ExecutionException e) {
            // finish throws nothing checked
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw DamException.unavailable("the take did not end: " + words(e.getCause()), e.getCause());
        }
    }

    /** The most {@link #takes} lists at once (a dump of every take). */
    public static final int ALL_TAKES = 1_000_000;

    public List<CaptureTake> takes(int limit) {
        return catalog.<List<CaptureRepository.TakeRow>>read(x -> x.capture().takes(Math.max(1, Math.min(limit, ALL_TAKES))))
                .stream().map(this::current).toList();
    }

    public CaptureTake take(long id) {
        return catalog.read(x -> x.capture().take(id)).map(this::current)
                .orElseThrow(() -> DamException.notFound("no take " + id));
    }

    /** Stops every recording cleanly (reason shutdown) and releases every source. */
    @Override
    public void close() {
        List<Active> running;
        synchronized (this) {
            if (closed) return;
            closed = true;
            running = new ArrayList<>(active.values());
        }
        finishTogether(running, "shutdown");
        ticker.shutdownNow();
        stopper.shutdown();
        try {
            stopper.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (Shared sh : new ArrayList<>(ingests.values())) closeIngest(sh);
        }
        try {
            deviceWatch.close();
        } catch (Exception e) {
            LOG.debug("device watcher close: {}", e.toString());
        }
        media.close();
    }

    // ------------------------------------------------------------------ ending a take

    /** Ends {@code a} (once; a second caller waits and gets the same end) and catalogues its file. */
    private CaptureTake finish(Active a, String reason) {
        synchronized (a) {
            if (a.stopping) return a.take;
            a.stopping = true;
            if (a.autoStop != null) a.autoStop.cancel(false);
            CaptureMedia.Recording rec = a.recording;
            CaptureTake t = a.take;
            Instant end = clock.instant();
            String error = null;
            try {
                rec.stop();
            } catch (RuntimeException e) {
                error = "the recorder did not finish cleanly: " + words(e);
            }
            CaptureTake measured = new CaptureTake(t.id(), t.source(), t.name(), t.state(), t.startedAt(), end, t.startTimecode(),
                    t.frameRate(), rec.durationSeconds(), rec.bytes(), rec.droppedFrames(), t.operator(), null, null, null, null);
            synchronized (this) {
                active.remove(t.id());
                Shared sh = ingests.get(t.source());
                if (sh != null && sh.recording == a) {
                    sh.recording = null;
                    sh.idleSince = clock.instant();
                }
            }
            TakeState state = "disk-full".equals(reason) ? TakeState.STOPPED_DISK_FULL : TakeState.FINISHED;
            a.take = catalogue(a.by, measured, a.staging, state, List.of("capture"), error);
            if (a.take.state() == TakeState.FAILED) {
                events.publish(new DamEvent.RecordingFailed(a.take, a.take.error()));
            } else {
                events.publish(new DamEvent.RecordingStopped(a.take, reason));
            }
            events.publish(new DamEvent.CaptureState(t.source(), stateOf(t.source()).id()));
            return a.take;
        }
    }

    /**
     * Moves the staging file into the capture root's folder of its day, scans it in the day's capture
     * batch and names and tags its asset; the row says where it went, or why it did not (the staging file kept).
     */
    private CaptureTake catalogue(Actor by, CaptureTake t, Path file, TakeState state, List<String> tags, String error) {
        String batch = "capture-" + LocalDate.ofInstant(t.startedAt(), ZoneId.systemDefault());
        CaptureTake out;
        try {
            if (error != null && !Files.exists(file)) throw new IOException(error);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) == 0) {
                throw new IOException("the recorder wrote nothing");
            }
            Path folder = folder(by, t.startedAt());
            Path placed = place(file, folder, t.name());
            Path real = placed.toRealPath();
            ScanReport report = scanner.get().alreadySettled().scan(List.of(real), scanOptions.apply(Optional.of(batch)));
            String text = FileNames.text(real);
            Optional<Long> asset = catalog.read(x -> x.assets().locationByPath(text)).map(org.thatdam.model.Location::assetId);
            if (asset.isEmpty()) {
                String problem = report.problems().stream().map(ScanReport.Problem::error).findFirst().orElse("not a media file the library knows");
                out = with(t, TakeState.FAILED, t.finishedAt(), null, text, "the take is kept at " + text + " but was not catalogued: " + problem);
            } else {
                assets.update(asset.get(), AssetPatch.none().withTitle(t.name()).withTags(tags), by);
                out = new CaptureTake(t.id(), t.source(), t.name(), state, t.startedAt(), t.finishedAt(), t.startTimecode(), t.frameRate(),
                        t.durationSeconds(), t.bytes(), t.droppedFrames(), t.operator(), asset.get(), text, batch, error);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("take {} ({}) not catalogued: {}", t.id(), t.name(), words(e));
            out = with(t, TakeState.FAILED, t.finishedAt(), null, null,
                    words(e) + "; what was recorded is kept at " + FileNames.text(file));
        }
        CaptureTake fin = out;
        catalog.update(x -> x.capture().updateTake(fin));
        return fin;
    }

    private Path folder(Actor by, Instant startedAt) throws IOException {
        Path root = config.root().orElse(defaultRoot).toAbsolutePath().normalize();
        Files.createDirectories(root);
        if (roots.root(root).isEmpty() && roots.roots().stream().noneMatch(r -> root.startsWith(FileNames.path(r.path())))) {
            roots.add(root, by);
        }
        Path folder = root.resolve(LocalDate.ofInstant(startedAt, ZoneId.systemDefault()).toString());
        Files.createDirectories(folder);
        return folder;
    }

    /** Moves the staged file to {@code folder/name.mp4}, or {@code name (2).mp4}…: never over a file. */
    private static Path place(Path file, Path folder, String name) throws IOException {
        for (int n = 1; n <= 1000; n++) {
            Path target = folder.resolve(TakeNames.fileName(name, n));
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) continue;
            try {
                AtomicFiles.moveNew(file, target);
                return target;
            } catch (FileAlreadyExistsException e) {
                // taken meanwhile: the next number
            }
        }
        throw DamException.conflict("the names " + name + ".mp4 to " + TakeNames.fileName(name, 1000) + " are all taken in " + folder);
    }

    // ------------------------------------------------------------------ recovery

    /** Takes left recording by a process of this host that is gone: catalogued from what they wrote, or failed saying where it is. */
    private void recover() {
        for (CaptureRepository.TakeRow row : catalog.<List<CaptureRepository.TakeRow>>read(x -> x.capture().takesIn(TakeState.RECORDING))) {
            if (!deadOnThisHost(row.owner())) continue;
            CaptureTake t = row.take();
            Path file = row.stagingPath() == null ? staging.resolve(t.id() + ".mp4") : FileNames.path(row.stagingPath());
            MediaInfo info = null;
            try {
                if (Files.isRegularFile(file) && Files.size(file) > 0) info = prober.get().probe(file);
            } catch (IOException | RuntimeException e) {
                LOG.info("take {}: its file {} cannot be read: {}", t.id(), file, words(e));
            }
            boolean playable = info != null && info.durationSec() != null && info.durationSec() > 0 && info.width() != null;
            CaptureTake done;
            if (playable) {
                Instant end = t.startedAt().plusMillis(Math.round(info.durationSec() * 1000));
                CaptureTake measured = new CaptureTake(t.id(), t.source(), t.name(), t.state(), t.startedAt(), end, t.startTimecode(),
                        t.frameRate(), info.durationSec(), sizeOf(file), t.droppedFrames(), t.operator(), null, null, null, null);
                done = catalogue(Actor.commandLine(), measured, file, TakeState.RECOVERED, List.of("capture", "recovered"), null);
            } else {
                done = with(t, TakeState.FAILED, clock.instant(), null, null, "the recording was interrupted (its process ended) and "
                        + (Files.exists(file) ? "its file cannot be played; it is kept at " + FileNames.text(file) : "wrote no file"));
                CaptureTake d = done;
                catalog.update(x -> x.capture().updateTake(d));
            }
            LOG.warn("take {} ({}) was left recording by {}: {}", t.id(), t.name(), row.owner(), done.state().id()
                    + (done.error() != null ? ": " + done.error() : " as asset " + done.assetId()));
        }
    }

    /** {@code node/pid@host}: the node's name may hold anything, so the pid is read after its last slash. */
    static boolean deadOnThisHost(String owner) {
        int at = owner.lastIndexOf('@');
        int slash = owner.lastIndexOf('/', at);
        if (at < 0 || slash < 0 || !owner.substring(at + 1).equals(hostName())) return false;
        try {
            long pid = Long.parseLong(owner.substring(slash + 1, at));
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ every second

    /** A start timecode the file can carry at the source's rate: frames below the rate, drop-frame only at 29.97/59.94. */
    private static void checkTimecode(String tc, FrameRate rate) {
        Timecode t = Timecode.parse(tc);
        if (t.dropFrame() && !rate.dropFrame()) {
            throw DamException.invalid("timecode: " + tc + " is drop-frame (;), which only 29.97 and 59.94 fps have; this source runs at "
                    + rate + " (use HH:MM:SS:FF)");
        }
        try {
            t.toFrameCount(rate);
        } catch (DamException e) {
            throw DamException.invalid("timecode: " + e.getMessage() + " (the source runs at " + rate + ")");
        }
    }

    private void tick() {
        try {
            List<Active> running;
            synchronized (this) {
                if (closed) return;
                running = new ArrayList<>(active.values());
                idleStop();
            }
            Map<Path, List<Active>> byDisk = new HashMap<>();
            double rate = 0;
            Instant now = clock.instant();
            for (Active a : running) {
                CaptureMedia.Recording rec = a.recording;
                long bytes = rec.bytes();
                double dt = Math.max(0.2, Duration.between(a.lastTick, now).toMillis() / 1000.0);
                rate += Math.max(0, bytes - a.lastBytes) / dt;
                a.lastBytes = bytes;
                a.lastTick = now;
                byDisk.computeIfAbsent(staging, k -> new ArrayList<>()).add(a);
                CaptureTake t = a.take;
                events.publish(new DamEvent.RecordingProgress(t.id(), t.source(), rec.durationSeconds(), bytes, rec.droppedFrames(),
                        timecodeAt(t, rec.durationSeconds()), free()));
                String error = rec.error();
                if (error != null) { // ended now, with what was written kept, rather than running on broken
                    LOG.warn("take {} ({}): {}", t.id(), t.name(), error);
                    if (!a.stopping) stopper.execute(() -> finish(a, "failed"));
                }
            }
            if (running.isEmpty()) return;
            long free = free();
            if (free - GUARD_SECONDS * rate < config.minFreeBytes()) {
                LOG.warn("{} MiB free on the recordings' disk at {} MiB/s: stopping {} take(s) before the disk fills",
                        free >> 20, String.format("%.1f", rate / (1 << 20)), running.size());
                for (Active a : running) {
                    if (!a.stopping) stopper.execute(() -> finish(a, "disk-full")); // one already ending needs no second end
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("capture ticker: {}", words(e));
        }
    }

    /** Closes the ingests nobody has watched or recorded for {@code capture.idle-seconds}. Holds the lock. */
    private void idleStop() {
        Instant now = clock.instant();
        for (Shared sh : new ArrayList<>(ingests.values())) {
            LiveState st;
            try {
                st = sh.ingest.feed().state();
            } catch (RuntimeException e) {
                st = LiveState.NO_SIGNAL;
            }
            if (st != sh.lastState) {
                sh.lastState = st;
                events.publish(new DamEvent.CaptureState(sh.source, (sh.recording != null ? LiveState.RECORDING : st).id()));
            }
            if (sh.viewers == 0 && sh.recording == null && !now.isBefore(sh.idleSince.plus(config.idle()))) {
                LOG.info("closing the unwatched source {}", sh.source);
                closeIngest(sh);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The running ingest of {@code id}, started when there is none. */
    private synchronized Shared shared(String id) {
        Shared sh = ingests.get(id);
        if (sh != null) return sh;
        if (closed) throw DamException.unavailable("live capture is closed", null);
        LiveSource s = source(id);
        if (!s.available()) throw DamException.conflict("the source " + shown(id) + " is not available");
        String secret = s.kind() == LiveSourceKind.NETWORK ? secrets.get(id) : null;
        SourceSpec spec = new SourceSpec(s.kind(), s.id(), s.address(), s.settings(), secret);
        sh = new Shared(id, media.open(spec, config.previewWidth(), config.previewFps()), clock.instant());
        ingests.put(id, sh);
        events.publish(new DamEvent.CaptureState(id, LiveState.STARTING.id()));
        return sh;
    }

    private void closeIngest(Shared sh) {
        ingests.remove(sh.source);
        if (sh.hls != null) sh.hls.close();
        sh.ingest.close();
        events.publish(new DamEvent.CaptureState(sh.source, LiveState.IDLE.id()));
    }

    private List<LiveSource> all() {
        Map<String, CaptureRepository.SourceRow> rows = new LinkedHashMap<>();
        for (CaptureRepository.SourceRow r : catalog.<List<CaptureRepository.SourceRow>>read(x -> x.capture().sources())) rows.put(r.id(), r);
        List<LiveSource> out = new ArrayList<>();
        for (int i = 1; i <= config.testSources(); i++) {
            String id = "test-" + i;
            out.add(live(id, LiveSourceKind.TEST, "Test pattern " + i, "test", true, TEST_FORMATS, settingsOf(rows.get(id))));
        }
        for (DeviceSource d : devices()) {
            out.add(live(d.id(), LiveSourceKind.DEVICE, d.name(), d.path(), d.available(), d.formats(), settingsOf(rows.get(d.id()))));
        }
        for (CaptureRepository.SourceRow r : rows.values()) {
            if (r.kind() == LiveSourceKind.NETWORK) out.add(live(r.id(), r.kind(), r.name(), r.url(), true, List.of(), r.settings()));
        }
        return out;
    }

    private static final List<LiveFormat> TEST_FORMATS = org.thatdam.media.capture.TestPattern.FORMATS;

    private synchronized LiveSource live(String id, LiveSourceKind kind, String name, String address, boolean available,
                                         List<LiveFormat> formats, LiveSettings settings) {
        Shared sh = ingests.get(id);
        LiveState state = LiveState.IDLE;
        if (sh != null) {
            try {
                state = sh.recording != null ? LiveState.RECORDING : sh.ingest.feed().state();
            } catch (RuntimeException e) {
                state = LiveState.NO_SIGNAL;
            }
        }
        CaptureTake rec = sh != null && sh.recording != null ? sh.recording.take : null;
        return new LiveSource(id, kind, name, address, available, formats, settings, state, sh == null ? 0 : sh.viewers, rec);
    }

    private synchronized LiveState stateOf(String id) {
        Shared sh = ingests.get(id);
        if (sh == null) return LiveState.IDLE;
        if (sh.recording != null) return LiveState.RECORDING;
        try {
            return sh.ingest.feed().state();
        } catch (RuntimeException e) {
            return LiveState.NO_SIGNAL;
        }
    }

    private static LiveSettings settingsOf(CaptureRepository.SourceRow row) {
        return row == null ? LiveSettings.DEFAULT : row.settings();
    }

    private List<DeviceSource> devices() {
        List<DeviceSource> d = devices;
        if (d == null) {
            try {
                d = media.devices();
            } catch (RuntimeException e) {
                LOG.warn("video devices cannot be listed: {}", words(e));
                d = List.of();
            }
            devices = d;
        }
        return d;
    }

    private String encoder() {
        String e = encoder;
        if (e == null) {
            e = media.encoder(config.encoder());
            encoder = e;
        }
        return e;
    }

    /**
     * Waits (bounded) until the feed has delivered half a second of pictures: a source that has just
     * started delivers its first frames in a burst, and a group start needs frames at their steady pace.
     */
    private static void flowing(LiveFeed feed, RawFormat f) {
        long want = Math.max(2, Math.round(f.rate().fps() / 2));
        long from = feed.stats().frames();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (feed.stats().frames() - from < want && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    /** Refuses a recording when the staging disk is below the guard already. */
    private void checkDisk() {
        long free = free();
        if (free < config.minFreeBytes()) {
            throw new DiskFullException(staging, free, config.minFreeBytes(), "recording was not started", null);
        }
    }

    private long free() {
        try {
            return Files.getFileStore(staging).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // an unreadable store is not a full one; a write failure will say what is wrong
        }
    }

    private LiveSettings validSettings(LiveSource s, LiveSettings v) {
        if (v.width() != null && (v.width() < 16 || v.width() > 7680)) throw DamException.invalid("width: between 16 and 7680");
        if (v.height() != null && (v.height() < 16 || v.height() > 4320)) throw DamException.invalid("height: between 16 and 4320");
        if ((v.width() == null) != (v.height() == null)) throw DamException.invalid("width: give the width and the height together");
        if (v.rate() != null && (v.rate().fps() < 1 || v.rate().fps() > 240)) throw DamException.invalid("rate: between 1 and 240 frames per second");
        if (!s.formats().isEmpty()) {
            List<LiveFormat> fit = s.formats().stream()
                    .filter(f -> v.format() == null || f.format().equals(v.format()))
                    .filter(f -> v.width() == null || f.width() == v.width() && f.height() == v.height())
                    .filter(f -> v.rate() == null || f.rates().isEmpty() || f.rates().contains(v.rate()))
                    .toList();
            if (fit.isEmpty()) {
                String field = v.format() != null && s.formats().stream().noneMatch(f -> f.format().equals(v.format())) ? "format"
                        : v.width() != null && s.formats().stream().noneMatch(f -> f.width() == v.width() && f.height() == v.height()) ? "width"
                        : "rate";
                throw DamException.invalid(field + ": the source " + s.id() + " offers no " + describe(v));
            }
        } else if (v.format() != null) {
            throw DamException.invalid("format: the source " + s.id() + " has no formats to choose from");
        }
        String transport = v.transport() == null ? null
                : transport(v.transport(), s.kind() == LiveSourceKind.NETWORK ? s.address().substring(0, s.address().indexOf(':')) : "");
        return new LiveSettings(v.width(), v.height(), v.rate(), v.format(), audio(v.audio()), transport);
    }

    private static String describe(LiveSettings v) {
        return (v.format() == null ? "" : v.format() + " ") + (v.width() == null ? "" : v.width() + "x" + v.height() + " ")
                + (v.rate() == null ? "" : "at " + v.rate() + " fps");
    }

    private static String transport(String raw, String scheme) {
        if (raw == null || raw.isBlank()) return null;
        String t = raw.strip().toLowerCase(java.util.Locale.ROOT);
        if (!t.equals("tcp") && !t.equals("udp")) throw DamException.invalid("transport: tcp or udp");
        if (!scheme.startsWith("rtsp")) throw DamException.invalid("transport: only an rtsp source has a transport to choose");
        return t;
    }

    private String audio(String raw) {
        if (raw == null || raw.isBlank()) return null;
        String a = raw.strip();
        if (media.audioInputs().stream().noneMatch(i -> i.id().equals(a))) throw DamException.invalid("audio: no audio input " + shown(a));
        return a;
    }

    private static String sourceName(String raw) {
        if (raw == null || raw.isBlank()) throw DamException.invalid("name: a source needs a name");
        String n = raw.strip();
        if (n.length() > 120) throw DamException.invalid("name: at most 120 characters");
        if (n.chars().anyMatch(Character::isISOControl)) throw DamException.invalid("name: no control characters");
        return n;
    }

    private CaptureTake current(CaptureRepository.TakeRow row) {
        Active a;
        synchronized (this) {
            a = active.get(row.take().id());
        }
        if (a == null || a.recording == null) return row.take();
        CaptureTake t = a.take;
        return new CaptureTake(t.id(), t.source(), t.name(), t.state(), t.startedAt(), null, t.startTimecode(), t.frameRate(),
                a.recording.durationSeconds(), a.recording.bytes(), a.recording.droppedFrames(), t.operator(), null, null, null, null);
    }

    private static String timecodeAt(CaptureTake t, double seconds) {
        if (t.startTimecode() == null || t.frameRate() == null) return null;
        try {
            return Timecode.parse(t.startTimecode()).plusFrames(Math.round(seconds * t.frameRate().fps()), t.frameRate()).toString();
        } catch (RuntimeException e) {
            return t.startTimecode();
        }
    }

    private static CaptureTake with(CaptureTake t, TakeState state, Instant finished, Long asset, String path, String error) {
        return new CaptureTake(t.id(), t.source(), t.name(), state, t.startedAt(), finished, t.startTimecode(), t.frameRate(),
                t.durationSeconds(), t.bytes(), t.droppedFrames(), t.operator(), asset, path, t.batch(), error);
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean nullOrEmpty(Collection<?> c) {
        return c == null || c.isEmpty();
    }

    private static String principal(Actor by) {
        return by == null || by.principal().user() == null ? null : by.principal().user();
    }

    /** An id or name as it may be shown back: bounded, without control characters. */
    private static String shown(String raw) {
        if (raw == null) return "(none)";
        String s = raw.codePoints().filter(c -> !Character.isISOControl(c)).limit(80)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return "'" + s + "'";
    }

    private static String words(Throwable e) {
        if (e instanceof DamException) return e.getMessage();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String hostName() {
        String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        int at = name.indexOf('@');
        return at < 0 ? "localhost" : name.substring(at + 1);
    }

    /** {@code node/pid@host} of this process, as take rows name their owner. */
    public String owner() {
        return owner;
    }
}
