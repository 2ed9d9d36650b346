package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestCard;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.server.LiveServer;

/** The Import page in Chromium: a card imported as a job, its progress and result, and the ledger on the asset page. */
class ImportUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.of("keep/frame.png", TestMedia::png));
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @BeforeAll
    static void start() {
        fx.dam().roots().addRoot(fx.media(), Actor.commandLine());
        fx.dam().engine().start();
    }

    @Override
    WebFixture fixture() {
        return fx;
    }

    @Test
    void aCardIsImportedFromThePageAndItsLedgerShowsOnTheAsset() throws Exception {
        TestCard.Card card = TestCard.create(fx.tmp().resolve("CARD_UI"), 2L << 20);
        Path dest = fx.media().resolve("A001");
        open("#/import", 1280, 900);
        page.locator("a[data-page=import][aria-current=page]").waitFor();
        page.locator(".imports").getByText("No imports yet.").waitFor(); // the list loads after the page

        // A relative path is refused with the server's words, next to the button.
        page.getByLabel("Source folder (the card)").fill("CARD_UI");
        page.getByLabel("Destination folder", new com.microsoft.playwright.Page.GetByLabelOptions().setExact(true)).fill(dest.toString());
        page.locator("button[type=submit]", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Start import")).click();
        page.locator(".import-form .form-status.error-text").waitFor();
        assertThat(page.locator(".import-form .form-status").textContent()).contains("is not an absolute path");

        page.getByLabel("Source folder (the card)").fill(card.root().toString());
        page.locator("form.import-form").getByLabel("Batch").fill("UI day"); // the upload tray has a batch field too
        page.locator("input[name=md5]").check();
        page.locator("button[type=submit]", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Start import")).click();
        Locator done = page.locator(".import-run[data-state=done]");
        done.waitFor();
        assertThat(done.locator(".import-counts").textContent()).contains(TestCard.FILES + " of " + TestCard.FILES + " files")
                .contains("batch UI day").contains("xxh64, md5");
        assertThat(done.locator(".import-source").textContent()).isEqualTo(card.root().toRealPath().toString());
        assertThat(done.locator(".progress").getAttribute("aria-valuenow")).isEqualTo("100");
        assertThat(Files.mismatch(card.root().resolve(card.clips().get(0)), dest.resolve(card.clips().get(0)))).isEqualTo(-1);
        assertNoSeriousA11yViolations(page);

        long asset = fx.dam().assets().resolve(dest.resolve(card.clips().get(0)).toString()).asset().id();
        page.navigate(fx.url("/#/asset/" + asset));
        page.locator("#asset-tab-files").click();
        Locator ledger = page.locator(".ledger table");
        ledger.waitFor();
        assertThat(ledger.locator("tbody tr").count()).isEqualTo(1);
        assertThat(ledger.locator("tbody td").first().textContent()).isEqualTo(card.root().toRealPath().resolve(card.clips().get(0)).toString());
        assertThat(ledger.textContent()).contains(LiveServer.ADMIN);
        // The only failed load is the refused relative path above.
        assertThat(consoleProblems).singleElement().asString().contains("status of 422").contains("/api/v1/imports");
    }
}
