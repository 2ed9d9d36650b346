package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.server.LiveServer;

/** The vocabulary page and the tag editor's suggestions in Chromium. */
class VocabularyUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.<String, Supplier<Path>>of("tram.png", TestMedia::png));
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    @Test
    void anAdminBuildsTheTreeAndTheTagEditorSuggestsFromIt() {
        open("#/library", 1280, 900);
        page.locator("#user-button").click();
        page.locator("#user-menu-list a[href='#/vocabulary']").click();
        page.locator("#vocab-tree .empty").waitFor();
        page.locator(".vocab-add input[name=path]").fill("Places/Europe/Lisbon");
        page.locator(".vocab-add input[name=synonyms]").fill("Lisboa, Olisipo");
        page.locator(".vocab-add button[type=submit]").click();
        page.locator(".vocab-term[data-path='Places/Europe/Lisbon']").waitFor();
        assertThat(page.locator(".vocab-term[data-path='Places/Europe/Lisbon']").innerText()).contains("Lisboa, Olisipo");
        assertNoSeriousA11yViolations(page);

        // rename a level through its editor: the path of everything under it follows
        Locator europe = page.locator(".vocab-term[data-path='Places/Europe']");
        europe.locator("button", new Locator.LocatorOptions().setHasText("Edit")).click();
        europe.locator(".vocab-editor input[name=label]").fill("Europa");
        europe.locator(".vocab-editor button[type=submit]").click();
        page.locator(".vocab-term[data-path='Places/Europa/Lisbon']").waitFor();

        // the asset page: typing a synonym offers the term; arrows and Enter pick it
        long id = live.dam().assets().resolve(live.path("tram.png")).asset().id();
        page.navigate(fx.url("/#/asset/" + id));
        Locator tags = page.locator(".edit-form input[name=tags]");
        tags.waitFor();
        tags.click();
        tags.pressSequentially("tram, olis");
        Locator option = page.locator(".suggest-list [role=option]").first();
        option.waitFor();
        assertThat(option.innerText()).contains("Places/Europa/Lisbon").contains("Olisipo");
        assertThat(tags.getAttribute("aria-expanded")).isEqualTo("true");
        tags.press("ArrowDown");
        assertThat(option.getAttribute("aria-selected")).isEqualTo("true");
        assertThat(tags.getAttribute("aria-activedescendant")).isEqualTo(option.getAttribute("id"));
        tags.press("Enter");
        assertThat(tags.inputValue()).isEqualTo("tram, Places/Europa/Lisbon, ");
        assertThat(tags.getAttribute("aria-expanded")).isEqualTo("false");
        // Escape closes the list without picking
        tags.pressSequentially("lisb");
        page.locator(".suggest-list [role=option]").first().waitFor();
        tags.press("Escape");
        assertThat(page.locator(".suggest-list").isHidden()).isTrue();
        tags.fill("tram, Places/Europa/Lisbon, lisboa");
        page.locator(".edit-form button[type=submit]").click();
        page.locator(".edit-form .form-status.ok").waitFor();
        assertThat(live.dam().assets().details(id).orElseThrow().tags()).containsExactly("Places/Europa/Lisbon", "tram");
        assertThat(tags.inputValue()).isEqualTo("Places/Europa/Lisbon, tram");
        assertThat(policyMessages()).isEmpty();
    }

    @Test
    void othersReadTheTreeWithoutEditing() {
        if (live.dam().vocabulary().terms().isEmpty()) {
            live.dam().vocabulary().add("Subjects/Beach", List.of("Seaside"), null, Actor.commandLine());
        }
        String token = live.dam().sessions().login(viewer(), LiveServer.PASSWORD, "127.0.0.1", "tests").token();
        newAnonymousPage(1280, 860);
        context.addCookies(List.of(new com.microsoft.playwright.options.Cookie("dam_session", token).setUrl(fx.url("/"))));
        page.navigate(fx.url("/#/vocabulary"));
        page.locator(".vocab-term").first().waitFor();
        assertThat(page.locator(".vocab-add").count()).isZero();
        assertThat(page.locator(".vocab-term button").count()).isZero();
        assertThat(page.locator("input[name=restricted]").isDisabled()).isTrue();
    }

    static String viewer() {
        if (live.dam().users().list().stream().noneMatch(u -> u.name().equals("vera"))) {
            live.dam().users().add("vera", org.thatdam.model.Role.VIEWER, LiveServer.PASSWORD,
                    org.thatdam.model.Principal.commandLine(), null);
        }
        return "vera";
    }
}
