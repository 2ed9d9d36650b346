package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestCard;

/** Verified imports as jobs over HTTP, their records, and an asset's copy ledger. */
class ImportApiTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    @Test
    void anImportJobCopiesTheCardAndItsRecordAndTheLedgerAreServed() throws Exception {
        TestCard.Card card = TestCard.create(live.tmp().resolve("CARD_API"), 4L << 20);
        Path dest = live.mediaDir().resolve("imports/A001");
        String body = "{\"source\":" + LiveServer.JSON.writeValueAsString(card.root().toString())
                + ",\"destinations\":[" + LiveServer.JSON.writeValueAsString(dest.toString()) + "],\"batch\":\"API day\",\"hashes\":[\"md5\"]}";
        Files.createDirectories(dest.getParent());
        HttpResponse<String> r = live.post("/api/v1/imports", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        long jobId = LiveServer.parse(r.body()).get("id").asLong();
        live.runJobs();
        assertThat(live.awaitJob(jobId).get("state").asText()).isEqualTo("done");

        JsonNode imports = live.getJson("/api/v1/imports");
        JsonNode run = imports.get(0);
        assertThat(run.get("jobId").asLong()).isEqualTo(jobId);
        assertThat(run.get("state").asText()).isEqualTo("done");
        assertThat(run.get("filesDone").asInt()).isEqualTo(TestCard.FILES);
        assertThat(run.get("files").asInt()).isEqualTo(TestCard.FILES);
        assertThat(run.get("hashes")).extracting(JsonNode::asText).containsExactly("xxh64", "md5");
        assertThat(run.get("user").asText()).isEqualTo(LiveServer.ADMIN);
        assertThat(run.get("failures")).isEmpty();

        long asset = live.dam().assets().resolve(dest.resolve(card.clips().get(0)).toString()).asset().id();
        JsonNode ledger = live.getJson("/api/v1/assets/" + asset + "/ledger");
        assertThat(ledger.get("entries")).hasSize(1);
        JsonNode e = ledger.get("entries").get(0);
        assertThat(e.get("sourcePath").asText()).endsWith("CARD_API/" + card.clips().get(0));
        assertThat(e.get("xxh64").asText()).hasSize(16);
        assertThat(e.get("md5").asText()).hasSize(32);
        assertThat(e.get("batch").asText()).isEqualTo("API day");
        assertThat(e.get("user").asText()).isEqualTo(LiveServer.ADMIN);
        assertThat(Files.exists(dest.resolve("ascmhl/ascmhl_chain.xml"))).isTrue();
        // The card's first clip has the content of trip/clip.mp4: one asset, the import is in its ledger;
        // an asset that was not imported has an empty ledger.
        assertThat(live.getJson("/api/v1/assets/" + live.idOf("trip/clip.mp4") + "/ledger").get("entries")).hasSize(1);
        assertThat(live.getJson("/api/v1/assets/" + live.idOf("audio/tone.wav") + "/ledger").get("entries")).isEmpty();
    }

    @Test
    void badRequestsAreRefusedWithPreciseErrors() throws Exception {
        Path card = Files.createDirectories(live.tmp().resolve("CARD_BAD/DCIM"));
        String src = LiveServer.JSON.writeValueAsString(card.getParent().toString());
        LiveServer.assertJsonError("relative source", live.post("/api/v1/imports",
                "{\"source\":\"card\",\"destinations\":[\"/tmp/x\"]}"), 422);
        LiveServer.assertJsonError("no destinations", live.post("/api/v1/imports", "{\"source\":" + src + ",\"destinations\":[]}"), 422);
        LiveServer.assertJsonError("NUL byte", live.post("/api/v1/imports",
                "{\"source\":\"/tmp/a\\u0000b\",\"destinations\":[\"/tmp/x\"]}"), 400);
        LiveServer.assertJsonError("inside the source", live.post("/api/v1/imports", "{\"source\":" + src + ",\"destinations\":["
                + LiveServer.JSON.writeValueAsString(card.toString()) + "]}"), 422);
        LiveServer.assertJsonError("unknown hash", live.post("/api/v1/imports", "{\"source\":" + src + ",\"destinations\":["
                + LiveServer.JSON.writeValueAsString(live.mediaDir().resolve("x").toString()) + "],\"hashes\":[\"crc99\"]}"), 422);
        LiveServer.assertJsonError("missing source", live.post("/api/v1/imports", "{\"source\":\"/no/such/card\",\"destinations\":["
                + LiveServer.JSON.writeValueAsString(live.mediaDir().resolve("x").toString()) + "]}"), 404);
        LiveServer.assertJsonError("no such asset", live.get("/api/v1/assets/987654321/ledger"), 404);
    }
}
