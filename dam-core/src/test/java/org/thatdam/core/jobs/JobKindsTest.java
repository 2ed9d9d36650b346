package org.thatdam.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.thatdam.core.testing.DamTesting.openDam;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.derive.DerivativePlanner;
import org.thatdam.model.AssetKind;

/** Everything about a job kind derives from {@link JobKind}: its setting, its planning, and it must have a handler. */
class JobKindsTest {

    @TempDir Path tmp;

    @Test
    void everyKindHasAHandlerAndAConcurrencySetting() {
        try (Dam dam = openDam(tmp)) {
            // The engine refuses to be built when a kind has no handler (or two).
            assertThatCode(dam::engine).doesNotThrowAnyException();
            for (JobKind k : JobKind.values()) {
                ConfigKey key = ConfigKey.concurrency(k);
                assertThat(key.key()).isEqualTo("jobs." + k.id());
                assertThat(key.defaultValue()).isEqualTo(Integer.toString(k.defaultConcurrency()));
                assertThat(dam.config().jobs().concurrency()).containsEntry(k, k.defaultConcurrency());
            }
        }
    }

    @Test
    void everyKindHasItsOwnLabel() {
        assertThat(Arrays.stream(JobKind.values()).map(JobKind::label)).doesNotHaveDuplicates()
                .allSatisfy(l -> assertThat(l).isNotBlank());
        assertThat(JobKind.parse("trim-idle").label()).isEqualTo("Idle trim");
    }

    @Test
    void everyKindsSettingIsListedWithItsEnvironmentName() {
        for (JobKind k : JobKind.values()) {
            ConfigKey key = ConfigKey.concurrency(k);
            assertThat(ConfigKey.ALL).containsOnlyOnce(key);
            assertThat(ConfigKey.byKey("jobs." + k.id())).isSameAs(key);
        }
        assertThat(ConfigKey.concurrency(JobKind.IDLE_TRIM).envName()).isEqualTo("DAM_JOBS_TRIM_IDLE");
        assertThat(ConfigKey.concurrency(JobKind.FULL_HASH).envName()).isEqualTo("DAM_JOBS_FULL_HASH");
        DamConfig c = ConfigLoader.load(Map.of("DAM_JOBS_POSTER", "5"), null,
                Map.of(ConfigKey.HOME, tmp.resolve("home").toString()));
        assertThat(c.jobs().concurrency()).containsEntry(JobKind.POSTER, 5);
        assertThat(c.sources().get(ConfigKey.concurrency(JobKind.POSTER)).source()).isEqualTo("env DAM_JOBS_POSTER");
    }

    @Test
    void derivativeKindsArePlannedPerAssetKind() {
        assertThat(DerivativePlanner.kindsFor(AssetKind.VIDEO))
                .containsExactly(JobKind.POSTER, JobKind.SPRITE, JobKind.PROXY, JobKind.FULL_HASH);
        assertThat(DerivativePlanner.kindsFor(AssetKind.AUDIO)).containsExactly(JobKind.POSTER, JobKind.PROXY, JobKind.FULL_HASH);
        assertThat(DerivativePlanner.kindsFor(AssetKind.IMAGE)).containsExactly(JobKind.POSTER, JobKind.FULL_HASH);
        assertThat(DerivativePlanner.kindsFor(AssetKind.OTHER)).containsExactly(JobKind.FULL_HASH);
        assertThat(DerivativePlanner.kindsFor(AssetKind.VIDEO, true)).as("with semantic.auto").containsExactly(
                JobKind.POSTER, JobKind.SPRITE, JobKind.PROXY, JobKind.FULL_HASH, JobKind.SCENES);
        assertThat(DerivativePlanner.kindsFor(AssetKind.IMAGE, true)).containsExactly(JobKind.POSTER, JobKind.FULL_HASH);
        assertThat(Arrays.stream(JobKind.values()).filter(JobKind::semantic))
                .as("semantic analyses run after the derivatives")
                .allSatisfy(k -> assertThat(k.priority()).isBetween(50, 70));
        assertThat(Arrays.stream(JobKind.values()).filter(k -> !k.derivative() && !k.semantic()))
                .as("work a user asks for runs once, before derivatives")
                .allSatisfy(k -> assertThat(k.maxAttempts()).isEqualTo(1))
                .allSatisfy(k -> assertThat(k.priority()).isLessThan(JobKind.POSTER.priority()));
    }
}
