package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;

class ApiKeysCliTest {

    @TempDir Path tmp;
    CliRunner dam;

    @BeforeEach
    void library() {
        dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.runWithStdin("password one\n", "users", "add", "root", "--role", "admin", "--password-stdin").code()).isZero();
        assertThat(dam.runWithStdin("password one\n", "users", "add", "ed", "--role", "editor", "--password-stdin").code()).isZero();
    }

    @Test
    void aKeyIsPrintedOnceAuthenticatesAndStopsWhenRevoked() {
        CliRunner.Result r = dam.run("apikeys", "create", "--user", "ed", "--role", "viewer", "--expires", "90d", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode created = r.json();
        long id = created.get("id").asLong();
        String key = created.get("key").asText();
        assertThat(key).startsWith("dam_");
        assertThat(Instant.parse(created.get("expiresAt").asText())).isBetween(Instant.now().plus(Duration.ofDays(89)),
                Instant.now().plus(Duration.ofDays(91)));

        CliRunner.Result list = dam.run("apikeys", "list", "--json");
        assertThat(list.out()).doesNotContain(key).contains(key.substring(0, 12));
        assertThat(list.json().get(0).get("role").asText()).isEqualTo("viewer");
        assertThat(dam.run("apikeys", "list", "--user", "root", "--json").json()).isEmpty();
        assertThat(dam.run("apikeys", "list").out()).contains("active").contains(key.substring(0, 12) + "…");

        try (Dam d = dam.open()) {
            assertThat(d.apiKeys().authenticate(key)).contains(new Principal("ed", Role.VIEWER, Principal.Via.API_KEY, id));
        }
        assertThat(dam.run("apikeys", "list", "--json").json().get(0).get("lastUsedAt").isNull()).isFalse();

        CliRunner.Result revoked = dam.run("apikeys", "revoke", id + "");
        assertThat(revoked.code()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("revoked API key " + id);
        assertThat(dam.run("apikeys", "revoke", id + "").code()).isEqualTo(ExitCodes.of(ErrorCode.CONFLICT));
        try (Dam d = dam.open()) {
            assertThat(d.apiKeys().authenticate(key)).isEmpty();
        }
        assertThat(dam.run("apikeys", "list").out()).contains("revoked");
        assertThat(dam.run("audit", "--user", "ed", "--json").json()).isEmpty();
        assertThat(dam.run("audit", "--json").json().findValuesAsText("action")).startsWith("apikey.revoke", "apikey.create");
    }

    @Test
    void keysNeverExceedTheirUserAndBadArgumentsAreRefusedInWords() {
        CliRunner.Result tooMuch = dam.run("apikeys", "create", "--user", "ed", "--role", "admin", "--json");
        assertThat(tooMuch.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooMuch.err()).contains("more rights than its user");
        assertThat(dam.run("apikeys", "create", "--user", "nobody").code()).isEqualTo(ExitCodes.of(ErrorCode.NOT_FOUND));
        for (String bad : new String[] {"soon", "0d", "-5d", "90", "1y", "9999999d"}) {
            CliRunner.Result r = dam.run("apikeys", "create", "--user", "ed", "--expires", bad);
            assertThat(r.code()).as(bad).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(bad).doesNotContain("Exception");
        }
        CliRunner.Result farOff = dam.run("apikeys", "create", "--user", "ed", "--expires", "999999w");
        assertThat(farOff.code()).as("the service caps expiry, whoever asks").isEqualTo(ExitCodes.USAGE);
        assertThat(farOff.err()).contains("3650 days");
        assertThat(dam.run("apikeys", "revoke", "12345").code()).isEqualTo(ExitCodes.of(ErrorCode.NOT_FOUND));
        CliRunner.Result plain = dam.run("apikeys", "create", "--user", "ed", "--name", "nightly export");
        assertThat(plain.code()).isZero();
        assertThat(plain.out()).contains("(editor)").containsPattern("\ndam_[A-Za-z0-9_-]{43}\n");
    }
}
