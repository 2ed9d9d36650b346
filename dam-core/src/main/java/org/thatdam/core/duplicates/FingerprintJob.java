package org.thatdam.core.duplicates;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.derive.DerivativePlanner;
import org.thatdam.core.derive.SourceFile;
import org.thatdam.core.jobs.JobContext;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.JobSkippedException;
import org.thatdam.core.jobs.PermanentJobException;
import org.thatdam.media.fingerprint.VideoFingerprint;
import org.thatdam.media.fingerprint.VideoFingerprinter;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.model.Fingerprint;

/** The {@link JobKind#FINGERPRINT} job: fingerprints one version of a video and stores it (catalog only, no files). */
final class FingerprintJob implements JobHandler {

    static final Duration TIMEOUT = Duration.ofHours(6);

    private final Catalog catalog;
    private final Supplier<FfmpegTools> tools;
    private final Clock clock;

    FingerprintJob(Catalog catalog, Supplier<FfmpegTools> tools, Clock clock) {
        this.catalog = catalog;
        this.tools = tools;
        this.clock = clock;
    }

    @Override
    public JobKind kind() {
        return JobKind.FINGERPRINT;
    }

    @Override
    public void run(JobContext ctx) {
        Long assetId = ctx.job().assetId();
        if (assetId == null) throw new PermanentJobException("fingerprint job without an asset");
        long versionId = DerivativePlanner.versionOf(ctx.job().params());
        Optional<SourceFile> src = SourceFile.load(catalog, assetId, versionId);
        if (src.isEmpty()) throw new JobSkippedException("the asset has a newer version, which has its own fingerprint job");
        VideoFingerprint f = new VideoFingerprinter(tools.get(), TIMEOUT)
                .fingerprint(src.get().file(), src.get().version().media(), ctx::progress, ctx.cancelled());
        Fingerprint row = new Fingerprint(assetId, versionId, f.algo(), f.sampleRate(), f.frames(), f.contentStartSec(),
                f.contentEndSec(), f.coarse(), Instant.now(clock));
        boolean stored = catalog.write(s -> {
            var a = s.assets().find(assetId);
            // forgotten or given new content while we ran: nothing to store (the new version has its own job)
            if (a.isEmpty() || a.get().currentVersionId() == null || a.get().currentVersionId() != versionId) return false;
            s.fingerprints().put(row);
            return true;
        });
        if (!stored) throw new JobSkippedException("the asset changed while it was fingerprinted");
        ctx.progress(1);
    }
}
