package org.thatdam.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.thatdam.model.Searchable;

/**
 * What the search index knows about one asset: a flat projection of the catalog, always rebuildable
 * from it. Null fields are simply not indexed.
 *
 * @param kind       "video", "audio", "image" or "other" (case-insensitive)
 * @param status     "ok", "failed" or "missing" (case-insensitive)
 * @param capturedAt when the content was shot (capture time), else when the asset was catalogued
 * @param text       free-text metadata: title/comment tags, camera make and model
 * @param rating     0–5 stars (0 = unrated)
 * @param label      colour label id ("red"), or null
 * @param fields     custom field values, one per value
 * @param vectors    the asset's stored vectors by model id ({@link #TEXT_MODEL}, {@link #VISUAL_MODEL})
 * @param scenes     its scenes and beats, each indexed as its own document
 */
public record IndexedAsset(long id, String path, String title, String batch, List<String> tags, String kind, String status,
        String videoCodec, String audioCodec, String container, Double durationSec, Integer width, Integer height, Double fps,
        Instant capturedAt, long sizeBytes, String text, int rating, boolean favourite, String label,
        List<Searchable.Field> fields, Map<String, float[]> vectors, List<IndexedScene> scenes) {

    /** The text embedding model's id (title, description, tags, custom fields; a scene's text). */
    public static final String TEXT_MODEL = "text";
    /** The visual embedding model's id (keyframe pictures). */
    public static final String VISUAL_MODEL = "visual";

    public IndexedAsset {
        tags = tags == null ? List.of() : tags.stream().filter(t -> t != null && !t.isBlank()).toList();
        fields = fields == null ? List.of() : List.copyOf(fields);
        vectors = vectors == null ? Map.of() : Map.copyOf(vectors);
        scenes = scenes == null ? List.of() : List.copyOf(scenes);
    }

    /** An asset without vectors or scenes. */
    public IndexedAsset(long id, String path, String title, String batch, List<String> tags, String kind, String status,
            String videoCodec, String audioCodec, String container, Double durationSec, Integer width, Integer height,
            Double fps, Instant capturedAt, long sizeBytes, String text, int rating, boolean favourite, String label,
            List<Searchable.Field> fields) {
        this(id, path, title, batch, tags, kind, status, videoCodec, audioCodec, container, durationSec, width, height, fps,
                capturedAt, sizeBytes, text, rating, favourite, label, fields, Map.of(), List.of());
    }

    /** This asset with these vectors and scenes. */
    public IndexedAsset withSemantic(Map<String, float[]> vectors, List<IndexedScene> scenes) {
        return new IndexedAsset(id, path, title, batch, tags, kind, status, videoCodec, audioCodec, container, durationSec,
                width, height, fps, capturedAt, sizeBytes, text, rating, favourite, label, fields, vectors, scenes);
    }

    /** An asset without custom field values. */
    public IndexedAsset(long id, String path, String title, String batch, List<String> tags, String kind, String status,
            String videoCodec, String audioCodec, String container, Double durationSec, Integer width, Integer height,
            Double fps, Instant capturedAt, long sizeBytes, String text, int rating, boolean favourite, String label) {
        this(id, path, title, batch, tags, kind, status, videoCodec, audioCodec, container, durationSec, width, height, fps,
                capturedAt, sizeBytes, text, rating, favourite, label, List.of());
    }

    /** An asset nobody has rated, marked or labelled. */
    public IndexedAsset(long id, String path, String title, String batch, List<String> tags, String kind, String status,
            String videoCodec, String audioCodec, String container, Double durationSec, Integer width, Integer height,
            Double fps, Instant capturedAt, long sizeBytes, String text) {
        this(id, path, title, batch, tags, kind, status, videoCodec, audioCodec, container, durationSec, width, height, fps,
                capturedAt, sizeBytes, text, 0, false, null, List.of());
    }
}
