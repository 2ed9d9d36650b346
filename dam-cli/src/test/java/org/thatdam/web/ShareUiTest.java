package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.model.Principal;
import org.thatdam.model.ShareLink;
import org.thatdam.server.LiveServer;

/**
 * The page a share link opens, in Chromium with no session: it shows what was shared, the poster
 * loads and the proxy really plays; a password link asks for its password first; a revoked link
 * says so.
 */
class ShareUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia().jobsDone();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    @Test
    void anAssetLinkPlaysWithoutASession() {
        long clip = fx.idOf("trip/clip.mp4");
        ShareLink link = share(clip, null, null);
        List<Response> media = watchMedia();
        newAnonymousPage(1280, 800).navigate(fx.url("/share.html#" + link.token()));

        assertThat(page.locator("h1").textContent()).isEqualTo("clip");
        Locator video = page.locator(".share-stage video");
        assertThat(video.getAttribute("src")).isEqualTo("/api/v1/shared/" + link.token() + "/assets/" + clip + "/proxy");
        assertThat(video.getAttribute("poster")).isEqualTo("/api/v1/shared/" + link.token() + "/assets/" + clip + "/poster?size=large");
        play(video);
        page.waitForCondition(() -> media.stream().anyMatch(r -> r.url().contains("/poster") && r.status() == 200));
        assertThat(media).anyMatch(r -> r.url().contains("/proxy") && r.status() == 206);
        assertThat(context.cookies()).as("no session, no unlock cookie").isEmpty();
        assertThat(page.content()).doesNotContain(live.mediaDir().toString());
        assertThat(policyMessages()).isEmpty();
        fx.screenshot(page, "share-asset");
    }

    @Test
    void aBatchLinkShowsItsAssetsWithTheirPosters() {
        ShareLink link = share(null, "trip", null);
        newAnonymousPage(1280, 900).navigate(fx.url("/share.html#" + link.token()));

        assertThat(page.locator("h1").textContent()).isEqualTo("trip");
        Locator cards = page.locator(".share-card");
        assertThat(cards.count()).isEqualTo(2);
        Locator clipCard = page.locator(".share-card[data-id='" + fx.idOf("trip/clip.mp4") + "']");
        Locator thumb = clipCard.locator("img");
        page.waitForFunction("img => img.complete && img.naturalWidth > 0", thumb.elementHandle());
        assertThat(clipCard.getAttribute("aria-current")).as("the first asset is on the stage").isEqualTo("true");
        play(page.locator(".share-stage video"));

        page.locator(".share-card[data-id='" + fx.idOf("trip/tone.mp3") + "']").click();
        Locator audio = page.locator(".share-stage audio");
        audio.waitFor();
        page.waitForFunction("a => a.readyState >= 1 && a.duration > 1", audio.elementHandle());
        assertThat(page.locator(".share-caption strong").textContent()).isEqualTo("tone");
        assertThat(policyMessages()).isEmpty();
        fx.screenshot(page, "share-batch");
    }

    @Test
    void aPasswordLinkAsksForItsPasswordThenPlays() {
        ShareLink link = share(fx.idOf("trip/clip.mp4"), null, "open sesame");
        newAnonymousPage(1024, 768).navigate(fx.url("/share.html#" + link.token()));

        Locator password = page.locator("#share-password");
        password.fill("open sesam");
        page.locator(".share-lock button").click();
        page.waitForCondition(() -> !page.locator(".share-lock .error-text").textContent().isEmpty());
        assertThat(page.locator(".share-lock .error-text").textContent()).isEqualTo("wrong password for this link");
        assertThat(page.locator(".share-stage video").count()).isZero();
        fx.screenshot(page, "share-locked");

        password.fill("open sesame");
        page.locator(".share-lock button").click();
        play(page.locator(".share-stage video"));
        assertThat(context.cookies()).singleElement().satisfies(c -> {
            assertThat(c.name).isEqualTo("dam_share");
            assertThat(c.httpOnly).isTrue();
            assertThat(c.path).isEqualTo("/api/v1/shared/" + link.token());
        });
        fx.screenshot(page, "share-password");
    }

    @Test
    void anEditorMakesALinkOnTheAssetPageThatOpensWithoutASession() {
        long clip = fx.idOf("trip/clip.mp4");
        newPage(1280, 900).navigate(fx.url("/#/asset/" + clip));
        page.locator("[role=tab][data-tab=share]").click();
        Locator form = page.locator(".share-form");
        form.locator("select[name=expiresInDays]").selectOption("30");
        form.locator("button[type=submit]").click();
        String url = page.locator(".share-result code.secret").textContent();
        assertThat(url).startsWith(fx.url("/share.html#"));
        fx.screenshot(page, "share-made");
        assertThat(fx.dam().shares().list(Principal.commandLine(), 10, 0)).anySatisfy(l -> {
            assertThat(l.assetId()).isEqualTo(clip);
            assertThat(l.expiresAt()).isNotNull();
        });
        context.close();
        newAnonymousPage(1280, 800).navigate(url);
        assertThat(page.locator("h1").textContent()).isEqualTo("clip");
        play(page.locator(".share-stage video"));
    }

    @Test
    void aRevokedLinkSaysItDoesNotWork() {
        ShareLink link = share(fx.idOf("trip/clip.mp4"), null, null);
        fx.dam().shares().revoke(link.id(), Principal.commandLine(), null);
        newAnonymousPage(1024, 768).navigate(fx.url("/share.html#" + link.token()));
        assertThat(page.locator(".share-message h1").textContent()).isEqualTo("This link does not work");
        assertThat(page.locator(".share-message p").textContent()).contains("expired or was revoked");
        assertThat(page.locator("video").count()).isZero();
    }

    private static ShareLink share(Long assetId, String batch, String password) {
        return fx.dam().shares().create(assetId, batch, null, password, Principal.commandLine(), null);
    }

    /** Answers to poster and proxy requests of the page about to open. */
    private List<Response> watchMedia() {
        List<Response> out = Collections.synchronizedList(new ArrayList<>());
        onNextPage = p -> p.onResponse(r -> {
            if (r.url().contains("/api/v1/shared/")) out.add(r);
        });
        return out;
    }

    private java.util.function.Consumer<Page> onNextPage;

    @Override
    Page newAnonymousPage(int width, int height) {
        Page p = super.newAnonymousPage(width, height);
        if (onNextPage != null) onNextPage.accept(p);
        return p;
    }

    /** The video has frames to show, and playing moves it on. */
    private void play(Locator video) {
        video.waitFor();
        page.waitForFunction("v => v.readyState >= 2", video.elementHandle());
        video.evaluate("v => { v.muted = true; return v.play(); }");
        page.waitForFunction("v => v.currentTime > 0.3", video.elementHandle());
        assertThat(video.evaluate("v => v.error && v.error.message")).isNull();
    }

}
