package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.fields.FieldSpec;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.server.LiveServer;

/** Custom fields in Chromium: the admin page that defines them, and the asset page that fills them in. */
class FieldsUiTest extends BrowserPages {

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
    void anAdminDefinesFieldsAndAnEditorFillsThemIn() {
        for (var d : live.dam().fields().list()) live.dam().fields().delete(d.name(), Actor.commandLine());
        open("#/library", 1280, 900);
        page.locator("#user-button").click();
        page.locator("#user-menu-list a[href='#/fields']").click();
        page.locator("#field-list .empty").waitFor();

        define("site", "Website", "url", null, "Where it was published");
        define("budget", "Budget", "number", null, null);
        define("status", "Status", "choice", "Draft\nFinal", null);
        assertThat(page.locator(".field-row").evaluateAll("rows => rows.map(r => r.dataset.name)"))
                .isEqualTo(List.of("site", "budget", "status"));
        assertNoSeriousA11yViolations(page);

        // reorder: status moves up above budget
        page.locator(".field-row[data-name=status] button[aria-label='Move Status up']").click();
        page.waitForFunction("() => [...document.querySelectorAll('.field-row')].map(r => r.dataset.name).join() === 'site,status,budget'");
        assertThat(live.dam().fields().list().stream().map(d -> d.name()).toList()).containsExactly("site", "status", "budget");

        // the asset page: a value the field refuses shows the server's message next to that field, and nothing is saved
        long id = live.dam().assets().resolve(live.path("tram.png")).asset().id();
        page.navigate(fx.url("/#/asset/" + id));
        Locator panel = page.locator(".fields-panel");
        panel.locator(".fields-form").waitFor();
        assertThat(panel.locator(".field-row-value").evaluateAll("rows => rows.map(r => r.dataset.field)"))
                .isEqualTo(List.of("site", "status", "budget"));
        assertThat(panel.locator("#field-in-site").getAttribute("type")).isEqualTo("url");
        assertThat(panel.locator("#field-in-budget").getAttribute("type")).isEqualTo("number");
        assertThat(panel.locator(".field-row-value[data-field=site] .field-help").textContent()).isEqualTo("Where it was published");
        panel.locator("#field-in-site").fill("ftp://example.com/tram");
        panel.locator("#field-in-budget").fill("1500");
        panel.locator("#field-in-status").selectOption("Draft");
        panel.locator("button[type=submit]").click();
        Locator error = panel.locator(".field-row-value[data-field=site] .field-error");
        error.waitFor();
        assertThat(error.textContent()).startsWith("field 'site' (url)");
        assertThat(panel.locator("#field-in-site").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(panel.locator(".field-row-value[data-field=budget] .field-error").isHidden()).isTrue();
        assertThat(live.dam().fields().values(id)).isEmpty();
        assertNoSeriousA11yViolations(page);

        panel.locator("#field-in-site").fill("https://example.com/tram");
        panel.locator("button[type=submit]").click();
        panel.locator(".form-status.ok").waitFor();
        JsonNode fields = fx.getJson("/api/v1/assets/" + id).get("fields");
        assertThat(fields.get("site").asText()).isEqualTo("https://example.com/tram");
        assertThat(fields.get("budget").asDouble()).isEqualTo(1500);
        assertThat(fields.get("status").asText()).isEqualTo("Draft");

        // after a reload the values are there
        page.reload();
        panel.locator(".fields-form").waitFor();
        assertThat(panel.locator("#field-in-site").inputValue()).isEqualTo("https://example.com/tram");
        assertThat(panel.locator("#field-in-budget").inputValue()).isEqualTo("1500");
        assertThat(panel.locator("#field-in-status").inputValue()).isEqualTo("Draft");

        // a change of choices is tried first: the dialog says which value would no longer fit, then applies it
        page.navigate(fx.url("/#/fields"));
        Locator status = page.locator(".field-row[data-name=status]");
        status.locator("button", new Locator.LocatorOptions().setHasText("Edit")).click();
        status.locator(".field-form textarea[name=choices]").fill("Approved\nFinal");
        status.locator(".field-form button[type=submit]").click();
        Locator dialog = page.locator("dialog.dialog");
        dialog.waitFor();
        assertThat(dialog.locator("[data-part=unfit]").textContent()).isEqualTo("1 value that no longer fit would be dropped");
        assertThat(dialog.locator(".field-unfit").textContent()).contains("\"Draft\"");
        assertThat(live.dam().fields().get("status").choices()).containsExactly("Draft", "Final");
        dialog.locator("button[value=ok]").click();
        page.waitForFunction("() => document.querySelector('.field-row[data-name=status] .field-accepts')?.textContent.includes('Approved')");
        assertThat(live.dam().fields().get("status").choices()).containsExactly("Approved", "Final");
        assertThat(live.dam().fields().values(id)).doesNotContainKey("status");
        assertThat(policyMessages()).isEmpty();
    }

    @Test
    void aViewerSeesTheValuesReadOnlyAndOnlyWebAddressesAsLinks() {
        if (live.dam().fields().list().stream().noneMatch(d -> d.name().equals("source"))) {
            live.dam().fields().create(new FieldSpec("source", "Source", "text", null, null, null, null, null, null), Actor.commandLine());
            live.dam().fields().create(new FieldSpec("page", "Page", "url", null, null, null, null, null, null), Actor.commandLine());
        }
        long id = live.dam().assets().resolve(live.path("tram.png")).asset().id();
        assertThat(live.patch("/api/v1/assets/" + id,
                "{\"fields\":{\"source\":\"javascript:alert(1)\",\"page\":\"https://example.com/p\"}}").statusCode()).isEqualTo(200);
        if (live.dam().users().list().stream().noneMatch(u -> u.name().equals("vic"))) {
            live.dam().users().add("vic", Role.VIEWER, LiveServer.PASSWORD, Principal.commandLine(), null);
        }
        String token = live.dam().sessions().login("vic", LiveServer.PASSWORD, "127.0.0.1", "tests").token();
        newAnonymousPage(1280, 860);
        context.addCookies(List.of(new com.microsoft.playwright.options.Cookie("dam_session", token).setUrl(fx.url("/"))));
        page.navigate(fx.url("/#/asset/" + id));
        Locator values = page.locator(".fields-panel .field-values");
        values.waitFor();
        assertThat(page.locator(".fields-panel input, .fields-panel select, .fields-panel textarea").count()).isZero();
        assertThat(values.locator("dd[data-field=source]").textContent()).isEqualTo("javascript:alert(1)");
        assertThat(values.locator("dd[data-field=source] a").count()).isZero();
        assertThat(values.locator("dd[data-field=page] a").getAttribute("href")).isEqualTo("https://example.com/p");
        // the definitions page is for admins
        page.navigate(fx.url("/#/fields"));
        page.locator(".page-fields [role=alert]").waitFor();
        assertThat(page.locator(".field-form").count()).isZero();
    }

    /** Fills in and sends the page's "New field" form, and waits for the field's row. */
    private void define(String name, String label, String type, String choices, String help) {
        page.locator(".field-add > summary").click();
        Locator form = page.locator(".field-add .field-form");
        form.locator("input[name=name]").fill(name);
        form.locator("input[name=label]").fill(label);
        form.locator("select[name=type]").selectOption(type);
        if (choices != null) form.locator("textarea[name=choices]").fill(choices);
        if (help != null) form.locator("input[name=help]").fill(help);
        form.locator("button[type=submit]").click();
        page.locator(".field-row[data-name=" + name + "]").waitFor();
    }
}
