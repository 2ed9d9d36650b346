package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.server.LiveServer;

/**
 * With {@code map.tile-url} set, the map shows that server's tiles (here a tile server of our own on
 * another port, so another origin) with its credit, and the page's policy lets exactly those images in.
 */
class MapTilesUiTest extends BrowserPages {

    /** Paths of the tiles asked for. */
    static final List<String> ASKED = new CopyOnWriteArrayList<>();
    static final HttpServer TILES = tileServer();

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.of("eiffel.mov", () -> TestMedia.clipAt(48.8584, 2.2945)))
            .config(ConfigKey.MAP_TILE_URL, "http://127.0.0.1:" + TILES.getAddress().getPort() + "/tiles/{z}/{x}/{y}.png")
            .config(ConfigKey.MAP_TILE_ATTRIBUTION, "\u00a9 Test tiles");
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    @AfterAll
    static void stopTiles() {
        TILES.stop(0);
    }

    @Test
    void tilesOfTheConfiguredServerAreShownWithTheirCredit() {
        open("#/map", 1024, 768);
        page.locator(".map.tiled").waitFor();
        page.waitForFunction("() => [...document.querySelectorAll('.map-tiles image')].length > 0");
        // the browser fetched them (the policy let them through) and they are where the point is
        page.waitForFunction("() => performance.getEntriesByType('resource').some(e => e.name.includes('/tiles/'))");
        assertThat(ASKED).isNotEmpty().allSatisfy(p -> assertThat(p).matches("/tiles/\\d+/\\d+/\\d+\\.png"));
        assertThat(page.locator(".map-credit").textContent()).isEqualTo("\u00a9 Test tiles");
        assertThat(page.locator(".map-land").isVisible()).as("the outline gives way to the tiles").isFalse();
        assertThat(page.locator(".map-point").count()).isEqualTo(1);
        assertThat(policyMessages()).isEmpty();
    }

    private static HttpServer tileServer() {
        try {
            BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(img, "png", png);
            byte[] body = png.toByteArray();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/tiles/", ex -> {
                ASKED.add(ex.getRequestURI().getPath());
                ex.getResponseHeaders().set("Content-Type", "image/png");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
