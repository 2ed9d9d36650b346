package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestMedia;

/**
 * An original that plays in a browser as it is serves as its own proxy; when it is sent it gets
 * the same checks as any served original, so a folder swapped for a symbolic link after the scan
 * cannot make the proxy route read a file outside the library.
 */
class OriginalAsProxyTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.of("sub/clip.mp4", TestMedia::h264Mp4)).jobsDone();

    @Test
    void aFolderSwappedForALinkIsNotFollowedByTheProxyRoute() throws Exception {
        long id = live.idOf("sub/clip.mp4");
        JsonNode asset = live.getJson("/api/v1/assets/" + id);
        assertThat(asset.path("proxyPath").asText()).as("the original is its own proxy").endsWith("clip.mp4");
        HttpResponse<String> before = live.get("/api/v1/assets/" + id + "/proxy");
        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);

        Path sub = live.mediaDir().resolve("sub").toRealPath();
        Path outside = live.tmp().resolve("private");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("clip.mp4"), "secret outside the library");
        Files.move(sub, live.tmp().resolve("sub-moved"));
        Files.createSymbolicLink(sub, outside);

        for (String path : new String[] {"/proxy", "/derivatives/proxy"}) {
            HttpResponse<String> r = live.get("/api/v1/assets/" + id + path);
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.body()).as(path).doesNotContain("secret").contains("symbolic link");
        }
    }
}
