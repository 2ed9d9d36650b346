package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.config.ConfigException;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.media.testing.TestMedia;

/**
 * The map's API: the assets with a GPS position (parsed from the files by the real prober), paged,
 * and the tile server setting, which is off by default and, when set, the only other place the
 * page's policy lets images come from.
 *
 * <pre>
 * media/paris.mov      1 s clip recorded at 48.8584, 2.2945
 * media/sydney.mov     1 s clip recorded at -33.8568, 151.2153
 * media/photo.jpg      JPEG with EXIF GPS 48.8584, 2.2945
 * media/plain.mp4      no position
 * </pre>
 */
class MapApiTest {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.of(
            "paris.mov", () -> TestMedia.clipAt(48.8584, 2.2945),
            "sydney.mov", () -> TestMedia.clipAt(-33.8568, 151.2153),
            "photo.jpg", TestMedia::jpegWithExif,
            "plain.mp4", () -> TestMedia.clip(1, "160x120")));

    /** The same library served with a tile server. */
    @RegisterExtension
    @Order(2)
    static final LiveServer tiled = LiveServer.sharingHomeOf(live)
            .config(ConfigKey.MAP_TILE_URL, "https://tiles.example.org:8443/{z}/{x}/{y}.png")
            .config(ConfigKey.MAP_TILE_ATTRIBUTION, "\u00a9 Example contributors");

    @Test
    void placesAreTheAssetsWithAPosition() {
        JsonNode page = live.getJson("/api/v1/map/places");
        assertThat(page.get("total").asLong()).isEqualTo(3);
        List<String> titles = new ArrayList<>();
        page.get("places").forEach(p -> titles.add(p.get("title").asText()));
        assertThat(titles).containsExactlyInAnyOrder("paris", "sydney", "photo");
        for (JsonNode p : page.get("places")) {
            assertThat(p.get("id").asLong()).isPositive();
            assertThat(p.has("capturedAt")).isTrue();
            switch (p.get("title").asText()) {
                case "sydney" -> {
                    assertThat(p.get("latitude").asDouble()).isCloseTo(-33.8568, within(1e-4));
                    assertThat(p.get("longitude").asDouble()).isCloseTo(151.2153, within(1e-4));
                    assertThat(p.get("kind").asText()).isEqualTo("video");
                }
                case "photo" -> {
                    assertThat(p.get("latitude").asDouble()).isCloseTo(48.8584, within(1e-4));
                    assertThat(p.get("kind").asText()).isEqualTo("image");
                }
                default -> assertThat(p.get("longitude").asDouble()).isCloseTo(2.2945, within(1e-4));
            }
        }
        // paged
        JsonNode second = live.getJson("/api/v1/map/places?limit=2&offset=2");
        assertThat(second.get("total").asLong()).isEqualTo(3);
        assertThat(second.get("places")).hasSize(1);
        assertThat(second.get("places").get(0).get("id")).isEqualTo(page.get("places").get(2).get("id"));
        LiveServer.assertJsonError("too many", live.get("/api/v1/map/places?limit=5001"), 400);
        LiveServer.assertJsonError("unknown filter", live.get("/api/v1/map/places?near=here"), 400);
    }

    @Test
    void nothingIsFetchedForMapsUnlessATileServerIsSet() {
        JsonNode none = live.getJson("/api/v1/map/settings");
        assertThat(none.get("tileUrl").isNull()).isTrue();
        HttpResponse<String> page = live.get("/");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("img-src 'self' data: blob:;").doesNotContain("example");

        JsonNode set = tiled.getJson("/api/v1/map/settings");
        assertThat(set.get("tileUrl").asText()).isEqualTo("https://tiles.example.org:8443/{z}/{x}/{y}.png");
        assertThat(set.get("tileAttribution").asText()).isEqualTo("\u00a9 Example contributors");
        String tiledCsp = tiled.get("/").headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(tiledCsp).contains("img-src 'self' data: blob: https://tiles.example.org:8443;")
                .contains("connect-src 'self';").contains("frame-ancestors 'self'");
    }

    @Test
    void aTileServerThatIsNotAPlainUrlIsRefusedAtStart(@TempDir Path home) {
        for (String bad : List.of("https://tiles.example.org/tile.png", "javascript:alert(1)//{z}/{x}/{y}",
                "https://a.example; script-src *; x/{z}/{x}/{y}", "file:///etc/{z}/{x}/{y}", "https://user@x.example/{z}/{x}/{y}",
                "https://x.example/{z}/{x}/{y}.png' 'unsafe-inline")) {
            var config = ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString(), ConfigKey.MAP_TILE_URL, bad));
            assertThatThrownBy(() -> MapTiles.from(config)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("map.tile-url = '");
        }
    }
}
