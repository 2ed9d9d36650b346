package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.TestMedia;

class SearchCliTest {

    @Test
    void aMatchSaysWhere() {
        assertThat(SearchCommand.at(new org.thatdam.search.SearchMatch(42.4, 51.9, "Q3 roadmap", 7)))
                .isEqualTo("at 0:42–0:51 “Q3 roadmap”");
        assertThat(SearchCommand.at(new org.thatdam.search.SearchMatch(3725, 3730, null, 7))).isEqualTo("at 1:02:05–1:02:10");
    }

    @TempDir Path tmp;

    @Test
    void searchReindexAndErrors() {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media.resolve("Screen Records"), "vtest.mp4");
        TestMedia.copy(TestMedia.mkv(), media.resolve("Screen Records"), "ScreenRecording_2024-01-05.mkv");
        TestMedia.copy(TestMedia.mp3(), media.resolve("Audio"), "tone.mp3");
        CliRunner.age(media);
        CliRunner dam = new CliRunner(tmp.resolve("home"));
        dam.run("scan", media.toString());

        CliRunner.Result r = dam.run("search", "vtes", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("total").asInt()).isEqualTo(1);
        JsonNode hit = j.get("items").get(0);
        for (String f : new String[] {"id", "path", "kind", "durationSec", "score"}) assertThat(hit.has(f)).as(f).isTrue();
        assertThat(hit.get("path").asText()).endsWith("vtest.mp4");
        assertThat(j.has("facets")).isTrue();
        assertThat(j.has("tookMs")).isTrue();

        assertThat(dam.run("search", "recording", "2024", "--json").json().get("total").asInt()).isEqualTo(1);
        JsonNode videos = dam.run("search", "kind:video", "--sort", "name", "--json").json();
        assertThat(videos.get("total").asInt()).isEqualTo(2);
        assertThat(videos.get("facets").get("batch").get(0).get("value").asText()).isEqualTo("Screen Records");
        String human = dam.run("search", "kind:audio", "--facets").out();
        assertThat(human).contains("tone.mp3").contains("1 match(es), by newest").contains("kind: audio 1");
        assertThat(human.lines().findFirst().orElseThrow()).as("no score column unless asked for").doesNotContain("score");
        String scored = dam.run("search", "vtes", "--score").out();
        assertThat(scored.lines().findFirst().orElseThrow()).contains("score");
        assertThat(scored).contains("by relevance");
        // facet selections: OR within a facet
        JsonNode either = dam.run("search", "--filter", "kind:audio kind:video", "--json").json();
        assertThat(either.get("total").asInt()).isEqualTo(3);
        assertThat(either.get("sort").asText()).isEqualTo("newest");
        CliRunner.Result badFilter = dam.run("search", "--filter", "colour:red");
        assertThat(badFilter.code()).isEqualTo(2);
        assertThat(badFilter.err()).startsWith("dam: ").contains("unknown facet 'colour'");

        CliRunner.Result bad = dam.run("search", "\"unbalanced");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("dam: ").contains("quote");
        assertThat(dam.run("search", "x", "--sort", "sideways").err()).contains("sideways");

        // modes: hybrid by default; without vectors semantic finds nothing and hybrid is keyword search
        assertThat(hit.get("matches").isArray()).isTrue();
        assertThat(dam.run("search", "vtes", "--keyword", "--json").json().get("total").asInt()).isEqualTo(1);
        assertThat(dam.run("search", "vtes", "--mode", "HYBRID", "--json").json().get("total").asInt()).isEqualTo(1);
        assertThat(dam.run("search", "vtes", "--semantic", "--json").json().get("total").asInt()).isZero();
        CliRunner.Result both = dam.run("search", "vtes", "--semantic", "--keyword");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--semantic, --keyword and --mode exclude each other");
        assertThat(dam.run("search", "vtes", "--mode", "fuzzy").err())
                .contains("unknown search mode 'fuzzy' (modes: keyword, semantic, hybrid)");
        assertThat(dam.run("search", "similar:x").err()).contains("expected similar:ID or similar:scene:ID");

        // saved searches: made for an account, listed, deleted
        assertThat(dam.runWithStdin("a long password\n", "users", "add", "ann", "--role", "viewer", "--password-stdin").code()).isZero();
        CliRunner.Result saved = dam.run("search", "--save", "Tones", "--user", "ann", "--filter", "kind:audio", "tone");
        assertThat(saved.code()).as(saved.err()).isZero();
        assertThat(saved.out()).contains("'Tones' for ann");
        assertThat(dam.run("search", "--save", "Tones", "tone").err()).contains("--save needs --user");
        assertThat(dam.run("search", "--save", "Bad", "--user", "ann", "\"open").code()).isEqualTo(2);
        JsonNode list = dam.run("saved-searches", "list", "--user", "ann", "--json").json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("query").asText()).isEqualTo("tone");
        assertThat(list.get(0).get("filter").asText()).isEqualTo("kind:audio");
        assertThat(dam.run("saved-searches", "list", "--user", "ann").out()).contains("Tones").contains("kind:audio");
        assertThat(dam.run("saved-searches", "delete", list.get(0).get("id").asText()).code()).isZero();
        assertThat(dam.run("saved-searches", "list", "--user", "ann", "--json").json()).isEmpty();
        assertThat(dam.run("saved-searches", "delete", "987").code()).isEqualTo(3);

        CliRunner.Result re = dam.run("reindex");
        assertThat(re.code()).as(re.err()).isZero();
        assertThat(re.out()).contains("indexed 3 asset(s)");
    }
}
