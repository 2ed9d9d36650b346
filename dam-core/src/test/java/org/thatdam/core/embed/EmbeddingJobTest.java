package org.thatdam.core.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.catalog.SceneRepository;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.model.Actor;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.model.Scene;
import org.thatdam.model.StoredVector;
import org.thatdam.semantic.embed.VisualEmbedder;
import org.thatdam.semantic.embed.Vectors;
import org.thatdam.semantic.testing.TinyClip;

/** Scan → embed jobs → stored vectors, with the real engine, the real text model and a CLIP-shaped test model. */
class EmbeddingJobTest {

    @TempDir static Path shared;
    static Path clip;
    @TempDir Path tmp;
    Dam dam;

    @BeforeAll
    static void model() {
        clip = TinyClip.write(shared.resolve("clip"), 8);
    }

    @AfterEach
    void close() {
        if (dam != null) dam.close();
    }

    Dam open(String visualModel) {
        Map<ConfigKey, String> flags = new HashMap<>(Map.of(ConfigKey.HOME, tmp.resolve("home").toString(),
                ConfigKey.SCAN_SETTLE_SECONDS, "0", ConfigKey.SEMANTIC_AUTO, "true"));
        if (visualModel != null) flags.put(ConfigKey.SEMANTIC_VISUAL_MODEL, visualModel);
        dam = Dam.open(ConfigLoader.load(Map.of(), null, flags));
        return dam;
    }

    static void picture(Path file, Color... stripes) throws Exception {
        BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < stripes.length; i++) {
            g.setColor(stripes[i]);
            g.fillRect(i * 96 / stripes.length, 0, 96 / stripes.length + 1, 64);
        }
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, file.getFileName().toString().endsWith(".png") ? "png" : "jpg", file.toFile());
    }

    long scanOne(String name, Color colour) throws Exception {
        Path file = tmp.resolve("media").resolve(name);
        picture(file, colour);
        DamTesting.scan(dam, tmp.resolve("media"));
        return DamTesting.at(dam, file).asset().id();
    }

    void runQueue() throws InterruptedException {
        dam.engine().start();
        assertThat(dam.engine().awaitIdle(Duration.ofMinutes(2))).as("job queue drained").isTrue();
    }

    List<Job> embedJobs(long assetId) {
        return dam.catalog().read(s -> s.jobs().forAsset(assetId)).stream()
                .filter(j -> j.kind().equals(JobKind.EMBED.id())).toList();
    }

    Optional<StoredVector> textVector(long assetId) {
        return dam.catalog().read(s -> s.embeddings().forAsset(assetId, "text"));
    }

    @Test
    void everyNewAssetIsEmbeddedAndAParaphraseFindsIt() throws Exception {
        open(null);
        long harbour = scanOne("boats_in_the_harbour_at_night.png", Color.DARK_GRAY);
        long budget = scanOne("quarterly_budget_review.png", Color.WHITE);
        assertThat(embedJobs(harbour)).singleElement().extracting(Job::state).isEqualTo(JobState.QUEUED);
        runQueue();
        assertThat(embedJobs(budget)).extracting(Job::state).containsExactly(JobState.DONE);

        StoredVector h = textVector(harbour).orElseThrow();
        StoredVector b = textVector(budget).orElseThrow();
        assertThat(h.vector()).hasSize(384);
        float[] query = dam.embeddings().queryVector("ships moored in a port after dark");
        assertThat(Vectors.dot(query, h.vector())).isGreaterThan(Vectors.dot(query, b.vector()));
        assertThat(AssetText.nameWords("/m/boats_in_the_harbour_at_night.png")).isEqualTo("boats in the harbour at night");
    }

    @Test
    void unchangedTextIsSkippedAndAnEditReembedsOnce() throws Exception {
        open(null);
        long id = scanOne("interview.png", Color.GRAY);
        runQueue();
        StoredVector first = textVector(id).orElseThrow();
        long seq = dam.catalog().read(s -> s.changes().lastSeq());

        long again = dam.embeddings().requeue(id);
        runQueue();
        Job skipped = dam.catalog().read(s -> s.jobs().find(again)).orElseThrow();
        assertThat(skipped.state()).isEqualTo(JobState.SKIPPED);
        assertThat(skipped.error()).contains("nothing changed");
        List<org.thatdam.model.Change> changes = dam.catalog().read(s -> s.changes().since(seq, 100));
        assertThat(changes).as("nothing written").isEmpty();

        // a rating is not text: nothing queued
        dam.assets().update(id, AssetPatch.none().withRating(4), Actor.commandLine());
        assertThat(embedJobs(id)).noneMatch(j -> j.state() == JobState.QUEUED);
        // two text edits in a row: one job
        dam.engine().close();
        dam.assets().update(id, AssetPatch.none().withTitle("Sunset over the harbour"), Actor.commandLine());
        // (the second through a bulk edit's path: every asset's listener call at once)
        dam.assets().updateEach(List.of(id), d -> AssetPatch.none().withTags(List.of("Places/Lisbon", "boats")),
                Actor.commandLine());
        assertThat(embedJobs(id)).filteredOn(j -> j.state() == JobState.QUEUED).hasSize(1);
    }

    @Test
    void anEditReplacesTheVector() throws Exception {
        open(null);
        long id = scanOne("clip.png", Color.GRAY);
        runQueue();
        StoredVector before = textVector(id).orElseThrow();
        dam.assets().update(id, AssetPatch.none().withDescription("A chef slices vegetables in a busy kitchen"),
                Actor.commandLine());
        assertThat(dam.engine().awaitIdle(Duration.ofMinutes(2))).isTrue();
        StoredVector after = textVector(id).orElseThrow();
        assertThat(after.sourceHash()).isNotEqualTo(before.sourceHash());
        float[] query = dam.embeddings().queryVector("cooking food in a restaurant");
        assertThat(Vectors.dot(query, after.vector())).isGreaterThan(Vectors.dot(query, before.vector()));
    }

    /** The beats' keyframes as the scenes job leaves them: JPEGs in the asset's derivative folder. */
    List<Scene> beats(long assetId, Color... colours) throws Exception {
        long version = dam.catalog().read(s -> s.assets().versions(assetId)).get(0).id();
        List<SceneRepository.NewBeat> beats = new java.util.ArrayList<>();
        for (int i = 0; i < colours.length; i++) {
            String name = "keyframes/beat-" + i + ".jpg";
            picture(dam.derivatives().dir(assetId).resolve(name), colours[i]);
            beats.add(new SceneRepository.NewBeat(i, i + 1, i + 0.5, name, 1.0));
        }
        List<Scene> all = dam.catalog().write(s -> s.scenes().replace(assetId, version, List.of(
                new SceneRepository.NewScene(0, colours.length, 0.5, beats.get(0).keyframe(), 1.0, beats))));
        return all.stream().filter(sc -> sc.level() == Scene.BEAT).toList();
    }

    @Test
    void keyframesGetVisualVectorsThatTextQueriesFind() throws Exception {
        open(clip.toString());
        long id = scanOne("street.png", Color.GRAY);
        runQueue();
        List<Scene> beats = beats(id, Color.RED, Color.BLUE, Color.GREEN);
        dam.embeddings().requeue(id);
        runQueue();

        Map<Long, List<StoredVector>> stored = dam.catalog().read(s -> s.embeddings().forScenesOfAssets(List.of(id)));
        assertThat(stored).containsOnlyKeys(beats.stream().map(Scene::id).toArray(Long[]::new));
        float[] red = dam.embeddings().visualQueryVector("red").orElseThrow();
        long best = stored.entrySet().stream()
                .max(java.util.Comparator.comparingDouble(e -> Vectors.dot(red, e.getValue().get(0).vector())))
                .orElseThrow().getKey();
        assertThat(best).isEqualTo(beats.get(0).id());
        assertThat(dam.embeddings().visualUnavailable()).isEmpty();

        // nothing changed: the next run leaves every vector as it was
        long again = dam.embeddings().requeue(id);
        runQueue();
        assertThat(dam.catalog().read(s -> s.jobs().find(again)).orElseThrow().state()).isEqualTo(JobState.SKIPPED);
    }

    @Test
    void onScreenTextGetsATextVectorPerScene() throws Exception {
        open(null);
        long id = scanOne("slides.png", Color.GRAY);
        runQueue();
        List<Scene> beats = beats(id, Color.WHITE, Color.WHITE);
        long roadmap = beats.get(0).id();
        long menu = beats.get(1).id();
        dam.catalog().update(s -> {
            s.sceneTexts().replaceForScene(roadmap, List.of(
                    new org.thatdam.model.SceneText(roadmap, 0, "Q3 roadmap", 0.98, 0.1, 0.1, 0.5, 0.1),
                    new org.thatdam.model.SceneText(roadmap, 1, "Launch milestones and hiring plan", 0.95, 0.1, 0.3, 0.7, 0.1)));
            s.sceneTexts().replaceForScene(menu, List.of(
                    new org.thatdam.model.SceneText(menu, 0, "Today's lunch: soup and salad", 0.97, 0.1, 0.1, 0.6, 0.1)));
            s.jobs().enqueue(EmbeddingService.job(id), 0);
        });
        runQueue();
        Map<Long, List<StoredVector>> stored = dam.catalog().read(s -> s.embeddings().forScenesOfAssets(List.of(id)));
        assertThat(stored).containsOnlyKeys(roadmap, menu);
        float[] query = dam.embeddings().queryVector("product plan for the next quarter");
        assertThat(Vectors.dot(query, stored.get(roadmap).get(0).vector()))
                .isGreaterThan(Vectors.dot(query, stored.get(menu).get(0).vector()));

        // the text went (read again, nothing found): so does its vector
        dam.catalog().update(s -> s.sceneTexts().replaceForScene(menu, List.of()));
        dam.embeddings().requeue(id);
        runQueue();
        Map<Long, List<StoredVector>> after = dam.catalog().read(s -> s.embeddings().forScenesOfAssets(List.of(id)));
        assertThat(after).containsOnlyKeys(roadmap);
    }

    @Test
    void withoutAVisualModelVisualSearchSaysWhatItNeeds() throws Exception {
        open(null);
        long id = scanOne("street.png", Color.GRAY);
        runQueue();
        beats(id, Color.RED);
        dam.embeddings().requeue(id);
        runQueue();
        assertThat(dam.embeddings().visualQueryVector("red")).isEmpty();
        assertThat(dam.embeddings().visualUnavailable()).contains("visual search needs a model: set semantic.visual-model");
        assertThat(VisualEmbedder.NOT_CONFIGURED).isEqualTo("visual search needs a model: set semantic.visual-model");
        Map<Long, List<StoredVector>> none = dam.catalog().read(s -> s.embeddings().forScenesOfAssets(List.of(id)));
        assertThat(none).isEmpty();
    }

    @Test
    void aBrokenVisualModelFailsTheJobWithItsReasonButKeepsTheText() throws Exception {
        Path broken = Files.createDirectories(tmp.resolve("broken-model"));
        open(broken.toString());
        long id = scanOne("street.png", Color.GRAY);
        runQueue();
        Job job = embedJobs(id).get(0);
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).contains("has no image.onnx");
        assertThat(textVector(id)).isPresent();
        assertThat(dam.embeddings().visualUnavailable()).hasValueSatisfying(m -> assertThat(m).contains("has no image.onnx"));
    }
}
