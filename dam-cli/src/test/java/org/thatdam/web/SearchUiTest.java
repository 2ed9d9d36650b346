package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.server.LiveServer;

/**
 * Search and browsing in Chromium against a real server: typing a query that is not finished yet
 * (no error, results stay), Enter or a pause (the error, at its place), facets combined with OR,
 * the default order and the score column, saved searches in the navigation, the library's
 * list view and density remembered for the person, and the current list for [ and ].
 */
class SearchUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.of(
            "trip/clip.mp4", () -> TestMedia.clip(2, "320x240"),
            "trip/walk.mp4", () -> TestMedia.clip(3, "160x120"),
            "trip/tone.mp3", TestMedia::mp3,
            "sounds/tone.wav", TestMedia::wav,
            "stills/frame.png", TestMedia::png));
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    private int cards() {
        return page.locator(".results .card").count();
    }

    /** Notes in the page whether a query error or an emptied grid (a spinner instead of results) ever shows. */
    private void watchForFlashes() {
        page.evaluate("""
                () => {
                  window.__seen = { error: false, blank: false };
                  window.__lastInput = performance.now();
                  document.addEventListener('input', () => { window.__lastInput = performance.now(); }, true);
                  const check = () => {
                    const e = document.querySelector('.query-error');
                    // an error is only wrong while typing goes on (a pause of 1.2 s may bring it)
                    if (e && !e.hidden && performance.now() - window.__lastInput < 1100) window.__seen.error = true;
                    if (document.querySelector('.results .loading') || !document.querySelector('.results .card')) window.__seen.blank = true;
                  };
                  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
                }""");
    }

    @Test
    void aQueryBeingTypedNeverFlashesAnErrorAndEnterShowsWhere() {
        open("#/search", 1280, 860);
        page.locator(".results .card").first().waitFor();
        int all = (int) fx.assetCount();
        page.waitForFunction("n => document.querySelectorAll('.results .card').length === n", all);
        List<String> asked = new ArrayList<>();
        page.onRequest(r -> { if (r.url().contains("/api/v1/search")) asked.add(r.url()); });
        watchForFlashes();

        Locator input = page.locator(".query-input");
        // the last live request (the completed query) answers after the last key
        page.waitForResponse(r -> r.url().contains("q=title%3A%22abc%22"),
                () -> input.pressSequentially("title:\"abc", new Locator.PressSequentiallyOptions().setDelay(120)));
        page.waitForFunction("() => !document.querySelector('.grid.stale')");
        assertThat(page.evaluate("() => window.__seen.error")).as("an error showed while typing").isEqualTo(false);
        assertThat(page.evaluate("() => window.__seen.blank")).as("the results went blank while typing").isEqualTo(false);
        assertThat(cards()).as("the results stay on screen").isEqualTo(all);
        assertThat(asked).as("the live queries are completed").anyMatch(u -> u.contains("q=title%3A%22abc%22"));

        input.press("Enter");
        Locator error = page.locator(".query-error:not([hidden])");
        error.waitFor();
        assertThat(error.locator(".query-error-msg").textContent()).isEqualTo("unbalanced quote at 6 (no closing '\"')");
        assertThat(error.locator(".query-where mark").textContent()).as("the place it points at").isEqualTo("\"");
        assertThat(cards()).as("the results stay under the error").isEqualTo(all);

        // typing again takes the error away; a pause on a query that cannot run brings it back, at its place
        input.fill("clip (");
        page.waitForSelector(".query-error", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.HIDDEN));
        page.waitForFunction("() => document.querySelectorAll('.results .card').length === 1");
        error.waitFor();
        assertThat(error.locator(".query-error-msg").textContent()).isEqualTo("missing ')' for the '(' at 5");
        assertThat(page.locator(".results .card .card-title").textContent()).isEqualTo("clip");
        assertThat(console).as("a query being typed is checked, not failed: no refused request in the console")
                .noneMatch(m -> m.contains("status of 400"));
        fx.screenshot(page, "search-query-error");
    }

    @Test
    void facetValuesCombineWithOrAndTheOthersStayListed() {
        open("#/search", 1280, 860);
        Locator kind = page.locator(".facet[data-facet=kind]");
        kind.locator(".facet-value[data-value=audio]").waitFor();
        Map<String, Integer> before = counts(kind);
        assertThat(before).containsKeys("video", "audio", "image");

        kind.locator(".facet-value[data-value=audio] input").check();
        page.waitForFunction("n => document.querySelectorAll('.results .card').length === n", before.get("audio"));
        kind.locator(".facet-value[data-value=image] input").check();
        int union = before.get("audio") + before.get("image");
        page.waitForFunction("n => document.querySelectorAll('.results .card').length === n", union);
        assertThat(page.locator(".results .card").evaluateAll("cs => cs.map(c => c.dataset.kind)").toString())
                .doesNotContain("video");
        assertThat(counts(kind)).as("the kind facet keeps every value and its count").isEqualTo(before);
        assertThat(kind.locator("input:checked").count()).isEqualTo(2);
        assertThat((String) page.evaluate("() => location.hash")).isEqualTo("#/search?filter=kind%3Aaudio+kind%3Aimage");
        fx.screenshot(page, "search-facets");

        // AND across facets: audio or image, and in the sounds folder's batch
        Locator batch = page.locator(".facet[data-facet=batch] .facet-value[data-value=sounds] input");
        batch.check();
        page.waitForFunction("() => document.querySelectorAll('.results .card').length === 1");
        assertThat(page.locator(".results .card").getAttribute("data-kind")).isEqualTo("audio");

        // the address keeps the selection
        page.reload();
        page.waitForFunction("() => document.querySelectorAll('.results .card').length === 1");
        assertThat(page.locator(".facet input:checked").count()).isEqualTo(3);
    }

    @Test
    void aCustomFieldsFacetIsDrawnAndSelectsThroughTheQuery() {
        var by = org.thatdam.model.Actor.commandLine();
        live.dam().fields().create(org.thatdam.core.fields.FieldSpec.of("stage", "choice").withLabel("Edit stage")
                .withChoices(List.of("Draft", "Final")), by);
        long video = live.dam().assets().list(org.thatdam.model.AssetQuery.all(1000)).stream()
                .filter(a -> a.kind() == org.thatdam.model.AssetKind.VIDEO).findFirst().orElseThrow().id();
        live.dam().assets().update(video, org.thatdam.core.library.AssetPatch.none().withFields(Map.of("stage", "final")), by);
        live.dam().search().awaitCatalog(java.time.Duration.ofSeconds(30));

        open("#/search", 1280, 860);
        Locator stage = page.locator(".facet[data-facet='field:stage']");
        stage.locator(".facet-value[data-value=Final]").waitFor();
        assertThat(stage.locator("legend").textContent()).isEqualTo("Edit stage");
        stage.locator(".facet-value[data-value=Final] input").check();
        page.waitForFunction("() => document.querySelectorAll('.results .card').length === 1");
        assertThat(page.locator(".results .card").getAttribute("data-id")).isEqualTo(String.valueOf(video));
        assertThat(page.locator(".query-input").inputValue()).isEqualTo("field:stage:Final");
        assertThat(page.locator(".facet[data-facet='field:stage'] .facet-value[data-value=Final] input").isChecked()).isTrue();

        page.locator(".facet[data-facet='field:stage'] .facet-value[data-value=Final] input").uncheck();
        page.waitForFunction("n => document.querySelectorAll('.results .card').length === n", (int) fx.assetCount());
        assertThat(page.locator(".query-input").inputValue()).isEmpty();
        assertThat(policyMessages()).isEmpty();
    }

    private static Map<String, Integer> counts(Locator facet) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (Locator v : facet.locator(".facet-value").all()) {
            out.put(v.getAttribute("data-value"), Integer.parseInt(v.locator(".chip-count").textContent()));
        }
        return out;
    }

    @Test
    void newestFirstWithoutWordsAndTheScoreOnlyWhenAskedFor() {
        open("#/search", 1280, 860);
        page.locator(".results .card").first().waitFor();
        Locator sort = page.locator(".search-form select[name=sort]");
        page.waitForFunction("() => document.querySelector('.sort-note').textContent === 'Newest first'");
        assertThat(sort.inputValue()).isEqualTo("newest");
        assertThat(page.locator(".card-score").first().isVisible()).as("no score unless asked for").isFalse();

        page.locator(".query-input").fill("tone");
        page.waitForFunction("() => document.querySelector('.sort-note').textContent === 'Best matches first'");
        assertThat(sort.inputValue()).isEqualTo("relevance");
        page.locator(".score-toggle input").check();
        assertThat(page.locator(".card-score").first().isVisible()).isTrue();
        assertThat(page.locator(".card-score").first().textContent()).matches("\\d+\\.\\d\\d");
        awaitPreference("search.score", "true");

        // remembered: another page (another browser) shows it too
        open("#/search?q=tone", 1280, 860);
        page.locator(".results .card").first().waitFor();
        assertThat(page.locator(".score-toggle input").isChecked()).isTrue();
        assertThat(page.locator(".card-score").first().isVisible()).isTrue();
        page.locator(".score-toggle input").uncheck();
        awaitPreference("search.score", "false");
    }

    @Test
    void hitsSayWhereTheyMatchedAndTheModeIsKeptInTheAddress() {
        long clip = live.dam().search().search(org.thatdam.search.SearchRequest.of("walk.mp4")).items().get(0).id();
        live.dam().catalog().write(s -> {
            var stored = s.scenes().replace(clip, s.assets().versions(clip).get(0).id(), List.of(
                    new org.thatdam.catalog.SceneRepository.NewScene(0, 3, null, null, null, List.of(
                            new org.thatdam.catalog.SceneRepository.NewBeat(0, 1, null, null, null),
                            new org.thatdam.catalog.SceneRepository.NewBeat(1, 3, null, null, null)))));
            long beat = stored.get(2).id();
            s.sceneTexts().replaceForScene(beat, List.of(new org.thatdam.model.SceneText(beat, 0, "Q3 roadmap", 0.9, 0, 0, 1, 1)));
            return null;
        });
        live.dam().search().catchUp();

        open("#/search?q=roadmap", 1280, 860);
        Locator match = page.locator(".results .card .card-match");
        match.first().waitFor();
        assertThat(match.count()).isEqualTo(1);
        assertThat(match.first().textContent()).isEqualTo("at 0:01–0:03 “Q3 roadmap”");
        match.first().click();
        page.waitForFunction("h => location.hash === h", "#/asset/" + clip + "?t=1");
        Locator similar = page.locator(".similar-btn");
        similar.waitFor();
        assertThat(similar.getAttribute("href")).isEqualTo("#/search?q=similar%3A" + clip);

        // by meaning only: this library has no vectors, so nothing; the mode stays in the address
        open("#/search?q=roadmap", 1280, 860);
        page.locator(".results .card").first().waitFor();
        page.locator(".search-form select[name=mode]").selectOption("semantic");
        page.waitForFunction("() => location.hash.includes('mode=semantic') && document.querySelectorAll('.results .card').length === 0");
        open("#/search?q=roadmap&mode=keyword", 1280, 860);
        page.locator(".results .card").first().waitFor();
        assertThat(page.locator(".search-form select[name=mode]").inputValue()).isEqualTo("keyword");
        assertThat(a11yViolations(page)).isEmpty();
    }

    @Test
    void aSavedSearchIsListedInTheNavigationAndRunsAgain() {
        open("#/search?q=tone&filter=kind%3Aaudio", 1280, 860);
        page.waitForFunction("() => document.querySelectorAll('.results .card').length === 2");
        page.locator(".save-search-btn").click();
        Locator name = page.locator(".save-search input[name=name]");
        assertThat(name.inputValue()).isEqualTo("tone");
        name.fill("Sounds of tone");
        page.locator(".save-search button[type=submit]").click();
        Locator saved = page.locator("#nav-saved a", new Page.LocatorOptions().setHasText("Sounds of tone"));
        page.locator("#nav-saved summary").waitFor();
        JsonNode list = fx.getJson("/api/v1/saved-searches");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("query").asText()).isEqualTo("tone");
        assertThat(list.get(0).path("filter").asText()).isEqualTo("kind:audio");

        page.navigate(fx.url("/#/library"));
        page.locator(".grid .card").first().waitFor();
        page.locator("#nav-saved summary").click();
        saved.click();
        page.waitForFunction("() => location.hash.startsWith('#/search')");
        page.waitForFunction("() => document.querySelectorAll('.results .card').length === 2");
        assertThat(page.locator(".query-input").inputValue()).isEqualTo("tone");
        assertThat(page.locator(".facet[data-facet=kind] .facet-value[data-value=audio] input").isChecked()).isTrue();

        Locator delete = page.locator(".delete-saved");
        delete.waitFor();
        assertThat(delete.textContent()).isEqualTo("Delete “Sounds of tone”");
        delete.click();
        page.locator("#nav-saved").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
        assertThat(fx.getJson("/api/v1/saved-searches")).isEmpty();
    }

    @Test
    void theLibraryRemembersListViewAndDensityAndSetsTheCurrentList() {
        open("#/library", 1280, 860);
        page.waitForFunction("n => document.querySelectorAll('.grid .card').length === n", (int) fx.assetCount());
        Locator grid = page.locator(".grid");
        assertThat(grid.getAttribute("class")).contains("density-comfortable").doesNotContain("view-list");

        // the ids in display order are the current list the asset page's [ and ] walk
        Object ids = page.locator(".grid .card").evaluateAll("cs => cs.map(c => c.dataset.id)");
        assertThat(page.evaluate("() => JSON.parse(sessionStorage.getItem('dam.currentList')).ids")).isEqualTo(ids);
        assertThat(page.evaluate("() => JSON.parse(sessionStorage.getItem('dam.currentList')).label")).isEqualTo("Library");

        page.locator(".layout-controls .seg-btn[data-view=list]").click();
        page.locator(".layout-controls select[name=density]").selectOption("compact");
        assertThat(grid.getAttribute("class")).contains("view-list").contains("density-compact");
        assertThat(page.locator(".layout-controls .seg-btn[data-view=list]").getAttribute("aria-pressed")).isEqualTo("true");
        double rowHeight = ((Number) page.locator(".grid .card").first().evaluate("c => c.getBoundingClientRect().height")).doubleValue();
        assertThat(rowHeight).as("a list row is a row, not a poster card").isLessThan(80);
        fx.screenshot(page, "library-list");
        awaitPreference("library.view", "\"list\"");
        awaitPreference("library.density", "\"compact\"");

        // another browser of the same person: the same view; the search page shows results the same way
        open("#/search", 1280, 860);
        page.locator(".results .card").first().waitFor();
        assertThat(page.locator(".results .grid").getAttribute("class")).contains("view-list").contains("density-compact");
        Object shown = page.locator(".results .card").evaluateAll("cs => cs.map(c => c.dataset.id)");
        assertThat(page.evaluate("() => JSON.parse(sessionStorage.getItem('dam.currentList')).ids")).isEqualTo(shown);
        page.locator(".layout-controls .seg-btn[data-view=grid]").click();
        page.locator(".layout-controls select[name=density]").selectOption("comfortable");
        awaitPreference("library.view", "\"grid\"");
    }

    @Test
    void onAPhoneTheSearchPageAndTheListFitTheWidth() {
        open("#/search?filter=kind%3Aaudio", 390, 844);
        page.waitForFunction("() => document.querySelectorAll('.results .card').length === 2");
        assertThat(page.evaluate("() => document.documentElement.scrollWidth")).as("search page width").isEqualTo(390);
        page.locator(".layout-controls .seg-btn[data-view=list]").click();
        assertThat(page.evaluate("() => document.documentElement.scrollWidth")).as("list view width").isEqualTo(390);
        fx.screenshot(page, "search-phone");
        page.locator(".layout-controls .seg-btn[data-view=grid]").click();
        awaitPreference("library.view", "\"grid\"");
    }

    /** Waits until the server keeps {@code json} for the admin's preference {@code key} (written in the background). */
    private void awaitPreference(String key, String json) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String last = null;
        while (System.nanoTime() < deadline) {
            last = fx.getJson("/api/v1/auth/preferences").path("values").path(key).toString();
            if (last.equals(json)) return;
            page.waitForTimeout(50);
        }
        assertThat(last).as("preference " + key).isEqualTo(json);
    }
}
