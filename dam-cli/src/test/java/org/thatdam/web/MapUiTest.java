package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.server.LiveServer;

/**
 * The library map in Chromium, drawn without a tile server: the land outline and the places from
 * the files' own GPS positions, nearby ones clustered; zoom and pan by keyboard; a place opens its
 * asset, and the page leaves the places as the current list. Nothing is fetched from elsewhere.
 *
 * <pre>
 * media/paris/eiffel.mov       48.8584, 2.2945
 * media/paris/louvre.mov       48.8606, 2.3376
 * media/paris/notre-dame.mov   48.8530, 2.3499
 * media/paris/photo.jpg        EXIF GPS 48.8584, 2.2945 (the same spot as eiffel)
 * media/sydney.mov             -33.8568, 151.2153
 * media/nowhere.mp4            no position: not on the map
 * </pre>
 */
class MapUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.of(
            "paris/eiffel.mov", () -> TestMedia.clipAt(48.8584, 2.2945),
            "paris/louvre.mov", () -> TestMedia.clipAt(48.8606, 2.3376),
            "paris/notre-dame.mov", () -> TestMedia.clipAt(48.8530, 2.3499),
            "paris/photo.jpg", TestMedia::jpegWithExif,
            "sydney.mov", () -> TestMedia.clipAt(-33.8568, 151.2153),
            "nowhere.mp4", () -> TestMedia.clip(1, "160x120")));
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    /** How many places the markers stand for (a cluster counts its members). */
    private int placesShown() {
        return ((Number) page.evaluate("() => document.querySelectorAll('.map-point').length"
                + " + [...document.querySelectorAll('.map-cluster text')].reduce((n, t) => n + Number(t.textContent), 0)")).intValue();
    }

    private double zoom() {
        return Double.parseDouble(page.locator(".map").getAttribute("data-zoom"));
    }

    @Test
    void placesAreOnATileFreeMapAndOpenTheirAssets() {
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        newPage(1280, 860);
        page.onRequest(r -> requests.add(r.url()));
        page.navigate(fx.url("/#/map"));

        page.waitForFunction("() => (document.querySelector('.map-land')?.getAttribute('d') || '').length > 1000");
        page.locator(".map-point, .map-cluster").first().waitFor();
        assertThat(page.locator(".nav a[data-page=map]").getAttribute("aria-current")).isEqualTo("page");
        assertThat(page.locator(".page-head .count").textContent()).isEqualTo("5 places");
        // fitted to Paris and Sydney: the Paris places are one cluster, Sydney a point of its own
        assertThat(placesShown()).isEqualTo(5);
        Locator cluster = page.locator(".map-cluster");
        assertThat(cluster.count()).isEqualTo(1);
        assertThat(cluster.locator("text").textContent()).isEqualTo("4");
        assertThat(cluster.getAttribute("aria-label")).startsWith("4 places here:");
        fx.screenshot(page, "map");

        // the cluster is reached with Tab and opened with Enter: the map zooms in and the places come apart
        double before = zoom();
        cluster.focus();
        page.keyboard().press("Enter");
        page.waitForFunction("z => Number(document.querySelector('.map').dataset.zoom) > z", before);
        page.waitForFunction("() => document.querySelectorAll('.map-point').length >= 2");
        assertThat(page.locator("a.map-point[aria-label^=louvre]").count()).isEqualTo(1);
        assertThat(placesShown()).isEqualTo(4); // Sydney is off screen now
        // without a tile server the map goes no closer than the outline shows anything (zoom 5), and there
        // nothing merges: the places on one spot are each a marker of their own
        assertThat(zoom()).isLessThanOrEqualTo(5.0);
        assertThat(page.locator(".map-cluster").count()).isZero();

        // the keyboard zooms and pans the focused map
        page.locator(".map").focus();
        for (int i = 0; i < 3; i++) page.keyboard().press("+");
        assertThat(zoom()).isEqualTo(5.0);
        double z = zoom();
        page.keyboard().press("-");
        assertThat(zoom()).isLessThan(z);
        String transform = page.locator(".map-base").getAttribute("transform");
        page.keyboard().press("ArrowLeft");
        assertThat(page.locator(".map-base").getAttribute("transform")).isNotEqualTo(transform);
        // dragging pans, and a drag is not a click
        var box = page.locator(".map-svg").boundingBox();
        String dragged = page.locator(".map-base").getAttribute("transform");
        page.mouse().move(box.x + box.width / 2, box.y + box.height / 2);
        page.mouse().down();
        page.mouse().move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(6));
        page.mouse().up();
        assertThat(page.locator(".map-base").getAttribute("transform")).isNotEqualTo(dragged);
        assertThat(page.evaluate("() => location.hash")).isEqualTo("#/map");
        page.locator(".map-fit").click();
        page.waitForFunction("() => document.querySelectorAll('.map-cluster').length === 1");

        // a place opens its asset; the map's places are the list [ and ] go through
        long sydney = fx.idOf("sydney.mov");
        page.locator("a.map-point[aria-label^=sydney]").click();
        page.waitForFunction("id => location.hash === '#/asset/' + id", String.valueOf(sydney));
        @SuppressWarnings("unchecked")
        Map<String, Object> list = (Map<String, Object>) page.evaluate("() => JSON.parse(sessionStorage.getItem('dam.currentList'))");
        List<Object> ids = new ArrayList<>((List<?>) list.get("ids"));
        assertThat(ids).hasSize(5).contains(String.valueOf(sydney)).doesNotContain(String.valueOf(fx.idOf("nowhere.mp4")));
        assertThat(list.get("href")).isEqualTo("#/map");

        // nothing came from anywhere but this server, and the policy refused nothing
        String origin = fx.url("");
        assertThat(requests).allSatisfy(u -> assertThat(u).startsWith(origin));
        assertThat(policyMessages()).isEmpty();
    }

    @Test
    void aPhoneSeesTheWholeMapWithinItsWidth() {
        open("#/map", 390, 844);
        page.locator(".map-cluster").first().waitFor();
        assertThat(placesShown()).isEqualTo(5);
        Object right = page.evaluate("() => document.querySelector('.map').getBoundingClientRect().right");
        assertThat(((Number) right).doubleValue()).isLessThanOrEqualTo(390);
        fx.screenshot(page, "map-phone");
    }
}
