package org.thatdam.core.derive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.model.AssetKind;
import org.thatdam.model.Derivative;
import org.thatdam.core.jobs.JobContext;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.JobSkippedException;
import org.thatdam.core.jobs.PermanentJobException;
import org.thatdam.media.derive.PosterMaker;
import org.thatdam.media.derive.PosterResult;
import org.thatdam.media.derive.ProxyMaker;
import org.thatdam.media.derive.ProxyPlan;
import org.thatdam.media.derive.ProxyResult;
import org.thatdam.media.derive.SpriteMaker;
import org.thatdam.media.derive.SpriteResult;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.FileStamp;
import org.thatdam.storage.QuickHash;

/** The handlers that turn an asset version into its derivatives (and its full-content hash). */
public final class DerivativeHandlers {

    /** Past this length, sprites decode keyframes only: minutes of video in seconds, at the cost of tile precision. */
    static final double KEYFRAMES_ONLY_AFTER_SEC = 120;
    static final Duration TOOL_TIMEOUT = Duration.ofHours(6);

    private final Catalog catalog;
    private final DerivativeFiles files;
    private final Supplier<FfmpegTools> tools;
    private final Supplier<String> proxyEncoder;
    private final Clock clock;

    public DerivativeHandlers(Catalog catalog, DerivativeFiles files, Supplier<FfmpegTools> tools,
                              Supplier<String> proxyEncoder, Clock clock) {
        this.catalog = catalog;
        this.files = files;
        this.tools = tools;
        this.proxyEncoder = proxyEncoder;
        this.clock = clock;
    }

    public List<JobHandler> all() {
        return List.of(handler(JobKind.POSTER, this::poster), handler(JobKind.SPRITE, this::sprite),
                handler(JobKind.PROXY, this::proxy), handler(JobKind.FULL_HASH, this::fullHash));
    }

    @FunctionalInterface
    private interface Work {
        void run(SourceFile src, JobContext ctx) throws Exception;
    }

    private JobHandler handler(JobKind kind, Work work) {
        return new JobHandler() {
            @Override
            public JobKind kind() {
                return kind;
            }

            @Override
            public void run(JobContext ctx) throws Exception {
                Long assetId = ctx.job().assetId();
                if (assetId == null) throw new PermanentJobException(kind.id() + " job without an asset");
                Optional<SourceFile> src = SourceFile.load(catalog, assetId, DerivativePlanner.versionOf(ctx.job().params()));
                if (src.isEmpty()) {
                    throw new JobSkippedException("the asset has a newer version, which has its own " + kind.id() + " job");
                }
                work.run(src.get(), ctx);
                ctx.progress(1);
            }
        };
    }

    private void poster(SourceFile src, JobContext ctx) throws IOException {
        Path dir = Files.createDirectories(files.dir(src.asset().id()));
        AtomicFiles.removeLeftovers(dir, "poster-");
        Path small = dir.resolve("poster-320.jpg");
        Path large = dir.resolve("poster-1280.jpg");
        PosterResult r = new PosterMaker(tools.get(), TOOL_TIMEOUT)
                .make(src.file(), src.version().media(), small, large, ctx.cancelled());
        String detail = String.format(Locale.ROOT, "at %.2fs", r.atSec());
        catalog.update(s -> {
            s.derivatives().put(derivative(src, "poster-small", small, "image/jpeg", r.small().width(), r.small().height(), detail));
            s.derivatives().put(derivative(src, "poster-large", large, "image/jpeg", r.large().width(), r.large().height(), detail));
        });
    }

    private void sprite(SourceFile src, JobContext ctx) throws IOException {
        Path dir = Files.createDirectories(files.dir(src.asset().id()));
        AtomicFiles.removeLeftovers(dir, "sprite");
        Double duration = src.version().media().durationSec();
        boolean keyframes = duration != null && duration > KEYFRAMES_ONLY_AFTER_SEC;
        SpriteResult r = new SpriteMaker(tools.get(), TOOL_TIMEOUT).make(src.file(),
                src.version().media(), dir, keyframes, ctx::progress, ctx.cancelled());
        String detail = String.format(Locale.ROOT, "%d tiles every %.2fs in %d sheet(s)%s", r.tiles(), r.intervalSec(),
                r.sheets().size(), r.keyframesOnly() ? ", keyframes only" : "");
        r.sheets().forEach(files::publish); // before the track that points at them
        catalog.update(s -> s.derivatives().put(derivative(src, "sprite", r.vtt(), "text/vtt", r.tile().width(),
                r.tile().height(), detail)));
    }

    private void proxy(SourceFile src, JobContext ctx) throws IOException {
        var media = src.version().media();
        ProxyPlan plan = ProxyMaker.plan(media);
        if (plan.reuseOriginal()) {
            catalog.update(s -> s.derivatives().put(new Derivative(src.asset().id(), "proxy", src.version().id(),
                    DerivativeFiles.ORIGINAL, mimeOfOriginal(media.container(), src.asset().kind()), src.version().sizeBytes(),
                    media.width(), media.height(), "original is browser-playable: " + plan.reason(), Instant.now(clock))));
            return;
        }
        Path dir = Files.createDirectories(files.dir(src.asset().id()));
        AtomicFiles.removeLeftovers(dir, "proxy"); // a killed earlier attempt's half-written encode
        Path out = dir.resolve(plan.audioOnly() ? "proxy.m4a" : "proxy.mp4");
        ProxyResult r = new ProxyMaker(tools.get(), TOOL_TIMEOUT).make(src.file(), media, out, proxyEncoder.get(),
                ctx::progress, ctx.cancelled());
        String detail = plan.reason() + "; encoder " + r.videoEncoder();
        catalog.update(s -> s.derivatives().put(derivative(src, "proxy", out, plan.audioOnly() ? "audio/mp4" : "video/mp4",
                r.size() == null ? null : r.size().width(), r.size() == null ? null : r.size().height(), detail)));
    }

    private void fullHash(SourceFile src, JobContext ctx) throws IOException {
        if (src.version().fullHash() != null) throw new JobSkippedException("this version's full hash is already known");
        FileStamp before = FileStamp.of(src.file());
        String hash = QuickHash.full(src.file(), ctx::progress); // bytes read of the whole file: honest for a long hash
        if (!FileStamp.of(src.file()).equals(before)) {
            throw new IOException("the file changed while it was being hashed"); // transient: retried
        }
        catalog.update(s -> s.assets().setFullHash(src.version().id(), hash));
    }

    private Derivative derivative(SourceFile src, String kind, Path file, String mime, Integer w, Integer h, String detail) {
        return files.describe(src, kind, file, mime, w, h, detail, Instant.now(clock));
    }

    static String mimeOfOriginal(String container, AssetKind kind) {
        if (container == null) return kind == AssetKind.AUDIO ? "audio/mpeg" : "video/mp4";
        return switch (container) {
            case "webm" -> kind == AssetKind.AUDIO ? "audio/webm" : "video/webm";
            case "mov" -> "video/quicktime";
            case "mp3" -> "audio/mpeg";
            case "m4a" -> "audio/mp4";
            case "ogg" -> "audio/ogg";
            default -> kind == AssetKind.AUDIO ? "audio/mp4" : "video/mp4";
        };
    }
}
