package org.thatdam.core.ocr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.derive.DerivativePlanner;
import org.thatdam.core.derive.SourceFile;
import org.thatdam.core.jobs.JobContext;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.JobSkippedException;
import org.thatdam.core.jobs.PermanentJobException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.frames.FrameGrabber;
import org.thatdam.model.Scene;
import org.thatdam.model.SceneText;
import org.thatdam.semantic.ocr.ScreenTextReader;
import org.thatdam.semantic.ocr.TextRegion;

/**
 * The on-screen text job ({@link JobKind#OCR}, params {@code v=<versionId>}, queued once a version's scenes are
 * stored): reads the text on the keyframe of every beat of that version, from the original at most
 * {@value #FRAME_WIDTH} px wide (all frames from one ffmpeg run), and stores the lines read with at least
 * {@value #MIN_CONFIDENCE} confidence per beat, all in one transaction.
 */
public final class OcrHandler implements JobHandler {

    static final int FRAME_WIDTH = 1920;
    /** Below this the recogniser is mostly reading texture as letters. */
    static final double MIN_CONFIDENCE = 0.5;
    static final Duration TOOL_TIMEOUT = Duration.ofHours(6);

    private final Catalog catalog;
    private final Supplier<FfmpegTools> tools;
    private final Supplier<ScreenTextReader> reader;
    private final java.time.Clock clock;

    public OcrHandler(Catalog catalog, Supplier<FfmpegTools> tools, Supplier<ScreenTextReader> reader, java.time.Clock clock) {
        this.catalog = catalog;
        this.tools = tools;
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public JobKind kind() {
        return JobKind.OCR;
    }

    @Override
    public void run(JobContext ctx) {
        Long assetId = ctx.job().assetId();
        if (assetId == null) throw new PermanentJobException("ocr job without an asset");
        long versionId = DerivativePlanner.versionOf(ctx.job().params());
        SourceFile src = SourceFile.load(catalog, assetId, versionId).orElseThrow(() ->
                new JobSkippedException("the asset has a newer version, which has its own ocr job"));
        List<Scene> beats = catalog.read(s -> s.scenes().list(assetId)).stream()
                .filter(sc -> sc.level() == 2 && sc.versionId() == versionId && sc.keyframeSec() != null)
                .sorted(Comparator.comparingDouble(Scene::keyframeSec))
                .toList();
        if (beats.isEmpty()) throw new JobSkippedException("the video has no keyframes to read text on");

        // One frame per distinct time; beats sharing a keyframe time share its text.
        List<Double> times = new ArrayList<>();
        List<List<Scene>> beatsAt = new ArrayList<>();
        for (Scene b : beats) {
            if (times.isEmpty() || b.keyframeSec() > times.get(times.size() - 1)) {
                times.add(b.keyframeSec());
                beatsAt.add(new ArrayList<>());
            }
            beatsAt.get(beatsAt.size() - 1).add(b);
        }
        ScreenTextReader ocr = reader.get();
        Map<Long, List<SceneText>> found = new HashMap<>();
        new FrameGrabber(tools.get(), TOOL_TIMEOUT).grab(src.file(), times, FRAME_WIDTH, frame -> {
            // Between frames: a stopping engine waits for this run, so it ends at the frame in hand.
            org.thatdam.media.ffmpeg.ToolRunner.checkCancelled(ctx.cancelled());
            List<TextRegion> regions = ocr.read(frame.image());
            for (Scene b : beatsAt.get(frame.index())) found.put(b.id(), texts(b.id(), regions));
            ctx.progress((frame.index() + 1.0) / times.size());
        }, ctx.cancelled());

        catalog.update(s -> {
            // Beats replaced by a newer analysis meanwhile are gone: that analysis queues its own job.
            Set<Long> current = new HashSet<>();
            for (Scene sc : s.scenes().list(assetId)) current.add(sc.id());
            for (Scene b : beats) {
                if (current.contains(b.id())) {
                    s.sceneTexts().replaceForScene(b.id(), found.getOrDefault(b.id(), List.of()));
                }
            }
            // the scenes' text vectors follow their text
            s.jobs().enqueue(org.thatdam.core.embed.EmbeddingService.job(assetId), clock.millis());
        });
    }

    /** The regions worth keeping, as rows of the beat. */
    static List<SceneText> texts(long sceneId, List<TextRegion> regions) {
        List<SceneText> out = new ArrayList<>();
        for (TextRegion r : regions) {
            String text = Objects.requireNonNullElse(r.text(), "").strip();
            if (text.isEmpty() || r.confidence() < MIN_CONFIDENCE) continue;
            out.add(new SceneText(sceneId, out.size(), text, r.confidence(), r.x(), r.y(), r.w(), r.h()));
        }
        return out;
    }
}
