package org.thatdam.core.scenes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.scenes.SceneService.SceneNode;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.SceneMedia;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.model.Scene;

/** The scenes job stores a video's scenes with keyframes on disk; a new analysis replaces them and their files. */
class SceneServiceTest {

    @TempDir Path tmp;

    private Dam open(boolean semanticAuto) {
        return Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, tmp.resolve("home").toString(),
                ConfigKey.SCAN_SETTLE_SECONDS, "0", ConfigKey.SEMANTIC_AUTO, Boolean.toString(semanticAuto))));
    }

    private List<Job> jobs(Dam dam, JobKind kind) {
        return dam.jobs().list(null, kind, 0, 100);
    }

    @Test
    void newVideosAreAnalysedWhenSemanticAutoIsOnAndTheResultCanBeReplaced() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        TestMedia.copy(SceneMedia.cuts(), media, "cuts.mp4");
        TestMedia.copy(TestMedia.png(), media, "still.png");
        try (Dam dam = open(true)) {
            DamTesting.scan(dam, media);
            assertThat(jobs(dam, JobKind.SCENES)).as("videos only").hasSize(1);
            long id = jobs(dam, JobKind.SCENES).get(0).assetId();
            assertThat(dam.jobs().runUntilIdle(Duration.ofMinutes(2))).isTrue();
            assertThat(jobs(dam, JobKind.SCENES)).extracting(Job::state).containsExactly(JobState.DONE);

            List<SceneNode> tree = dam.scenes().tree(id);
            assertThat(tree).hasSize(3);
            assertThat(tree.get(1).scene().startSec()).isCloseTo(SceneMedia.CUTS[0], within(1 / SceneMedia.FPS));
            assertThat(tree).allSatisfy(n -> assertThat(n.beats()).isNotEmpty()
                    .allMatch(b -> b.parentId() == n.scene().id() && b.level() == Scene.BEAT));
            Scene first = tree.get(0).scene();
            Path keyframe = dam.scenes().keyframe(id, first.id());
            assertThat(keyframe).isRegularFile().startsWith(dam.layout().derivativeDir(id));
            Path oldFolder = keyframe.getParent();

            long job = dam.scenes().analyse(id, Actor.commandLine());
            assertThat(dam.jobs().runUntilIdle(Duration.ofMinutes(2))).isTrue();
            assertThat(dam.jobs().find(job).state()).isEqualTo(JobState.DONE);
            List<SceneNode> again = dam.scenes().tree(id);
            assertThat(again).hasSize(3);
            assertThat(again.get(0).scene().id()).isNotEqualTo(first.id());
            assertThat(oldFolder).as("the previous keyframes are deleted").doesNotExist();
            assertThat(dam.scenes().keyframe(id, again.get(0).beats().get(0).id())).isRegularFile();
            try (var left = Files.list(oldFolder.getParent())) {
                assertThat(left.toList()).as("only the current analysis is on disk").hasSize(1);
            }

            assertCode(() -> dam.scenes().keyframe(id, first.id()), ErrorCode.NOT_FOUND);
            assertCode(() -> dam.scenes().list(99_999), ErrorCode.NOT_FOUND);
            assertCode(() -> dam.scenes().analyse(99_999, Actor.commandLine()), ErrorCode.NOT_FOUND);
            long still = dam.assets().resolve(media.resolve("still.png").toString()).asset().id();
            assertCode(() -> dam.scenes().analyse(still, Actor.commandLine()), ErrorCode.INVALID);
            assertCode(() -> dam.scenes().keyframe(still, again.get(0).scene().id()), ErrorCode.NOT_FOUND);
            assertThat(dam.scenes().list(still)).isEmpty();
        }
    }

    @Test
    void withSemanticAutoOffNothingIsAnalysedUnlessAsked() {
        Path media = tmp.resolve("media");
        TestMedia.copy(SceneMedia.cuts(), media, "cuts.mp4");
        try (Dam dam = open(false)) {
            DamTesting.scan(dam, media);
            assertThat(jobs(dam, JobKind.SCENES)).isEmpty();
            assertThat(jobs(dam, JobKind.POSTER)).hasSize(1);
        }
    }

    private static void assertCode(DamTesting.Call call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOf(DamException.class)
                .satisfies(e -> assertThat(((DamException) e).code()).isEqualTo(code));
    }
}
