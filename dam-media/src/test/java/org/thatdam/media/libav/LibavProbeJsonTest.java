package org.thatdam.media.libav;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The JSON writer spells numbers and text as ffprobe's does. */
class LibavProbeJsonTest {

    @Test
    void secondsAreWrittenAsGlibcPrintsThem() {
        assertThat(ProbeJsonWriter.cDouble(2.0)).isEqualTo("2.000000");
        assertThat(ProbeJsonWriter.cDouble(1001 / 30000.0)).isEqualTo("0.033367");
        assertThat(ProbeJsonWriter.cDouble(1 / 128.0)).as("an exact tie goes to even").isEqualTo("0.007812");
        assertThat(ProbeJsonWriter.cDouble(3 / 128.0)).isEqualTo("0.023438");
        assertThat(ProbeJsonWriter.cDouble(-0.0)).isEqualTo("-0.000000");
        assertThat(ProbeJsonWriter.cDouble(-1e-9)).isEqualTo("-0.000000");
        assertThat(ProbeJsonWriter.cDouble(-0.021333)).isEqualTo("-0.021333");
        assertThat(ProbeJsonWriter.cDouble(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    }

    @Test
    void invalidUtf8IsDroppedAndControlCharactersEscaped() throws Exception {
        byte[] latin1 = "caf\u00e9 ok".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(ProbeJsonWriter.utf8(latin1)).isEqualTo("caf ok");
        assertThat(ProbeJsonWriter.utf8("café ✓".getBytes(StandardCharsets.UTF_8))).isEqualTo("café ✓");

        ProbeJsonWriter w = new ProbeJsonWriter();
        w.beginObject("tags");
        w.string("title", "a \"quoted\"\tline\n\u0001");
        w.integer("n", 7);
        w.endObject();
        w.beginArray("empty");
        w.endArray();
        String json = w.finish();
        assertThat(json).contains("\"title\": \"a \\\"quoted\\\"\\tline\\n\\u0001\"");
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.path("tags").path("title").asText()).isEqualTo("a \"quoted\"\tline\n\u0001");
        assertThat(root.path("tags").path("n").asInt()).isEqualTo(7);
        assertThat(root.path("empty").isArray()).isTrue();
    }
}
