package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.media.testing.TestMedia;

/** {@code uploads.duplicates = keep}: an upload of content the library has becomes another location of that asset. */
class TusKeepDuplicatesApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.of("trip/clip.mp4", TestMedia::h264Mp4))
            .config(ConfigKey.UPLOADS_DUPLICATES, "keep");

    @Test
    void aDuplicateIsKeptAsAnotherLocationOfTheSameAsset() throws Exception {
        byte[] clip = Files.readAllBytes(TestMedia.h264Mp4());
        HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri(TusRoutes.PATH)).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Integer.toString(clip.length)).header("Content-Type", TusRoutes.BYTES)
                .header("Upload-Metadata", TusUploadApiTest.metadata(Map.of("filename", "copy.mp4")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(clip)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode result = live.getJson(r.headers().firstValue("Location").orElseThrow() + "/result");
        long clipId = live.idOf("trip/clip.mp4");
        assertThat(result.path("state").asText()).as(result.toString()).isEqualTo("duplicate");
        assertThat(result.path("duplicateOf").asLong()).isEqualTo(clipId);
        assertThat(result.path("assetId").asLong()).isEqualTo(clipId);
        Path kept = Path.of(result.path("path").asText());
        assertThat(Files.readAllBytes(kept)).isEqualTo(clip);
        assertThat(live.getJson("/api/v1/assets/" + clipId + "/locations").toString())
                .contains(kept.toString()).contains(live.path("trip/clip.mp4"));
    }
}
