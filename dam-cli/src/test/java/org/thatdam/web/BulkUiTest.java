package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.KeyboardModifier;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.server.LiveServer;

/**
 * Bulk actions in Chromium: a range chosen with a click and a shift-click, tagged from the bulk
 * toolbar as one job whose summary shows, the tags then on the asset's page; a rating key on a card.
 */
class BulkUiTest extends BrowserPages {

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
    void aShiftClickedRangeIsTaggedInOneGo() {
        live.dam().engine().start();   // as the server runs the queue
        open("#/library", 1280, 900);
        Locator cards = page.locator(".grid > .card");
        cards.nth(2).waitFor();
        List<Long> ids = List.of(id(cards.nth(0)), id(cards.nth(1)), id(cards.nth(2)));

        cards.nth(0).locator(".card-check").click();
        cards.nth(2).click(new Locator.ClickOptions().setModifiers(List.of(KeyboardModifier.SHIFT)));
        assertThat(page.url()).endsWith("#/library");
        assertThat(page.locator(".card.selected").count()).isEqualTo(3);
        assertThat(page.locator(".bulk-count").textContent()).isEqualTo("3 selected");

        page.locator(".bulk-add-tags").click();
        page.locator("dialog input[name=tags]").fill("Festival, Night shoot");
        page.locator("dialog button[value=ok]").click();
        page.locator(".bulk-status:has-text('3 tagged')").waitFor();
        assertThat(page.locator(".card.selected").count()).isZero();
        for (long id : ids) {
            assertThat(live.dam().assets().details(id).orElseThrow().tags()).contains("Festival", "Night shoot");
        }

        page.navigate(fx.url("/#/asset/" + ids.get(1)));
        page.locator("text=Night shoot").first().waitFor();
        // the asset page's marks: a star clicked, a label key
        page.locator(".marks-editor .star").nth(2).click();
        page.locator(".marks-editor .star[aria-pressed=true]").nth(2).waitFor();
        page.locator("body").press("8");
        page.locator(".marks-editor .label-btn[aria-pressed=true][title=green]").waitFor();
        var marked = live.dam().assets().details(ids.get(1)).orElseThrow().asset();
        assertThat(marked.rating()).isEqualTo(3);
        assertThat(marked.label()).isEqualTo(org.thatdam.model.ColourLabel.GREEN);

        // a rating key on the focused card of a grid
        page.navigate(fx.url("/#/library"));
        cards.nth(0).waitFor();
        long first = id(cards.nth(0));
        cards.nth(0).focus();
        page.keyboard().press("4");
        page.locator(".card[data-id='" + first + "'] .card-stars").waitFor();
        assertThat(live.dam().assets().details(first).orElseThrow().asset().rating()).isEqualTo(4);
        fx.screenshot(page, "bulk-library");
        assertThat(policyMessages()).isEmpty();
    }

    @Test
    void aFieldIsSetAsTypedAndTheServerSaysWhatDoesNotFit() {
        live.dam().engine().start();
        var by = org.thatdam.model.Actor.commandLine();
        live.dam().fields().create(org.thatdam.core.fields.FieldSpec.of("approved", "boolean"), by);
        live.dam().fields().create(org.thatdam.core.fields.FieldSpec.of("budget", "number"), by);
        open("#/library", 1280, 900);
        Locator cards = page.locator(".grid > .card");
        cards.nth(1).waitFor();
        List<Long> ids = List.of(id(cards.nth(0)), id(cards.nth(1)));

        setField(ids, "approved", "Yes", "2 set");
        setField(ids, "budget", "1,500", "2 failed");
        assertThat(page.locator(".bulk-status").textContent()).as("the server's own message").contains("1,500");
        setField(ids, "budget", "1500", "2 set");
        assertThat(page.locator(".bulk-status").textContent()).doesNotContain("failed");
        for (long id : ids) {
            var fields = live.dam().assets().details(id).orElseThrow().fields();
            assertThat(fields.get("approved")).isEqualTo(true);
            assertThat(((Number) fields.get("budget")).intValue()).isEqualTo(1500);
        }
        assertThat(policyMessages()).isEmpty();
    }

    /** Selects the cards of {@code ids} and sets {@code field} to {@code typed} through the bulk bar. */
    private void setField(List<Long> ids, String field, String typed, String expected) {
        for (long id : ids) page.locator(".grid > .card[data-id='" + id + "'] .card-check").click();
        page.locator(".bulk-count:has-text('" + ids.size() + " selected')").waitFor();
        page.locator(".bulk-set-field").click();
        page.locator("dialog select[name=field]").selectOption(field);
        page.locator("dialog input[name=value]").fill(typed);
        page.locator("dialog button[value=ok]").click();
        page.locator(".bulk-status:has-text('" + expected + "')").waitFor();
    }

    private static long id(Locator card) {
        return Long.parseLong(card.getAttribute("data-id"));
    }
}
