package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

class UsersCliTest {

    @TempDir Path tmp;
    CliRunner dam;

    @BeforeEach
    void library() {
        dam = new CliRunner(tmp.resolve("home"));
    }

    @Test
    void theFirstAdminIsCreatedFromAScriptAndCanLogIn() {
        CliRunner.Result r = dam.runWithStdin("first admin pw\n", "users", "add", "alice", "--role", "admin", "--password-stdin");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("added user 'alice' (admin)");
        JsonNode list = dam.run("users", "list", "--json").json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("name").asText()).isEqualTo("alice");
        assertThat(list.get(0).get("role").asText()).isEqualTo("admin");
        assertThat(list.toString()).doesNotContain("argon2").doesNotContain("first admin pw");
        try (Dam d = dam.open()) {
            assertThat(d.users().needsSetup()).isFalse();
            assertThat(d.sessions().login("alice", "first admin pw", "127.0.0.1", null).user().name()).isEqualTo("alice");
        }
    }

    @Test
    void passwdRoleAndRemoveWorkAndRefuseInWordsWithExitCodes() {
        assertThat(dam.runWithStdin("password one\r\n", "users", "add", "root", "--role", "admin", "--password-stdin").code()).isZero();
        assertThat(dam.runWithStdin("password one", "users", "add", "ed", "--role", "editor", "--password-stdin").code()).isZero();

        CliRunner.Result dup = dam.runWithStdin("password one\n", "users", "add", "ED", "--role", "viewer", "--password-stdin");
        assertThat(dup.code()).isEqualTo(ExitCodes.of(ErrorCode.CONFLICT));
        assertThat(dup.err()).contains("already exists").doesNotContain("Exception");
        CliRunner.Result badRole = dam.runWithStdin("password one\n", "users", "add", "x", "--role", "god", "--password-stdin");
        assertThat(badRole.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badRole.err()).contains("unknown role 'god'");
        CliRunner.Result shortPw = dam.runWithStdin("short\n", "users", "add", "x", "--role", "viewer", "--password-stdin");
        assertThat(shortPw.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(shortPw.err()).contains("at least 8 characters");
        CliRunner.Result notUtf8 = dam.runWithStdin("\u00ff", "users", "add", "x", "--role", "viewer", "--password-stdin");
        assertThat(notUtf8.code()).isEqualTo(ExitCodes.USAGE);
        CliRunner.Result noTerminal = dam.run("users", "add", "x", "--role", "viewer");
        assertThat(noTerminal.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTerminal.err()).contains("--password-stdin");

        CliRunner.Result last = dam.run("users", "remove", "root");
        assertThat(last.code()).isEqualTo(ExitCodes.of(ErrorCode.CONFLICT));
        assertThat(last.err()).contains("last admin");
        assertThat(dam.run("users", "role", "root", "viewer").err()).contains("last admin");

        assertThat(dam.runWithStdin("password two\n", "users", "passwd", "ed", "--password-stdin").code()).isZero();
        CliRunner.Result promoted = dam.run("users", "role", "ed", "admin");
        assertThat(promoted.out()).contains("'ed' is now admin");
        assertThat(dam.run("users", "remove", "root").code()).isZero();
        assertThat(dam.run("users", "remove", "root").code()).isEqualTo(ExitCodes.of(ErrorCode.NOT_FOUND));
        assertThat(dam.run("users", "list").out()).contains("ed").contains("admin").doesNotContain("root");

        try (Dam d = dam.open()) {
            assertThat(d.sessions().login("ed", "password two", "127.0.0.1", null).user().role().id()).isEqualTo("admin");
            try {
                d.sessions().login("ed", "password one", "127.0.0.1", null);
                throw new AssertionError("the old password still works");
            } catch (DamException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            }
        }
        JsonNode audit = dam.run("audit", "--json").json();
        assertThat(audit.findValuesAsText("action")).containsExactly("login.failed", "login", "user.remove", "user.role",
                "user.passwd", "user.add", "user.add");
        assertThat(audit.get(2).get("user").isNull()).as("done from the command line").isTrue();
        assertThat(audit.get(2).get("target").asText()).isEqualTo("root");
    }
}
