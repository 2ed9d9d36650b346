package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.Cookie;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.server.LiveServer;

/**
 * Users and access in a real browser: the first-run setup, logging in and out, what a viewer sees,
 * and a page of another origin (another port of the same host) that cannot act with the user's
 * session.
 */
class AccessUiTest extends BrowserPages {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia();
    @RegisterExtension
    @Order(2)
    /** No users yet; one still is enough for the library the setup lands on to show a card. */
    static final LiveServer fresh = LiveServer.withMedia(java.util.Map.of("frame.png", org.thatdam.media.testing.TestMedia::png)).noUsers();
    /** No users, behind a reverse proxy on this machine: the setup must be done on the server's machine. */
    @RegisterExtension
    @Order(3)
    static final LiveServer proxied = LiveServer.withMedia(java.util.Map.of()).noUsers()
            .config(org.thatdam.core.config.ConfigKey.SERVER_TRUSTED_PROXIES, "127.0.0.1");
    @RegisterExtension
    @Order(4)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    private Locator loginForm() {
        return page.locator("#login-form");
    }

    private void logIn(String name, String password) {
        loginForm().locator("input[name=username]").fill(name);
        loginForm().locator("input[name=password]").fill(password);
        loginForm().locator("button[type=submit]").click();
    }

    /** A session cookie of a user made for the test, with {@code role}. */
    private Cookie cookieOf(String name, Role role) {
        if (live.dam().users().list().stream().noneMatch(u -> u.name().equals(name))) {
            live.dam().users().add(name, role, LiveServer.PASSWORD, Principal.commandLine(), null);
        }
        String token = live.dam().sessions().login(name, LiveServer.PASSWORD, "127.0.0.1", "tests").token();
        return new Cookie("dam_session", token).setUrl(fx.url("/"));
    }

    /** The media folder as a library root (the scan page lists it); the paths of all roots. */
    private static List<String> roots() {
        assertThat(live.post("/api/v1/roots", "{\"path\":" + LiveServer.quote(live.mediaDir().toString()) + "}").statusCode()).isBetween(200, 201);
        List<String> paths = new ArrayList<>();
        for (JsonNode r : live.getJson("/api/v1/roots")) paths.add(r.get("path").asText());
        return paths;
    }

    @Test
    void theFirstRunShowsTheSetupFormWhichCreatesTheAdminAndLogsIn() {
        newAnonymousPage(1280, 860);
        page.navigate(fresh.url("/#/library"));
        Locator setup = page.locator("#setup-form");
        setup.waitFor();
        assertThat(page.url()).endsWith("#/setup");
        assertThat(page.locator(".nav").isVisible()).as("no navigation before the setup").isFalse();
        fx.screenshot(page, "setup");

        setup.locator("input[name=username]").fill("ada");
        setup.locator("input[name=password]").fill("short");
        assertThat(setup.locator(".strength").textContent()).contains("Too short");
        setup.locator("input[name=password]").fill("a long and quiet river");
        setup.locator("input[name=password2]").fill("a long and different river");
        setup.locator("button[type=submit]").click();
        assertThat(setup.locator(".form-status").textContent()).contains("differ");
        assertThat(fresh.dam().users().needsSetup()).isTrue();

        setup.locator("input[name=password2]").fill("a long and quiet river");
        setup.locator("button[type=submit]").click();
        page.locator(".grid .card").first().waitFor();
        assertThat(page.url()).endsWith("#/library");
        assertThat(page.locator("#user-name").textContent()).isEqualTo("ada");
        assertThat(page.locator("#user-role").textContent()).isEqualTo("admin");
        page.waitForSelector("#conn[data-state=open]");
        assertThat(fresh.dam().users().list()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("ada");
            assertThat(u.role()).isEqualTo(Role.ADMIN);
        });
    }

    @Test
    void throughAProxyTheFirstRunSaysWhereTheAdminIsCreated() {
        newAnonymousPage(1280, 860);
        context.setExtraHTTPHeaders(java.util.Map.of("X-Forwarded-For", "203.0.113.5"));
        page.navigate(proxied.url("/#/library"));
        page.getByText("Its first admin can only be created on the server's machine.").waitFor();
        assertThat(page.locator("#setup-form").count()).isZero();
        assertThat(page.locator("main").innerText()).contains("dam users add NAME --role admin --password-stdin");
        assertThat(proxied.dam().users().needsSetup()).isTrue();
    }

    @Test
    void loggingInReturnsToTheAskedPageAndLoggingOutShowsTheLoginAgain() {
        newAnonymousPage(1280, 860);
        page.navigate(fx.url("/#/batches"));
        loginForm().waitFor();
        assertThat(page.url()).contains("#/login?next=");
        logIn(LiveServer.ADMIN, LiveServer.PASSWORD);
        page.locator(".page-batches h1").waitFor();
        assertThat(page.url()).endsWith("#/batches");
        page.waitForSelector("#conn[data-state=open]");

        // the user menu, by keyboard: the button opens it, the arrows move, Escape closes it
        page.locator("#user-button").focus();
        page.keyboard().press("ArrowDown");
        assertThat(page.locator("#user-menu-list").isVisible()).isTrue();
        assertThat(page.evaluate("() => document.activeElement.textContent")).isEqualTo("Account");
        page.keyboard().press("Escape");
        assertThat(page.locator("#user-menu-list").isVisible()).isFalse();
        assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("user-button");

        page.locator("#user-button").click();
        page.locator("#logout").click();
        loginForm().waitFor();
        assertThat(page.locator("#conn").getAttribute("data-state")).isEqualTo("off");
        assertThat(context.cookies(fx.url("/"))).noneMatch(c -> c.name.equals("dam_session") && !c.value.isEmpty());
        // the session is over on the server too: a reload asks for the login again
        page.navigate(fx.url("/#/jobs"));
        page.reload();
        loginForm().waitFor();
        assertThat(page.url()).contains("next=%2Fjobs");
    }

    @Test
    void aWrongPasswordShowsTheServersMessage() {
        newAnonymousPage(1280, 860);
        page.navigate(fx.url("/#/library"));
        loginForm().waitFor();
        Response r = page.waitForResponse(x -> x.url().endsWith("/api/v1/auth/login"), () -> logIn(LiveServer.ADMIN, "not the password"));
        assertThat(r.status()).isEqualTo(401);
        String message = LiveServer.parse(r.text()).get("error").get("message").asText();
        Locator status = loginForm().locator(".form-status");
        page.waitForCondition(() -> !status.textContent().isEmpty());
        assertThat(status.textContent()).isEqualTo(message).contains("wrong user name or password");
        assertThat(page.url()).contains("#/login");
    }

    @Test
    void aViewerSeesNoEditButtonsAndIsToldWhenForced() {
        newAnonymousPage(1280, 860);
        context.addCookies(List.of(cookieOf("vera", Role.VIEWER)));
        long id = live.idOf("trip/clip.mp4");
        String title = live.getJson("/api/v1/assets/" + id).get("title").asText();
        page.navigate(fx.url("/#/asset/" + id));
        page.locator(".edit-form input[name=title]").waitFor();
        assertThat(page.locator("#user-role").textContent()).isEqualTo("viewer");
        assertThat(page.locator(".edit-form button[type=submit]").isVisible()).isFalse();
        assertThat(page.locator(".edit-form input[name=title]").isEditable()).isFalse();
        assertThat(page.locator(".danger-zone").isVisible()).isFalse();
        assertThat(page.locator("[data-regen]").first().isVisible()).isFalse();
        assertThat(page.locator(".proc-form").first().isVisible()).isFalse();

        // forced: the form submitted anyway is refused by the server, and the page says why
        page.evaluate("() => document.querySelector('.edit-form').requestSubmit()");
        Locator status = page.locator(".edit-form .form-status.error-text");
        status.waitFor();
        assertThat(status.textContent()).startsWith("Your role does not allow this").contains("editor");
        assertThat(live.getJson("/api/v1/assets/" + id).get("title").asText()).isEqualTo(title);

        roots();
        page.navigate(fx.url("/#/scan"));
        page.locator(".root-row").first().waitFor();
        assertThat(page.locator("#scan-all").isVisible()).isFalse();
        assertThat(page.locator(".root-row button").first().isVisible()).isFalse();
        assertThat(page.locator("input[name=path]").isVisible()).isFalse();

        page.locator("#user-button").click();
        assertThat(page.locator("#user-menu-list a[href='#/users']").isVisible()).isFalse();
        page.navigate(fx.url("/#/users"));
        assertThat(page.locator("[role=alert]").first().textContent()).contains("Your role does not allow this");
    }

    @Test
    void aPageOfAnotherOriginCannotActWithTheSession() {
        List<String> before = roots();
        String roots = fx.url("/api/v1/roots");
        String html = "<!doctype html><p id=done></p>"
                    + "<form method=POST action=\"" + roots + "\" enctype=\"text/plain\" target=sink>"
                    + "<input name='{\"path\":\"/\",\"x\":\"' value='\"}'></form><iframe name=sink></iframe>"
                    + "<script>fetch('" + roots + "', {method: 'POST', credentials: 'include', headers: {'Content-Type': 'text/plain'},"
                    + " body: '{\"path\":\"/\"}'}).then(r => r.status, e => 'blocked').then(s => { document.getElementById('done').textContent = s;"
                    + " document.forms[0].submit(); });</script>";
        try (OtherOrigin other = OtherOrigin.serving(path -> html)) {
            List<Response> answers = Collections.synchronizedList(new ArrayList<>());
            newPage(1280, 860); // logged in as the admin
            page.onResponse(r -> {
                if (r.url().equals(roots) && r.request().method().equals("POST")) answers.add(r);
            });
            page.navigate(fx.url("/#/scan"));
            page.locator(".root-row").first().waitFor(); // the session works on our own page
            page.navigate(other.url("/"));
            // the fetch learns nothing (no CORS grant: the browser hides even the status) …
            page.waitForCondition(() -> !page.locator("#done").textContent().isEmpty());
            assertThat(page.locator("#done").textContent()).isEqualTo("blocked");
            // … and the form's POST, whose answer the browser does show, is refused
            page.waitForCondition(() -> !answers.isEmpty());
            assertThat(answers).singleElement().satisfies(r -> assertThat(r.status()).isIn(403, 415));
        }
        List<String> after = new ArrayList<>();
        for (JsonNode r : live.getJson("/api/v1/roots")) after.add(r.get("path").asText());
        assertThat(after).doesNotContain("/").isEqualTo(before);
        assertThat(live.getJson("/api/v1/scans").toString()).as("scans").doesNotContain("\"/\"");
    }

    @Test
    void theAccountPageEndsSessionsMakesAKeyShownOnceAndChangesThePassword() {
        newAnonymousPage(1280, 860);
        context.addCookies(List.of(cookieOf("otto", Role.EDITOR)));
        live.dam().sessions().login("otto", LiveServer.PASSWORD, "192.0.2.7", "another browser");
        page.navigate(fx.url("/#/library"));
        page.locator("#user-button").click();
        page.locator("#user-menu-list a[href='#/account']").click();
        Locator sessions = page.locator("#sessions tbody tr");
        page.waitForCondition(() -> sessions.count() == 2);
        assertThat(page.locator("#sessions").textContent()).contains("this browser").contains("192.0.2.7");
        page.locator("#sessions button").click(); // the other browser's
        page.locator("dialog button[value=ok]").click();
        page.waitForCondition(() -> sessions.count() == 1);
        fx.screenshot(page, "account");
        assertThat(live.dam().sessions().list("otto", Principal.commandLine())).hasSize(1);

        // a key: its role offers no more than the user's, it is shown once, it works until revoked
        Locator form = page.locator("#apikey-form");
        assertThat(form.locator("select[name=role] option").allTextContents()).containsExactly("viewer", "editor");
        form.locator("input[name=name]").fill("backup script");
        form.locator("button[type=submit]").click();
        String key = page.locator(".new-key code.secret").textContent();
        assertThat(key).startsWith("dam_");
        Locator row = page.locator(".api-keys tbody tr", new Page.LocatorOptions().setHasText("backup script"));
        row.waitFor();
        assertThat(row.textContent()).contains("viewer").doesNotContain(key);
        assertThat(bearerGet(key)).isEqualTo(200);
        row.locator("button").click();
        page.locator("dialog button[value=ok]").click();
        row.locator(".pill", new Locator.LocatorOptions().setHasText("revoked")).waitFor();
        assertThat(bearerGet(key)).isEqualTo(401);

        // a new password: a wrong current one is refused with the server's message, then it changes
        Locator pw = page.locator("#password-form");
        pw.locator("input[name=currentPassword]").fill("not my password");
        pw.locator("input[name=password]").fill("a brand new password");
        pw.locator("input[name=password2]").fill("a brand new password");
        pw.locator("button[type=submit]").click();
        pw.locator(".form-status.error-text").waitFor();
        pw.locator("input[name=currentPassword]").fill(LiveServer.PASSWORD);
        pw.locator("button[type=submit]").click();
        pw.locator(".form-status.ok").waitFor();
        assertThat(live.dam().sessions().login("otto", "a brand new password", "127.0.0.1", "tests").user().name()).isEqualTo("otto");
    }

    private static int bearerGet(String key) {
        return live.sendAnonymous(java.net.http.HttpRequest.newBuilder(live.uri("/api/v1/assets?limit=1"))
                .header("Authorization", "Bearer " + key).GET()).statusCode();
    }

    @Test
    void anAdminManagesUsersAndReadsTheAuditLog() {
        open("#/library", 1280, 860);
        page.locator("#user-button").click();
        page.locator("#user-menu-list a[href='#/users']").click();
        page.locator("#users tr[data-user=admin]").waitFor();
        assertThat(page.locator("#users tr[data-user=admin] button", new Page.LocatorOptions().setHasText("Remove")).count())
                .as("no removing oneself").isZero();

        Locator add = page.locator("#add-user-form");
        add.locator("input[name=username]").fill("uma");
        add.locator("select[name=role]").selectOption("editor");
        add.locator("input[name=password]").fill("uma's fine password");
        add.locator("input[name=password2]").fill("uma's fine password");
        add.locator("button[type=submit]").click();
        Locator uma = page.locator("#users tr[data-user=uma]");
        uma.waitFor();
        page.locator("#user-button").click();
        fx.screenshot(page, "users");
        page.keyboard().press("Escape");
        assertThat(live.dam().users().user("uma").role()).isEqualTo(Role.EDITOR);

        uma.locator("select").selectOption("viewer");
        page.locator("dialog button[value=ok]").click();
        page.waitForCondition(() -> live.dam().users().user("uma").role() == Role.VIEWER);

        uma.locator("button", new Locator.LocatorOptions().setHasText("New password")).click();
        page.locator("dialog input[name=password]").fill("uma's newer password");
        page.locator("dialog input[name=password2]").fill("uma's newer password");
        page.locator("dialog button[value=ok]").click();
        page.locator(".toast-ok", new Page.LocatorOptions().setHasText("New password set for uma")).waitFor();
        assertThat(live.dam().sessions().login("uma", "uma's newer password", "127.0.0.1", "tests").user().role()).isEqualTo(Role.VIEWER);

        uma.locator("button", new Locator.LocatorOptions().setHasText("Remove")).click();
        page.locator("dialog button[value=ok]").click();
        uma.waitFor(new Locator.WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
        assertThat(live.dam().users().list()).noneMatch(u -> u.name().equals("uma"));

        // the audit log, newest first, filtered by action
        page.locator(".page-head a[href='#/audit']").click();
        Locator rows = page.locator("#audit tbody tr");
        rows.first().waitFor();
        List<String> actions = rows.locator("td:nth-child(3)").allTextContents();
        assertThat(actions.subList(0, 4)).containsExactly("user.remove", "login", "user.passwd", "user.role");
        assertThat(actions).contains("user.add");
        fx.screenshot(page, "audit");
        page.locator("#audit-filters select[name=action] option[value='user.role']").waitFor(
                new Locator.WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
        page.locator("#audit-filters select[name=action]").selectOption("user.role");
        page.locator("#audit-filters input[name=user]").fill("admin");
        page.locator("#audit-filters button[type=submit]").click();
        page.waitForCondition(() -> page.url().contains("action=user.role"));
        page.waitForCondition(() -> rows.count() == 1 && rows.first().textContent().contains("user.role"));
        assertThat(rows.first().locator("td:nth-child(4)").textContent()).isEqualTo("uma");
    }
}
