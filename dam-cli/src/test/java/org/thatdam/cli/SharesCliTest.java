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
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.ErrorCode;

class SharesCliTest {

    @TempDir Path tmp;
    CliRunner dam;
    long clip;

    @BeforeEach
    void library() {
        Path media = tmp.resolve("footage");
        TestMedia.copy(TestMedia.h264Mp4(), media.resolve("Trip"), "clip.mp4");
        TestMedia.copy(TestMedia.png(), media.resolve("Trip"), "frame.png");
        CliRunner.age(media);
        dam = new CliRunner(tmp.resolve("home"));
        CliRunner.Result scan = dam.run("scan", media.toString());
        assertThat(scan.code()).as(scan.err()).isZero();
        clip = dam.run("show", media.resolve("Trip/clip.mp4").toString(), "--json").json().path("id").asLong();
        assertThat(clip).isPositive();
    }

    @Test
    void linksAreCreatedListedAndRevoked() {
        CliRunner.Result r = dam.run("shares", "create", "--asset", clip + "", "--expires", "7d", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode created = r.json();
        String token = created.path("share").path("token").asText();
        assertThat(created.path("url").asText()).isEqualTo("/share.html#" + token);
        assertThat(created.path("share").path("assetId").asLong()).isEqualTo(clip);
        assertThat(Instant.parse(created.path("share").path("expiresAt").asText()))
                .isBetween(Instant.now().plus(Duration.ofDays(6)), Instant.now().plus(Duration.ofDays(8)));

        CliRunner.Result batch = dam.runWithStdin("open sesame\n", "shares", "create", "--batch", "Trip", "--password-stdin");
        assertThat(batch.code()).as(batch.err()).isZero();
        assertThat(batch.out()).contains("batch 'Trip'").contains("with a password").containsPattern("\n/share\\.html#[A-Za-z0-9_-]{43}\n");

        JsonNode list = dam.run("shares", "list", "--json").json();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("batch").asText()).isEqualTo("Trip");
        assertThat(list.get(0).path("password").asBoolean()).isTrue();
        assertThat(list.toString()).doesNotContain("argon2");
        assertThat(dam.run("shares", "list").out()).contains("live").contains("batch Trip").contains(token);
        JsonNode page = dam.run("shares", "list", "--limit", "1", "--offset", "1", "--json").json();
        assertThat(page).hasSize(1);
        assertThat(page.get(0).path("token").asText()).isEqualTo(token);
        assertThat(dam.run("shares", "list", "--limit", "1001").code()).isEqualTo(ExitCodes.USAGE);

        long id = created.path("share").path("id").asLong();
        CliRunner.Result revoked = dam.run("shares", "revoke", id + "");
        assertThat(revoked.code()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("revoked share link " + id);
        assertThat(dam.run("shares", "revoke", id + "").code()).isEqualTo(ExitCodes.of(ErrorCode.CONFLICT));
        assertThat(dam.run("shares", "list").out()).contains("revoked");
        try (Dam d = dam.open()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.shares().open(token, null))
                    .hasMessage("this link does not exist, has expired or was revoked");
        }
        assertThat(dam.run("audit", "--json").json().findValuesAsText("action"))
                .startsWith("share.revoke", "share.create", "share.create");
    }

    @Test
    void badArgumentsAreRefusedInWords() {
        for (String[] args : new String[][] {{"shares", "create"}, {"shares", "create", "--asset", clip + "", "--batch", "Trip"},
                {"shares", "create", "--asset", clip + "", "--expires", "soon"}, {"shares", "create", "--asset", clip + "", "--expires", "0d"}}) {
            CliRunner.Result r = dam.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(String.join(" ", args)).doesNotContain("Exception").isNotBlank();
        }
        assertThat(dam.run("shares", "create", "--asset", "987654").code()).isEqualTo(ExitCodes.of(ErrorCode.NOT_FOUND));
        assertThat(dam.run("shares", "create", "--batch", "nope").code()).isEqualTo(ExitCodes.of(ErrorCode.NOT_FOUND));
        CliRunner.Result shortPassword = dam.runWithStdin("short\n", "shares", "create", "--asset", clip + "", "--password-stdin");
        assertThat(shortPassword.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(shortPassword.err()).contains("at least 8 characters");
        assertThat(dam.run("shares", "revoke", "12345").code()).isEqualTo(ExitCodes.of(ErrorCode.NOT_FOUND));
    }
}
