package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.capture.CaptureService;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.model.Actor;
import org.thatdam.model.CaptureTake;
import org.thatdam.model.FrameRate;
import org.thatdam.model.TakeState;

/** dam dump --what takes|sources: the capture rows, never a network source's credentials. */
class CaptureDumpCliTest {

    @TempDir Path tmp;

    @Test
    void takesAndSourcesAreDumpedWithoutCredentials() throws Exception {
        Path home = tmp.resolve("home");
        String source;
        try (Dam dam = Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString())))) {
            source = dam.capture().addNetwork(Actor.commandLine(), new CaptureService.NetworkSourceRequest("Door",
                    "rtsp://cam.example/live", "tcp", "op", "pa55-word", null)).id();
            dam.catalog().write(s -> s.capture().insertTake(new CaptureTake(0, source, "Scène 1", TakeState.FAILED,
                    Instant.ofEpochMilli(1_700_000_000_000L), null, "10:00:00:00", FrameRate.parse("25"), 1.5, 1000, 0, "op", null,
                    null, null, "the source was lost"), "node/1@host", null));
        }
        CliRunner dam = new CliRunner(home);
        CliRunner.Result sources = dam.run("dump", "--what", "sources");
        assertThat(sources.code()).as(sources.err()).isZero();
        assertThat(sources.out()).doesNotContain("pa55-word").doesNotContain("op:");
        JsonNode rows = sources.json();
        assertThat(rows.findValuesAsText("id")).contains(source, "test-1");
        assertThat(rows.toString()).contains("rtsp://cam.example/live");

        CliRunner.Result takes = dam.run("dump", "--what", "takes", "--format", "csv");
        assertThat(takes.code()).as(takes.err()).isZero();
        assertThat(takes.out().lines().findFirst().orElseThrow()).startsWith("id,source,name,state");
        assertThat(takes.out()).contains("Scène 1", "failed", "the source was lost");
    }
}
