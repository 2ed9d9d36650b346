package org.thatdam.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.lucene.search.MatchAllDocsQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryLanguageTest {

    private static QueryException error(String q) {
        try {
            QueryLanguage.parse(q).keyword();
        } catch (QueryException e) {
            return e;
        }
        throw new AssertionError("no QueryException for: " + q);
    }

    @Test
    void emptyAndStarMatchEverything() {
        assertThat(QueryLanguage.parse("").query()).isInstanceOf(MatchAllDocsQuery.class);
        assertThat(QueryLanguage.parse("   ").query()).isInstanceOf(MatchAllDocsQuery.class);
        assertThat(QueryLanguage.parse("*").query()).isInstanceOf(MatchAllDocsQuery.class);
        assertThat(QueryLanguage.parse(null).query()).isInstanceOf(MatchAllDocsQuery.class);
        assertThat(QueryLanguage.parse("*").scoring()).isFalse();
    }

    @Test
    void wordsScoreFiltersDoNot() {
        assertThat(QueryLanguage.parse("sunset").scoring()).isTrue();
        assertThat(QueryLanguage.parse("kind:video duration:>60").scoring()).isFalse();
        assertThat(QueryLanguage.parse("-draft").scoring()).isFalse();
        assertThat(QueryLanguage.parse("kind:video (beach OR sunset)").scoring()).isTrue();
    }

    @Test
    void phrasesOfThreeWordsAndMultiPartWordsReadPositions() {
        assertThat(QueryLanguage.parse("sunset beach").positional()).isFalse();
        assertThat(QueryLanguage.parse("\"screen recording\"").positional()).isFalse();   // one word pair
        assertThat(QueryLanguage.parse("\"screen recording at\"").positional()).isTrue();
        assertThat(QueryLanguage.parse("kind:video -vtest.avi").positional()).isFalse();   // exact: one pair
        assertThat(QueryLanguage.parse("vtest.avi").positional()).isTrue();                // prefix phrase
    }

    @Test
    void anUnknownCustomFieldIsRefusedNamingTheFieldsThereAre() {
        int[] asked = {0};
        java.util.function.Supplier<java.util.List<String>> names = () -> {
            asked[0]++;
            return java.util.List.of("client", "budget");
        };
        QueryLanguage.parse("kind:video sunset", t -> java.util.Optional.empty(), names);
        assertThat(asked[0]).as("a query naming no field reads no definitions").isZero();
        QueryLanguage.parse("field:client:acme field:budget:>=10 -field:client=x", t -> java.util.Optional.empty(), names);
        assertThat(asked[0]).as("read once a query").isEqualTo(1);
        assertThatThrownBy(() -> QueryLanguage.parse("clip field:NoSuch:1", t -> java.util.Optional.empty(), names))
                .isInstanceOf(QueryException.class)
                .hasMessage("unknown field 'nosuch' at 5 (fields: client, budget)");
        assertThatThrownBy(() -> QueryLanguage.parse("field:x=1", t -> java.util.Optional.empty(), java.util.List::<String>of))
                .hasMessage("unknown field 'x' at 0 (no custom fields are defined)");
    }

    @Test
    void unbalancedQuoteNamesTheOpeningQuote() {
        QueryException e = error("kind:video \"sunset beach");
        assertThat(e.getMessage()).startsWith("unbalanced quote at 11");
        assertThat(e.position()).isEqualTo(11);
        assertThat(error("batch:\"Screen Records").position()).isEqualTo(6);
        assertThat(error("12\" vinyl").position()).isEqualTo(2);
    }

    @Test
    void unknownFieldListsTheFields() {
        QueryException e = error("foo:bar");
        assertThat(e.getMessage()).startsWith("unknown field 'foo' at 0 (fields: kind, status, codec, container");
        assertThat(e.position()).isZero();
        assertThat(error("sunset a:").getMessage()).startsWith("unknown field 'a' at 7");
    }

    @Test
    void fieldWithoutValue() {
        QueryException e = error("kind:");
        assertThat(e.getMessage()).isEqualTo("expected a value after 'kind:' at 5");
        assertThat(error("x KIND: y").position()).isEqualTo(7);
        assertThat(error("batch:\"\"").getMessage()).startsWith("expected a value after 'batch:\"\"'");
        assertThat(error("tag:,,").getMessage()).startsWith("expected a value after 'tag:'");
    }

    @Test
    void badNumbers() {
        QueryException e = error("duration:>abc");
        assertThat(e.getMessage()).isEqualTo("expected a number after 'duration:>' at 10");
        assertThat(e.position()).isEqualTo(10);
        assertThat(error("width:>=19.5").getMessage()).isEqualTo("expected a whole number after 'width:>=' at 8");
        assertThat(error("duration:10..x").getMessage()).isEqualTo("expected a number after 'duration:10..' at 13");
        assertThat(error("duration:..").getMessage()).startsWith("expected a number after 'duration:'");
        assertThat(error("fps:>NaN").getMessage()).startsWith("expected a number after 'fps:>'");
        assertThat(error("width:99999999999").getMessage()).startsWith("number out of range at 6");
        assertThat(error("size:>99999999tb").getMessage()).startsWith("number out of range at 6");
        assertThat(error("size:>5zb").getMessage()).startsWith("unknown size unit 'zb' at 7");
        assertThat(error("duration:>5y").getMessage()).startsWith("unknown duration unit 'y' at 11");
    }

    @Test
    void badDates() {
        QueryException e = error("created:2024-13");
        assertThat(e.getMessage()).isEqualTo("invalid date '2024-13' at 8 (expected YYYY, YYYY-MM or YYYY-MM-DD)");
        assertThat(error("created:2023-02-29").position()).isEqualTo(8);
        assertThat(error("created:>=yesterday").getMessage()).startsWith("invalid date 'yesterday' at 10");
        assertThat(error("created:2024..2024-1x").position()).isEqualTo(14);
        assertThat(error("year:2024-01").getMessage()).startsWith("invalid year '2024-01' at 5 (expected YYYY)");
    }

    @Test
    void unknownEnumeratedValues() {
        assertThat(error("kind:movie").getMessage()).isEqualTo("unknown kind 'movie' at 5 (expected video, audio, image, other)");
        assertThat(error("status:broken").getMessage()).startsWith("unknown status 'broken' at 7");
        assertThat(error("res:8k").getMessage()).startsWith("unknown resolution '8k' at 4");
        assertThat(error("kind:video,film").position()).isEqualTo(11);
    }

    @Test
    void parentheses() {
        assertThat(error("((((").getMessage()).startsWith("missing ')' for the '(' at 3");
        assertThat(error("(a OR b").getMessage()).startsWith("missing ')' for the '(' at 0");
        assertThat(error("a)").getMessage()).startsWith("unexpected ')' at 1");
        assertThat(error("(".repeat(40) + "a" + ")".repeat(40)).getMessage())
                .startsWith("parentheses nested too deeply at 32");
        assertThat(QueryLanguage.parse("((a))").scoring()).isTrue();
        assertThat(QueryLanguage.parse("()").query()).isInstanceOf(MatchAllDocsQuery.class);
    }

    @Test
    void tooManyTermsAndHugeQueries() {
        assertThat(error("a ".repeat(100)).getMessage()).startsWith("too many search terms at 128 (at most 64)");
        assertThat(error("x".repeat(2001)).getMessage()).startsWith("query is too long: 2001 characters");
        assertThat(error("a.".repeat(40)).getMessage()).startsWith("too many words in one term at 0");
        assertThat(error("codec:" + "h264,".repeat(100)).getMessage()).startsWith("too many search terms at 326");
        // 2000 characters that are harmless
        QueryLanguage.parse("-".repeat(1999) + "a");
        QueryLanguage.parse("\"" + "x".repeat(1998) + "\"");
        QueryLanguage.parse("!".repeat(2000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "-", "&&", "||", "!", "{", "}", "[", "]", "^", "~", "*", "?", ":", "\\", "/",
            "a+b", "a-b", "a&&b", "a||b", "!a", "a!", "{a}", "[a TO b]", "a^2", "a~", "a~0.8", "a*", "a?", "a:b:c",
            "\\a", "a/b", "/regex/", "-", "- a", "a -", "OR", "AND", "NOT", "a OR", "OR a", "a AND AND b", "NOT NOT a",
            "--a", "+-a", "+", "*:*", "a* b* *", ":", "::", ":a", "12:30", "\u0000", "a\u0007b", "\t\n\r", "\u200B",
            "\uD800", "\uDFFF a", "kind:video,", "tag:*", "codec:h26*", "ext:.mov"})
    void specialCharactersNeverCrash(String q) {
        try {
            QueryLanguage.parse(q);
        } catch (QueryException e) {
            assertThat(e.position()).isBetween(0, q.length());
        }
    }
}
