package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.BoundingBox;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.collections.NewCollection;
import org.thatdam.model.Actor;
import org.thatdam.server.LiveServer;

/**
 * Collections in Chromium: the tree with a new collection made from the page, an item dragged to a new place
 * (and one moved with the keyboard) that keeps its place after a reload, and "Add to collection" from an asset.
 */
class CollectionsUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    @Test
    void draggingAnItemReordersTheCollectionAndTheOrderPersists() {
        long clip = live.idOf("trip/clip.mp4");
        long tone = live.idOf("trip/tone.mp3");
        long still = live.idOf("trip/stills/frame.png");
        long id = live.dam().collections().create(NewCollection.named("Reel"), Actor.commandLine()).id();
        live.dam().collections().addAssets(id, List.of(clip, tone, still), Actor.commandLine());

        open("#/collection/" + id, 1280, 900);
        Locator cards = page.locator(".collection-items > .card");
        cards.nth(2).waitFor();
        assertThat(order()).containsExactly(clip, tone, still);

        // the first item dropped on the right half of the last one: it goes after it
        Locator last = cards.nth(2);
        BoundingBox box = last.boundingBox();
        cards.nth(0).dragTo(last, new Locator.DragToOptions().setTargetPosition(box.width - 8, box.height / 2));
        page.locator(".collection-live:has-text('Moved to place 3')").waitFor(new Locator.WaitForOptions()
                .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
        assertThat(order()).containsExactly(tone, still, clip);

        page.reload();
        cards.nth(2).waitFor();
        assertThat(order()).as("the order after a reload").containsExactly(tone, still, clip);
        assertThat(ids(live.dam().collections().assets(id, 10, 0).items())).containsExactly(tone, still, clip);

        // the keyboard alternative: Alt+← on the focused last item moves it one place earlier
        cards.nth(2).focus();
        page.keyboard().press("Alt+ArrowLeft");
        page.locator(".collection-live:has-text('Moved to place 2')").waitFor(new Locator.WaitForOptions()
                .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
        page.reload();
        cards.nth(2).waitFor();
        assertThat(order()).containsExactly(tone, clip, still);
        fx.screenshot(page, "collection");
        assertThat(policyMessages()).isEmpty();
    }

    @Test
    void aCollectionIsMadeInTheTreeAndAnAssetIsAddedFromItsPage() {
        open("#/collections", 1280, 900);
        page.locator("form.collection-create input[name=name]").fill("Festival");
        page.locator("form.collection-create button[type=submit]").click();
        page.locator(".collection-tree a.collection-name:has-text('Festival')").waitFor();

        long clip = live.idOf("trip/clip.mp4");
        page.navigate(fx.url("/#/asset/" + clip));
        Locator panel = page.locator(".collections-panel");
        panel.locator("select option:has-text('Festival')").waitFor(new Locator.WaitForOptions()
                .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
        panel.locator("select").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("Festival"));
        panel.locator("button[type=submit]").click();
        panel.locator(".asset-collections a:has-text('Festival')").waitFor();

        long festival = live.dam().collections().resolve("Festival").id();
        assertThat(ids(live.dam().collections().assets(festival, 10, 0).items())).containsExactly(clip);
        page.navigate(fx.url("/#/collections"));
        page.locator(".collection-tree a.collection-name:has-text('Festival')").waitFor();
        assertThat(page.locator(".collection-tree").innerText()).contains("1 item");
        assertThat(policyMessages()).isEmpty();
    }

    private List<Long> order() {
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) page.locator(".collection-items > .card").evaluateAll("(cs) => cs.map((c) => c.dataset.id)");
        return ids.stream().map(Long::valueOf).toList();
    }

    private static List<Long> ids(List<org.thatdam.model.Asset> assets) {
        return assets.stream().map(org.thatdam.model.Asset::id).toList();
    }
}
