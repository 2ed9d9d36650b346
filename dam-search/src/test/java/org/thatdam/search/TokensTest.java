package org.thatdam.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void splitsFileNamesOnSeparatorsCaseAndDigits() {
        assertThat(Tokens.split("ScreenRecording_2024-01-05.mov"))
                .containsExactly("screen", "recording", "2024", "01", "05", "mov");
        assertThat(Tokens.split("vtest.avi")).containsExactly("vtest", "avi");
        assertThat(Tokens.split("GX010123.MP4")).containsExactly("gx", "010123", "mp", "4");
        assertThat(Tokens.split("IMG_1234.JPG")).containsExactly("img", "1234", "jpg");
        assertThat(Tokens.split("Screen Recording 2024-03-01 at 10.15.32.mov"))
                .containsExactly("screen", "recording", "2024", "03", "01", "at", "10", "15", "32", "mov");
        assertThat(Tokens.split("/Volumes/Card A/DCIM/100GOPRO")).containsExactly("volumes", "card", "a", "dcim", "100", "gopro");
    }

    @Test
    void splitsCamelCaseAndAcronyms() {
        assertThat(Tokens.split("camelCaseWord")).containsExactly("camel", "case", "word");
        assertThat(Tokens.split("HTTPServer")).containsExactly("http", "server");
        assertThat(Tokens.split("myHTMLFile2")).containsExactly("my", "html", "file", "2");
        assertThat(Tokens.split("ALLCAPS")).containsExactly("allcaps");
        assertThat(Tokens.split("h264 x265 1080p 4K")).containsExactly("h", "264", "x", "265", "1080", "p", "4", "k");
    }

    @Test
    void theJoinedViewKeepsCaseChangesTogether() {
        assertThat(Tokens.split("GoPro HERO9 iPhone", false)).containsExactly("gopro", "hero", "9", "iphone");
        assertThat(Tokens.split("GoPro HERO9 iPhone", true)).containsExactly("go", "pro", "hero", "9", "i", "phone");
        assertThat(Schema.hasCaseSplit("GoPro")).isTrue();
        assertThat(Schema.hasCaseSplit("HTTPServer")).isTrue();
        assertThat(Schema.hasCaseSplit("GOPRO 100GOPRO")).isFalse();
        assertThat(Schema.hasCaseSplit("Screen Recording 2024-01-05.mov")).isFalse();
    }

    @Test
    void lowercasesAndFoldsToAscii() {
        assertThat(Tokens.split("Été à Zürich")).containsExactly("ete", "a", "zurich");
        assertThat(Tokens.split("E\u0301te\u0301")).containsExactly("ete");   // decomposed accents
        assertThat(Tokens.split("Straße Ærø")).containsExactly("strasse", "aero");
        assertThat(Tokens.split("東京 Tokyo")).containsExactly("東京", "tokyo");
    }

    @Test
    void punctuationAndControlCharactersOnlySeparate() {
        assertThat(Tokens.split("+-&&||!(){}[]^\"~*?:\\/")).isEmpty();
        assertThat(Tokens.split("a\u0000b\tc\nd")).containsExactly("a", "b", "c", "d");
        assertThat(Tokens.split("")).isEmpty();
        assertThat(Tokens.split("x".repeat(500))).containsExactly("x".repeat(Tokens.MAX_TOKEN_LENGTH));
        assertThat(Tokens.split("\uD83C\uDFAC clip \uD800")).containsExactly("clip");   // emoji, lone surrogate
    }

    @Test
    void nameKeysOrderLikeTheNames() {
        List<String> names = new ArrayList<>(List.of("", "a", "a ", "ab", "abc", "abcdefgh", "abcdefghz", "b", "zz", "~", "\u00ff"));
        List<String> byKey = new ArrayList<>(names);
        byKey.sort((x, y) -> Long.compare(Schema.nameKey(x), Schema.nameKey(y)));
        List<String> byBytes = new ArrayList<>(names);
        byBytes.sort((x, y) -> new org.apache.lucene.util.BytesRef(x).compareTo(new org.apache.lucene.util.BytesRef(y)));
        assertThat(byKey).isEqualTo(byBytes);
        assertThat(Schema.nameKey("abcdefgh")).isEqualTo(Schema.nameKey("abcdefghz"));   // then the full name decides
    }

    @Test
    void keywordsAreFoldedTrimmedAndCollapsed() {
        assertThat(Tokens.keyword("  Screen   Records ")).isEqualTo("screen records");
        assertThat(Tokens.keyword("Été\u0000 2024")).isEqualTo("ete 2024");
    }

    @Test
    void prefixFieldIndexesEveryPrefixAtTheWordsPosition() throws Exception {
        List<String> terms = new ArrayList<>();
        List<Integer> incs = new ArrayList<>();
        try (SearchAnalyzer a = new SearchAnalyzer(); TokenStream ts = a.tokenStream(Schema.PREFIX, new StringReader("vtest.avi"))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                terms.add(term.toString());
                incs.add(inc.getPositionIncrement());
            }
            ts.end();
        }
        assertThat(terms).containsExactly("vtest\u0001", "v", "vt", "vte", "vtes", "vtest", "avi\u0001", "a", "av", "avi");
        assertThat(incs).containsExactly(1, 0, 0, 0, 0, 0, 1, 0, 0, 0);
    }
}
