package org.thatdam.core.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.catalog.SceneRepository.NewBeat;
import org.thatdam.catalog.SceneRepository.NewScene;
import org.thatdam.core.Dam;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.core.testing.SlideClips;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.model.Scene;
import org.thatdam.model.SceneText;

/** The on-screen text job reads each beat's keyframe of a real slide video and stores the lines per beat. */
class OcrJobTest {

    @TempDir Path tmp;
    Dam dam;

    @BeforeEach
    void open() {
        dam = DamTesting.openDam(tmp);
    }

    @AfterEach
    void close() {
        dam.close();
    }

    @Test
    void storesTheTextOfEachKeyframeWithItsBeat() throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(SlideClips.deck(), media, "deck.mp4");
        DamTesting.scan(dam, media);
        AssetDetails deck = DamTesting.at(dam, media.resolve("deck.mp4"));
        long asset = deck.asset().id();
        long version = deck.asset().currentVersionId();
        // Three scenes of one beat each, keyframes in the middle of the blank, roadmap and closing slides.
        List<Scene> stored = dam.catalog().write(s -> s.scenes().replace(asset, version, List.of(
                new NewScene(0, 2, 1.0, null, null, List.of(new NewBeat(0, 2, 1.0, null, null))),
                new NewScene(2, 4, 3.0, null, null, List.of(new NewBeat(2, 4, 3.0, null, null))),
                new NewScene(4, 6, 5.0, null, null, List.of(new NewBeat(4, 6, 5.0, null, null))))));
        dam.catalog().update(s -> s.jobs().enqueue(JobKind.OCR.forVersion(asset, version), System.currentTimeMillis()));

        dam.engine().start();
        assertThat(dam.engine().awaitIdle(Duration.ofMinutes(2))).as("job queue drained").isTrue();

        List<Job> ocr = dam.catalog().read(s -> s.jobs().list(null, "ocr", 0, 100)).stream()
                .filter(j -> j.kind().equals("ocr")).toList();
        assertThat(ocr).singleElement().satisfies(j -> {
            assertThat(j.state()).as(j.error()).isEqualTo(JobState.DONE);
            assertThat(j.progress()).isEqualTo(1.0);
        });
        Map<Long, List<SceneText>> texts = dam.catalog().read(s -> s.sceneTexts().forAssets(List.of(asset)));
        Map<Double, String> byTime = stored.stream().filter(sc -> sc.level() == 2).collect(Collectors.toMap(
                Scene::keyframeSec, b -> String.join(" / ", texts.getOrDefault(b.id(), List.of()).stream()
                        .map(SceneText::text).toList()).toLowerCase()));
        assertThat(byTime.get(1.0)).as("the blank slide").isEmpty();
        assertThat(byTime.get(3.0)).contains("q3 roadmap").contains("october");
        assertThat(byTime.get(5.0)).contains("thank you");
        assertThat(texts.values().stream().flatMap(List::stream))
                .allSatisfy(t -> assertThat(t.confidence()).isGreaterThanOrEqualTo(OcrHandler.MIN_CONFIDENCE));
    }

    @Test
    void aRerunReadsOnlyTheBeatsNotReadYet() throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(SlideClips.deck(), media, "deck.mp4");
        DamTesting.scan(dam, media);
        AssetDetails deck = DamTesting.at(dam, media.resolve("deck.mp4"));
        long asset = deck.asset().id();
        long version = deck.asset().currentVersionId();
        List<Scene> stored = dam.catalog().write(s -> s.scenes().replace(asset, version, List.of(
                new NewScene(0, 2, 1.0, null, null, List.of(new NewBeat(0, 2, 1.0, null, null))),
                new NewScene(2, 4, 3.0, null, null, List.of(new NewBeat(2, 4, 3.0, null, null))),
                new NewScene(4, 6, 5.0, null, null, List.of(new NewBeat(4, 6, 5.0, null, null))))));
        Map<Double, Long> beatAt = stored.stream().filter(sc -> sc.level() == 2)
                .collect(Collectors.toMap(Scene::keyframeSec, Scene::id));
        dam.engine().start();
        readText(asset, version);
        assertThat(readOf(asset))
                .as("every beat is marked read, the blank one too").containsExactlyInAnyOrderElementsOf(beatAt.values());

        // The roadmap beat stays read (its text changed by hand shows whether it is read again); the closing
        // beat, like one a restart interrupted, is not read yet.
        long roadmap = beatAt.get(3.0), closing = beatAt.get(5.0);
        SceneText mark = new SceneText(roadmap, 0, "kept", 0.9, 0.1, 0.1, 0.2, 0.1);
        dam.catalog().update(s -> {
            s.sceneTexts().replaceForScene(roadmap, List.of(mark));
            s.sceneTexts().replaceForScene(closing, List.of(new SceneText(closing, 0, "stale", 0.9, 0, 0, 1, 1)));
            s.sceneTexts().markUnread(List.of(closing));
        });
        readText(asset, version);

        assertThat(textOf(roadmap)).containsExactly(mark);
        assertThat(textOf(closing)).extracting(SceneText::text)
                .anySatisfy(t -> assertThat(t.toLowerCase()).contains("thank you")).doesNotContain("stale");
        assertThat(readOf(asset)).contains(closing);
    }

    @Test
    void longVideosAreReadAtMostOnceEveryTwoSecondsEvenlySpread() {
        assertThat(OcrHandler.maxReads(6.0, List.of())).isEqualTo(3);
        assertThat(OcrHandler.maxReads(36_000.0, List.of())).isEqualTo(OcrHandler.MAX_READS);
        assertThat(OcrHandler.maxReads(null, List.of())).isEqualTo(1);
        assertThat(OcrHandler.spread(3, 5)).containsExactly(0, 1, 2);
        assertThat(OcrHandler.spread(10, 4)).containsExactly(0, 2, 5, 7);
    }

    /** Queues an ocr job for the version and waits until it and what it queued are done. */
    private void readText(long asset, long version) throws InterruptedException {
        dam.catalog().update(s -> s.jobs().enqueue(JobKind.OCR.forVersion(asset, version), System.currentTimeMillis()));
        assertThat(dam.engine().awaitIdle(Duration.ofMinutes(2))).as("job queue drained").isTrue();
        assertThat(dam.catalog().read(s -> s.jobs().list(null, "ocr", 0, 100)).stream()
                .filter(j -> j.kind().equals("ocr"))).allSatisfy(j ->
                assertThat(j.state()).as(j.error()).isEqualTo(JobState.DONE));
    }

    private java.util.Set<Long> readOf(long asset) {
        return dam.catalog().read(s -> s.sceneTexts().readScenes(asset));
    }

    private List<SceneText> textOf(long sceneId) {
        return dam.catalog().read(s -> s.sceneTexts().forScene(sceneId));
    }
}
