package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;

class AuditCliTest {

    @TempDir Path tmp;

    @Test
    void filtersByUserAndSinceAndRefusesBadTimesInWords() {
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        assertThat(dam.runWithStdin("password one\n", "users", "add", "root", "--role", "admin", "--password-stdin").code()).isZero();
        try (Dam d = dam.open()) {
            d.sessions().login("root", "password one", "192.0.2.7", "curl");
        }
        assertThat(dam.run("audit", "--json").json().findValuesAsText("action")).containsExactly("login", "user.add");
        assertThat(dam.run("audit", "--user", "ROOT", "--json").json().findValuesAsText("address")).containsExactly("192.0.2.7");
        assertThat(dam.run("audit", "--since", "7d", "--json").json()).hasSize(2);
        assertThat(dam.run("audit", "--since", "2999-01-01", "--json").json()).isEmpty();
        assertThat(dam.run("audit", "--since", "2000-01-01T00:00:00Z", "--limit", "1", "--json").json()).hasSize(1);
        String text = dam.run("audit").out();
        assertThat(text).contains("(command line)").contains("user.add").contains("192.0.2.7");
        for (String bad : new String[] {"yesterday", "2026-13-01", "7x", ""}) {
            CliRunner.Result r = dam.run("audit", "--since", bad);
            assertThat(r.code()).as(bad).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(bad).contains("length of time").doesNotContain("Exception");
        }
        assertThat(dam.run("audit", "--limit", "0").code()).isEqualTo(ExitCodes.USAGE);
    }
}
