package org.thatdam.core.scenes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.SceneRepository.NewBeat;
import org.thatdam.catalog.SceneRepository.NewScene;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.derive.DerivativePlanner;
import org.thatdam.core.derive.SourceFile;
import org.thatdam.core.jobs.JobContext;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.JobSkippedException;
import org.thatdam.core.jobs.PermanentJobException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.scenes.SceneAnalysis;
import org.thatdam.media.scenes.SceneDetector;
import org.thatdam.model.AssetKind;

/**
 * The {@code scenes} job: analyses one version of a video and replaces the asset's scenes with the result in one
 * transaction. Keyframes go to a new folder {@code scenes/v<version>-j<job>/} in the asset's derivative folder, so
 * the previous ones stay valid until the catalog points at the new ones; the older folders are deleted after.
 */
final class SceneJob implements JobHandler {

    static final String FOLDER = "scenes";
    static final Duration TOOL_TIMEOUT = Duration.ofHours(6);

    private final Catalog catalog;
    private final DerivativeFiles files;
    private final Supplier<FfmpegTools> tools;
    private final java.time.Clock clock;

    SceneJob(Catalog catalog, DerivativeFiles files, Supplier<FfmpegTools> tools, java.time.Clock clock) {
        this.catalog = catalog;
        this.files = files;
        this.tools = tools;
        this.clock = clock;
    }

    @Override
    public JobKind kind() {
        return JobKind.SCENES;
    }

    @Override
    public void run(JobContext ctx) throws Exception {
        Long assetId = ctx.job().assetId();
        if (assetId == null) throw new PermanentJobException("scenes job without an asset");
        long versionId = DerivativePlanner.versionOf(ctx.job().params());
        SourceFile src = SourceFile.load(catalog, assetId, versionId).orElseThrow(
                () -> new JobSkippedException("the asset has a newer version, which has its own scenes job"));
        if (src.asset().kind() != AssetKind.VIDEO) {
            throw new JobSkippedException("only videos have scenes");
        }
        Path scenesDir = files.dir(assetId).resolve(FOLDER);
        String name = "v" + versionId + "-j" + ctx.job().id();
        Path out = scenesDir.resolve(name);
        DerivativeFiles.deleteTree(out); // a failed earlier attempt of this job
        boolean stored = false;
        try {
            SceneAnalysis a = new SceneDetector(tools.get(), TOOL_TIMEOUT)
                    .detect(src.file(), src.version().media(), out, ctx::progress, ctx.cancelled());
            String prefix = FOLDER + "/" + name + "/";
            files.publishFolder(out); // the keyframes are in the store before the rows that name them
            stored = catalog.write(s -> {
                var asset = s.assets().find(assetId);
                if (asset.isEmpty() || asset.get().currentVersionId() == null
                        || asset.get().currentVersionId() != versionId) {
                    return false; // forgotten or replaced while we worked
                }
                s.scenes().replace(assetId, versionId, rows(a, prefix));
                // the new keyframes' on-screen text, in the same transaction: no scenes without their reading queued
                s.jobs().enqueue(JobKind.OCR.forVersion(assetId, versionId), clock.millis());
                return true;
            });
            if (!stored) {
                throw new JobSkippedException("the asset changed while its scenes were found");
            }
        } finally {
            if (!stored) {
                DerivativeFiles.deleteTree(out);
                files.unpublishFolder(out);
            }
        }
        removeOthers(scenesDir, name);
        files.unpublishOthers(scenesDir, name);
        ctx.progress(1);
    }

    static List<NewScene> rows(SceneAnalysis a, String prefix) {
        List<NewScene> out = new ArrayList<>();
        for (SceneAnalysis.DetectedScene sc : a.scenes()) {
            List<NewBeat> beats = sc.beats().stream().map(b -> new NewBeat(b.startSec(), b.endSec(), b.keyframeSec(),
                    prefix + b.keyframe(), b.sharpness())).toList();
            out.add(new NewScene(sc.startSec(), sc.endSec(), sc.keyframeSec(), prefix + sc.keyframe(), sc.score(),
                    beats));
        }
        return out;
    }

    /** Deletes the keyframes of earlier analyses (and their leftovers), now that nothing points at them. */
    private static void removeOthers(Path scenesDir, String keep) throws IOException {
        if (!Files.isDirectory(scenesDir)) return;
        try (var entries = Files.list(scenesDir)) {
            for (Path p : entries.toList()) {
                if (!p.getFileName().toString().equals(keep)) {
                    DerivativeFiles.deleteTree(p);
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
