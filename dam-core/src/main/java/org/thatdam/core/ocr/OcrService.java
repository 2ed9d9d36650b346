package org.thatdam.core.ocr;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.model.SceneText;
import org.thatdam.semantic.ocr.ScreenTextReader;

/** On-screen text: the lines read on a video's keyframes, and the job that reads them. */
public final class OcrService {

    private final Catalog catalog;
    private final Supplier<FfmpegTools> tools;
    private final java.time.Clock clock;

    public OcrService(Catalog catalog, Supplier<FfmpegTools> tools, java.time.Clock clock) {
        this.catalog = catalog;
        this.tools = tools;
        this.clock = clock;
    }

    /** The {@code ocr} job's work (the models load with its first run, not before). */
    public JobHandler handler() {
        return new OcrHandler(catalog, tools, ScreenTextReader::shared, clock);
    }

    /** The lines read on the asset's keyframes, in reading order, keyed by scene (beat) id; absent when none. */
    public Map<Long, List<SceneText>> texts(long assetId) {
        return catalog.read(s -> s.sceneTexts().forAssets(List.of(assetId)));
    }
}
