package org.thatdam.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.thatdam.core.testing.DamTesting.openDam;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
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
    void derivativeKindsArePlannedPerAssetKind() {
        assertThat(DerivativePlanner.kindsFor(AssetKind.VIDEO))
                .containsExactly(JobKind.POSTER, JobKind.SPRITE, JobKind.PROXY, JobKind.FULL_HASH);
        assertThat(DerivativePlanner.kindsFor(AssetKind.AUDIO)).containsExactly(JobKind.POSTER, JobKind.PROXY, JobKind.FULL_HASH);
        assertThat(DerivativePlanner.kindsFor(AssetKind.IMAGE)).containsExactly(JobKind.POSTER, JobKind.FULL_HASH);
        assertThat(DerivativePlanner.kindsFor(AssetKind.OTHER)).containsExactly(JobKind.FULL_HASH);
        assertThat(Arrays.stream(JobKind.values()).filter(k -> !k.derivative()))
                .as("work a user asks for runs once, before derivatives")
                .allSatisfy(k -> assertThat(k.maxAttempts()).isEqualTo(1))
                .allSatisfy(k -> assertThat(k.priority()).isLessThan(JobKind.POSTER.priority()));
    }
}
