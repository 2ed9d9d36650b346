package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.Cookie;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.server.LiveServer;

/** The backups page in Chromium: the schedule, "Back up now" followed to done, a refused folder, and admins only. */
class BackupsUiTest extends BrowserPages {

    static final Path OUTSIDE = tempDir();

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(Map.<String, Supplier<Path>>of("frame.png", TestMedia::png))
            .config(ConfigKey.BACKUP_DIR, OUTSIDE.resolve("nightly").toString()).config(ConfigKey.BACKUP_TIME, "02:15").jobsDone();
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("dam-backup-ui-").toRealPath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeOutside() throws IOException {
        try (var s = Files.walk(OUTSIDE)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void anAdminBacksUpNowAndSeesTheBackupListed() {
        live.dam().roots().addRoot(live.mediaDir(), Actor.commandLine());
        open("#/library", 1280, 900);
        page.locator("#user-button").click();
        page.locator("#user-menu-list a[href='#/backups']").click();
        page.locator("#backup-schedule dl").waitFor();
        assertThat(page.locator("#backup-schedule").innerText()).contains(OUTSIDE.resolve("nightly").toString()).contains("02:15")
                .contains("the newest 7");
        assertThat(page.locator("#backup-list").innerText()).contains("No backup in this folder yet.");
        assertThat(page.locator("#backup-to").inputValue()).isEqualTo(OUTSIDE.resolve("nightly").toString());

        // a folder inside a library root is refused, with the server's words
        page.locator("#backup-to").fill(live.mediaDir().resolve("backups").toString());
        page.locator("#backup-now button[type=submit]").click();
        Locator refused = page.locator("#backup-status .error-box");
        refused.waitFor();
        assertThat(page.locator("#backup-status").innerText()).contains("inside the library root");
        assertThat(live.mediaDir().resolve("backups")).doesNotExist();

        page.locator("#backup-to").fill(OUTSIDE.resolve("nightly").toString());
        page.locator("#backup-now button[type=submit]").click();
        page.locator("#backup-status .backup-job[data-state=done]").waitFor();
        page.locator("#backup-list tr[data-backup]").waitFor();
        assertThat(page.locator("#backup-list tr[data-backup]").count()).isEqualTo(1);
        assertThat(page.locator("#backup-list tr[data-backup]").innerText()).contains("1"); // one asset
        fx.screenshot(page, "backups");
        assertThat(policyMessages()).isEmpty();
    }

    @Test
    void theBackupsPageIsForAdminsOnly() {
        if (live.dam().users().list().stream().noneMatch(u -> u.name().equals("eddie"))) {
            live.dam().users().add("eddie", Role.EDITOR, LiveServer.PASSWORD, Principal.commandLine(), null);
        }
        String token = live.dam().sessions().login("eddie", LiveServer.PASSWORD, "127.0.0.1", "tests").token();
        newAnonymousPage(1280, 860);
        context.addCookies(List.of(new Cookie("dam_session", token).setUrl(fx.url("/"))));
        page.navigate(fx.url("/#/library"));
        page.locator("#user-button").click();
        assertThat(page.locator("#user-menu-list a[href='#/backups']").isVisible()).isFalse();
        page.navigate(fx.url("/#/backups"));
        assertThat(page.locator("[role=alert]").first().textContent()).contains("Your role does not allow this");
    }
}
