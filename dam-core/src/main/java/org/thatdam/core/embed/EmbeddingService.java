package org.thatdam.core.embed;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.jobs.JobContext;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.JobSkippedException;
import org.thatdam.core.jobs.PermanentJobException;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.core.library.AssetService;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.model.Scene;
import org.thatdam.model.Searchable;
import org.thatdam.model.StoredVector;
import org.thatdam.semantic.embed.TextEmbedder;
import org.thatdam.semantic.embed.VisualEmbedder;

/**
 * Embeddings: the {@code embed} job that turns an asset's text (and, with a visual model, its keyframes) into
 * stored vectors, re-queued when people edit that text; and the query side the search uses. Input that did not
 * change since it was last embedded (same source hash) is not embedded again.
 */
public final class EmbeddingService {

    /** Part of every text source hash: another text model must not reuse these vectors. */
    static final String TEXT_MODEL_VERSION = "all-MiniLM-L6-v2";
    /** Pictures embedded per model run. */
    static final int IMAGE_BATCH = 8;
    /** Tries to store a text vector while the text keeps changing under the job (each change queues a job too). */
    private static final int TEXT_TRIES = 3;

    private final Catalog catalog;
    private final DerivativeFiles derivatives;
    private final Optional<Path> visualModel;
    private final BooleanSupplier auto;
    private final Runnable signalJobs;
    private final Clock clock;
    private final TextEmbedder text = new TextEmbedder();

    /**
     * @param visualModel config {@code semantic.visual-model}
     * @param auto        config {@code semantic.auto}: edits queue a job for assets that have no vector yet only
     *                    while it is on (those that have one are kept current regardless)
     */
    public EmbeddingService(Catalog catalog, AssetService assets, DerivativeFiles derivatives, Optional<Path> visualModel,
                            BooleanSupplier auto, Runnable signalJobs, Clock clock) {
        this.catalog = catalog;
        this.derivatives = derivatives;
        this.visualModel = visualModel;
        this.auto = auto;
        this.signalJobs = signalJobs;
        this.clock = clock;
        assets.onEdit(new AssetService.EditListener() {
            @Override
            public void edited(long assetId, AssetPatch patch, Actor by) {
                editedAll(Map.of(assetId, patch), by);
            }

            @Override
            public void editedAll(Map<Long, AssetPatch> edits, Actor by) {
                requeueEdited(edits);
            }
        });
    }

    // ---- queries

    /** The text model's vector for a query (384 dims, unit length). */
    public float[] queryVector(String query) {
        return text.embed(query);
    }

    /** The visual model's vector for a query, in the keyframes' space; empty when no visual model is configured. */
    public Optional<float[]> visualQueryVector(String query) {
        return visual().map(v -> v.embedText(query));
    }

    /**
     * For search: the visual query vector, or null when no visual model is configured or it cannot be loaded (text
     * vectors still answer; the embed job reports the model's problem, once per failing job, not once per query).
     */
    public float[] visualQueryVectorOrNull(String query) {
        if (visualModel.isEmpty()) return null;
        try {
            return visualQueryVector(query).orElse(null);
        } catch (org.thatdam.model.DamException e) {
            if (visualWarned.compareAndSet(false, true)) {
                org.slf4j.LoggerFactory.getLogger(EmbeddingService.class).warn("visual search is off: {}", e.getMessage());
            }
            return null;
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean visualWarned = new java.util.concurrent.atomic.AtomicBoolean();

    /** Why visual search is not available (no model configured, or it cannot be loaded); empty when it is. */
    public Optional<String> visualUnavailable() {
        if (visualModel.isEmpty()) return Optional.of(VisualEmbedder.NOT_CONFIGURED);
        try {
            VisualEmbedder.load(visualModel.get());
            return Optional.empty();
        } catch (DamException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The configured visual model, loaded on first use; empty when none is configured. */
    public Optional<VisualEmbedder> visual() {
        return visualModel.map(VisualEmbedder::load);
    }

    /** The text model's dimensions. */
    public int textDimensions() {
        return text.dimensions();
    }

    // ---- queueing

    /**
     * The embed job for an asset, to enqueue in the caller's transaction (after storing on-screen text, say): every
     * request is this one job, so a queued one absorbs the next.
     */
    public static org.thatdam.model.NewJob job(long assetId) {
        return JobKind.EMBED.newJob(assetId, null);
    }

    /** Queues {@link #job} for the asset and wakes the engine. */
    public long requeue(long assetId) {
        long id = catalog.write(s -> s.jobs().enqueue(job(assetId), clock.millis()));
        signalJobs.run();
        return id;
    }

    /** Queues the assets whose text an edit changed, in one transaction (a bulk edit tells thousands at once). */
    private void requeueEdited(Map<Long, AssetPatch> edits) {
        List<Long> ids = edits.entrySet().stream().filter(e -> changesText(e.getValue())).map(Map.Entry::getKey).toList();
        if (ids.isEmpty()) return;
        List<Long> due = auto.getAsBoolean() ? ids : List.copyOf(catalog.read(s -> s.embeddings().forAssets(ids)).keySet());
        if (due.isEmpty()) return;
        long now = clock.millis();
        catalog.update(s -> due.forEach(id -> s.jobs().enqueue(job(id), now)));
        signalJobs.run();
    }

    private static boolean changesText(AssetPatch p) {
        return p.title().isPresent() || p.description().isPresent() || p.tags().isPresent() || p.fieldValues().isPresent();
    }

    // ---- the job

    public JobHandler handler() {
        return new JobHandler() {
            @Override
            public JobKind kind() {
                return JobKind.EMBED;
            }

            @Override
            public void run(JobContext ctx) {
                Long assetId = ctx.job().assetId();
                if (assetId == null) throw new PermanentJobException("embed job without an asset");
                Report r = embed(assetId, ctx);
                ctx.progress(1);
                if (r.computed() == 0 && r.removed() == 0) throw new JobSkippedException("nothing changed since it was embedded");
            }
        };
    }

    /** What one run did: vectors computed and stored, and removed (nothing left to embed). */
    record Report(int computed, int removed) {}

    Report embed(long assetId, JobContext ctx) {
        int[] counts = new int[2];
        embedText(assetId, counts);
        embedSceneText(assetId, counts);
        org.thatdam.media.ffmpeg.ToolRunner.checkCancelled(ctx.cancelled()); // each model run is long: stop between them
        if (visualModel.isPresent()) {
            VisualEmbedder v;
            try {
                v = VisualEmbedder.load(visualModel.get());
            } catch (DamException e) {
                throw new PermanentJobException(e.getMessage(), e);
            }
            embedKeyframes(assetId, v, ctx, counts);
        }
        return new Report(counts[0], counts[1]);
    }

    private void embedText(long assetId, int[] counts) {
        for (int attempt = 0; attempt < TEXT_TRIES; attempt++) {
            String words = catalog.read(s -> textOf(s, assetId));
            String hash = SourceHash.of(TEXT_MODEL_VERSION, words.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Optional<StoredVector> stored = catalog.read(s -> s.embeddings().forAsset(assetId, TextEmbedder.MODEL));
            if (words.isBlank() ? stored.isEmpty() : stored.isPresent() && stored.get().sourceHash().equals(hash)) return;
            float[] vector = words.isBlank() ? null : text.embed(words);
            // stored only if the text is still what was embedded; else embed what it is now
            boolean current = catalog.write(s -> {
                if (!textOf(s, assetId).equals(words)) return false;
                if (vector == null) s.embeddings().deleteAsset(assetId, TextEmbedder.MODEL);
                else s.embeddings().putAsset(assetId, new StoredVector(TextEmbedder.MODEL, hash, vector));
                return true;
            });
            if (current) {
                counts[vector == null ? 1 : 0]++;
                return;
            }
        }
    }

    /** The asset's text now; throws the job's "skipped" when the asset is gone. */
    private static String textOf(CatalogSession s, long assetId) {
        List<Searchable> found = new ArrayList<>(1);
        s.assets().forEachSearchable(List.of(assetId), found::add);
        if (found.isEmpty()) throw new JobSkippedException("the asset is no longer in the catalog");
        return AssetText.of(found.get(0));
    }

    /**
     * Each scene's on-screen text → its {@code text} vector; a scene whose text is gone loses it. Scenes replaced
     * meanwhile (a new analysis) are left out: their rows, and vectors, went with them.
     */
    private void embedSceneText(long assetId, int[] counts) {
        Map<Long, List<org.thatdam.model.SceneText>> texts = catalog.read(s -> s.sceneTexts().forAssets(List.of(assetId)));
        Map<Long, String> stored = storedHashes(assetId, TextEmbedder.MODEL);
        List<Long> scenes = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        texts.forEach((sceneId, lines) -> {
            String t = String.join("\n", lines.stream().map(org.thatdam.model.SceneText::text)
                    .filter(x -> x != null && !x.isBlank()).map(String::strip).toList());
            if (t.isEmpty()) return;
            String hash = SourceHash.of(TEXT_MODEL_VERSION, t.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (hash.equals(stored.get(sceneId))) return;
            scenes.add(sceneId);
            words.add(t);
            hashes.add(hash);
        });
        List<Long> gone = stored.keySet().stream().filter(id -> !texts.containsKey(id)).toList();
        if (scenes.isEmpty() && gone.isEmpty()) return;
        List<float[]> vectors = text.embedAll(words);
        catalog.update(s -> {
            for (int i = 0; i < scenes.size(); i++) {
                if (s.scenes().get(scenes.get(i)).isEmpty()) continue;
                s.embeddings().putScene(scenes.get(i), assetId, new StoredVector(TextEmbedder.MODEL, hashes.get(i), vectors.get(i)));
                counts[0]++;
            }
            for (long id : gone) {
                s.embeddings().deleteScene(id, TextEmbedder.MODEL);
                counts[1]++;
            }
        });
    }

    /** The source hash of each of the asset's scenes' vectors of {@code model}, by scene id. */
    private Map<Long, String> storedHashes(long assetId, String model) {
        Map<Long, String> out = new HashMap<>();
        catalog.read(s -> s.embeddings().forScenesOfAssets(List.of(assetId))).forEach((sceneId, vectors) ->
                vectors.stream().filter(v -> v.model().equals(model)).forEach(v -> out.put(sceneId, v.sourceHash())));
        return out;
    }

    /** Each beat's keyframe → its {@code visual} vector (beats whose picture did not change are left as they are). */
    private void embedKeyframes(long assetId, VisualEmbedder model, JobContext ctx, int[] counts) {
        List<Scene> beats = catalog.read(s -> s.scenes().list(assetId)).stream()
                .filter(sc -> sc.level() == Scene.BEAT && sc.keyframe() != null).toList();
        if (beats.isEmpty()) return;
        Map<Long, String> stored = storedHashes(assetId, VisualEmbedder.MODEL);
        Path folder = derivatives.dir(assetId).toAbsolutePath().normalize();
        String modelVersion = VisualEmbedder.MODEL + ":" + model.folder();
        List<Scene> pending = new ArrayList<>();
        List<BufferedImage> pictures = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        int done = 0;
        for (Scene beat : beats) {
            if (ctx.cancelled().getAsBoolean()) return;
            Path file = folder.resolve(beat.keyframe()).normalize();
            if (!file.startsWith(folder)) continue;
            byte[] bytes;
            try (java.io.InputStream in = derivatives.open(derivatives.relative(file))) {
                bytes = in.readAllBytes();
            } catch (IOException | org.thatdam.model.DamException e) {
                continue; // not made (yet), or gone: a later run
            }
            String hash = SourceHash.of(modelVersion, bytes);
            if (hash.equals(stored.get(beat.id()))) continue;
            BufferedImage picture = picture(bytes);
            if (picture == null) continue;
            pending.add(beat);
            pictures.add(picture);
            hashes.add(hash);
            if (pending.size() == IMAGE_BATCH) {
                counts[0] += storeVisual(assetId, model, pending, pictures, hashes);
                done += IMAGE_BATCH;
                ctx.progress(0.1 + 0.9 * done / beats.size());
                pending.clear();
                pictures.clear();
                hashes.clear();
            }
        }
        if (!pending.isEmpty()) counts[0] += storeVisual(assetId, model, pending, pictures, hashes);
    }

    private int storeVisual(long assetId, VisualEmbedder model, List<Scene> beats, List<BufferedImage> pictures,
                            List<String> hashes) {
        List<float[]> vectors = model.embedImages(pictures);
        return catalog.write(s -> {
            int stored = 0;
            for (int i = 0; i < beats.size(); i++) {
                long sceneId = beats.get(i).id();
                // the video may have been analysed again meanwhile: its old beats are gone
                if (s.scenes().get(sceneId).isEmpty()) continue;
                s.embeddings().putScene(sceneId, assetId, new StoredVector(VisualEmbedder.MODEL, hashes.get(i), vectors.get(i)));
                stored++;
            }
            return stored;
        });
    }

    private static BufferedImage picture(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
