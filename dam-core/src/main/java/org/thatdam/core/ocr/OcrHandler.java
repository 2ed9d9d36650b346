package org.thatdam.core.ocr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
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
 * stored): reads the text on the keyframe of the beats of that version, from the original at most
 * {@value #FRAME_WIDTH} px wide (all frames from one ffmpeg run), and stores the lines read with at least
 * {@value #MIN_CONFIDENCE} confidence per beat.
 *
 * <p>Bounded and resumable: the text is committed every {@value #BATCH} keyframes, each beat marked as read (with or
 * without text), and a rerun reads only the beats not read yet. A video gets at most one reading per
 * {@value #SEC_PER_READ} s and {@value #MAX_READS} in all (evenly spread over its keyframes when it has more);
 * a keyframe that looks the same as the one read before it takes its text without being read. The timeout grows
 * with the number of frames.
 */
public final class OcrHandler implements JobHandler {

    static final int FRAME_WIDTH = 1920;
    /** Below this the recogniser is mostly reading texture as letters. */
    static final double MIN_CONFIDENCE = 0.5;
    /** One or two characters read from texture ("十", "EE") pass the floor above; a short line must be surer. */
    static final double MIN_CONFIDENCE_SHORT = 0.8;
    /** Keyframes whose text is committed together. */
    static final int BATCH = 50;
    static final double SEC_PER_READ = 2;
    static final int MAX_READS = 2000;
    static final Duration BASE_TIMEOUT = Duration.ofMinutes(10);
    static final Duration TIMEOUT_PER_FRAME = Duration.ofSeconds(30);

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
        List<Double> allTimes = new ArrayList<>();
        List<List<Scene>> allBeatsAt = new ArrayList<>();
        for (Scene b : beats) {
            if (allTimes.isEmpty() || b.keyframeSec() > allTimes.get(allTimes.size() - 1)) {
                allTimes.add(b.keyframeSec());
                allBeatsAt.add(new ArrayList<>());
            }
            allBeatsAt.get(allBeatsAt.size() - 1).add(b);
        }
        // The same choice on every run, so that a rerun resumes where the last one stopped.
        Set<Long> read = catalog.read(s -> s.sceneTexts().readScenes(assetId));
        List<Double> times = new ArrayList<>();
        List<List<Scene>> beatsAt = new ArrayList<>();
        Double duration = src.version().media() == null ? null : src.version().media().durationSec();
        for (int i : spread(allTimes.size(), maxReads(duration, beats))) {
            List<Scene> unread = allBeatsAt.get(i).stream().filter(b -> !read.contains(b.id())).toList();
            if (!unread.isEmpty()) {
                times.add(allTimes.get(i));
                beatsAt.add(unread);
            }
        }
        if (!times.isEmpty()) {
            read(ctx, src, times, beatsAt);
        }
        // the scenes' text vectors follow their text
        catalog.update(s -> s.jobs().enqueue(org.thatdam.core.embed.EmbeddingService.job(assetId), clock.millis()));
    }

    private void read(JobContext ctx, SourceFile src, List<Double> times, List<List<Scene>> beatsAt) {
        ScreenTextReader ocr = reader.get();
        Map<Long, List<SceneText>> pending = new LinkedHashMap<>();
        int[] frames = {0};
        AtomicReference<Likeness> previous = new AtomicReference<>();
        AtomicReference<List<TextRegion>> regions = new AtomicReference<>(List.of());
        Duration timeout = BASE_TIMEOUT.plus(TIMEOUT_PER_FRAME.multipliedBy(times.size()));
        new FrameGrabber(tools.get(), timeout).grab(src.file(), times, FRAME_WIDTH, frame -> {
            // Between frames: a stopping engine waits for this run, so it ends at the frame in hand.
            org.thatdam.media.ffmpeg.ToolRunner.checkCancelled(ctx.cancelled());
            Likeness like = Likeness.of(frame.image());
            if (previous.get() == null || !previous.get().same(like)) {
                regions.set(ocr.read(frame.image()));
                previous.set(like);
            }
            for (Scene b : beatsAt.get(frame.index())) pending.put(b.id(), texts(b.id(), regions.get()));
            if (++frames[0] % BATCH == 0) store(pending);
            ctx.progress((frame.index() + 1.0) / times.size());
        }, ctx.cancelled());
        store(pending);
    }

    /** Commits the text read so far in its own transaction. */
    private void store(Map<Long, List<SceneText>> pending) {
        if (pending.isEmpty()) return;
        catalog.update(s -> {
            // Beats replaced by a newer analysis meanwhile are gone: that analysis queues its own job.
            for (Map.Entry<Long, List<SceneText>> e : pending.entrySet()) {
                if (s.scenes().get(e.getKey()).isPresent()) s.sceneTexts().replaceForScene(e.getKey(), e.getValue());
            }
        });
        pending.clear();
    }

    /** Readings a video gets: one per {@value #SEC_PER_READ} s, at least one, at most {@value #MAX_READS}. */
    static int maxReads(Double durationSec, List<Scene> beats) {
        double duration = durationSec != null && durationSec > 0 ? durationSec
                : beats.stream().mapToDouble(Scene::endSec).max().orElse(0);
        return (int) Math.max(1, Math.min(MAX_READS, Math.floor(duration / SEC_PER_READ)));
    }

    /** {@code max} indexes of {@code 0..n-1} spread evenly (all of them when n is at most max). */
    static int[] spread(int n, int max) {
        if (n <= max) return java.util.stream.IntStream.range(0, n).toArray();
        int[] out = new int[max];
        for (int k = 0; k < max; k++) out[k] = (int) ((long) k * n / max);
        return out;
    }

    /** The regions worth keeping, as rows of the beat. */
    static List<SceneText> texts(long sceneId, List<TextRegion> regions) {
        List<SceneText> out = new ArrayList<>();
        for (TextRegion r : regions) {
            String text = Objects.requireNonNullElse(r.text(), "").strip();
            if (text.isEmpty() || r.confidence() < (text.codePointCount(0, text.length()) <= 2 ? MIN_CONFIDENCE_SHORT : MIN_CONFIDENCE)) {
                continue;
            }
            out.add(new SceneText(sceneId, out.size(), text, r.confidence(), r.x(), r.y(), r.w(), r.h()));
        }
        return out;
    }
}
