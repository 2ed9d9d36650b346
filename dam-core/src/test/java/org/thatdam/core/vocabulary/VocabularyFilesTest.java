package org.thatdam.core.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;
import static org.thatdam.core.testing.DamTesting.openDam;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.model.Actor;
import org.thatdam.model.ErrorCode;

/** CSV and SKOS-like JSON: round trips, merging into an existing tree, dry runs and hostile files. */
class VocabularyFilesTest {

    @TempDir
    Path tmp;
    Dam dam;
    VocabularyService vocab;
    final Actor me = Actor.commandLine();

    static final String CSV = """
            path,synonyms,description
            Places/Europe/Lisbon,Lisboa|Lisbonne,"Capital, on the Tagus"
            Places/Europe/Porto,Oporto,
            "Subjects/Say ""cheese""\",,"two
            lines"
            """;

    @BeforeEach
    void setUp() {
        dam = openDam(tmp);
        vocab = dam.vocabulary();
    }

    @AfterEach
    void tearDown() {
        dam.close();
    }

    @Test
    void csvAndJsonRoundTrip() {
        ImportReport r = vocab.importFile(CSV, VocabularyFormat.CSV, true, me);
        assertThat(r.added()).containsExactly("Places", "Places/Europe", "Places/Europe/Lisbon", "Places/Europe/Porto",
                "Subjects", "Subjects/Say \"cheese\"");
        assertThat(r.synonymsAdded()).isEqualTo(3);
        assertThat(vocab.term("Lisbonne").description()).isEqualTo("Capital, on the Tagus");
        assertThat(vocab.term("Subjects/Say \"cheese\"").description()).isEqualTo("two\nlines");

        String csv = vocab.export(VocabularyFormat.CSV);
        String json = vocab.export(VocabularyFormat.JSON);
        assertThat(json).contains("\"prefLabel\" : \"Lisbon\"", "\"broader\" : \"Places/Europe\"", "\"altLabel\" : [ \"Lisboa\", \"Lisbonne\" ]");
        List<TermInfo> before = vocab.terms();

        for (VocabularyFormat f : VocabularyFormat.values()) {
            try (Dam other = openDam(tmp.resolve(f.id()), "0")) {
                other.vocabulary().importFile(f == VocabularyFormat.CSV ? csv : json, f, true, me);
                assertThat(other.vocabulary().terms()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("id")
                        .containsExactlyElementsOf(before);
                assertThat(other.vocabulary().export(f)).isEqualTo(f == VocabularyFormat.CSV ? csv : json);
            }
        }
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAreEscapedAndReadBackExactly() {
        vocab.add("=2+5", List.of("+x", "'=y"), "=cmd|' /C calc'!A0", me);
        vocab.add("Safe/-3", List.of(), "@SUM(1)", me);
        String csv = vocab.export(VocabularyFormat.CSV);
        assertThat(csv).contains("\r\n'=2+5,''=y|+x,'=cmd|' /C calc'!A0\r\n", "\r\nSafe/-3,,'@SUM(1)\r\n")
                .doesNotContain("\n=", ",=", ",+", ",@");
        List<TermInfo> before = vocab.terms();
        try (Dam other = openDam(tmp.resolve("escaped"), "0")) {
            other.vocabulary().importFile(csv, VocabularyFormat.CSV, true, me);
            assertThat(other.vocabulary().terms()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("id")
                    .containsExactlyElementsOf(before);
            assertThat(other.vocabulary().term("=2+5").synonyms()).containsExactly("'=y", "+x");
            assertThat(other.vocabulary().export(VocabularyFormat.CSV)).isEqualTo(csv);
        }
    }

    @Test
    void unknownCsvColumnsAreIgnoredAndReported() {
        String csv = "path,notes,synonyms,Colour\nPlaces/Lisbon,capital,Lisboa,red\n";
        ImportReport dry = vocab.importFile(csv, VocabularyFormat.CSV, false, me);
        assertThat(dry.added()).containsExactly("Places", "Places/Lisbon");
        assertThat(dry.skipped()).containsExactly(
                "line 1: column 'notes' ignored (allowed columns: path,synonyms,description)",
                "line 1: column 'colour' ignored (allowed columns: path,synonyms,description)");
        ImportReport applied = vocab.importFile(csv, VocabularyFormat.CSV, true, me);
        assertThat(applied.skipped()).isEqualTo(dry.skipped());
        assertThat(vocab.term("Lisboa").path()).isEqualTo("Places/Lisbon");
        assertThat(vocab.term("Places/Lisbon").description()).isNull();
    }

    @Test
    void anImportMergesIntoTheTreeAndADryRunWritesNothing() {
        vocab.add("Places/Europe/Lisbon", List.of("Lisboa"), null, me);
        vocab.add("Places/Europe/Faro", List.of("Oporto"), null, me);   // a wrong synonym, already there
        String json = """
                {"concepts": [
                  {"prefLabel": "lisbon", "broader": "places/europe", "altLabel": ["Lisboa", "Olisipo"], "definition": "Capital"},
                  {"prefLabel": "Porto", "broader": "Places/Europe", "altLabel": ["Oporto"]},
                  {"path": "Subjects/Beach", "narrower": ["ignored"]}
                ]}""";
        ImportReport dry = vocab.importFile(json, VocabularyFormat.JSON, false, me);
        assertThat(dry.applied()).isFalse();
        assertThat(dry.added()).containsExactly("Places/Europe/Porto", "Subjects", "Subjects/Beach");
        assertThat(dry.synonymsAdded()).isEqualTo(1);
        assertThat(dry.descriptionsSet()).isEqualTo(1);
        assertThat(dry.skipped()).containsExactly("concept 2: the synonym 'Oporto' already belongs to Places/Europe/Faro");
        assertThat(vocab.terms()).hasSize(4);

        ImportReport applied = vocab.importFile(json, VocabularyFormat.JSON, true, me);
        assertThat(applied).isEqualTo(new ImportReport(true, 3, dry.added(), 1, 1, dry.skipped()));
        assertThat(vocab.canonical("Olisipo")).contains("Places/Europe/Lisbon");
        assertThat(vocab.term("Lisbon").description()).isEqualTo("Capital");
        assertThat(vocab.terms()).hasSize(7);
        // again: nothing left to do
        ImportReport again = vocab.importFile(json, VocabularyFormat.JSON, true, me);
        assertThat(again.added()).isEmpty();
        assertThat(again.synonymsAdded()).isZero();
    }

    @Test
    void hostileFilesAreRefusedWithTheirPlaceAndChangeNothing() {
        assertCode(() -> vocab.importFile("", VocabularyFormat.CSV, true, me), ErrorCode.INVALID, "empty");
        assertCode(() -> vocab.importFile("name\nA\n", VocabularyFormat.CSV, true, me), ErrorCode.INVALID, "no 'path' column");
        assertCode(() -> vocab.importFile("name\nA\n", VocabularyFormat.CSV, true, me), ErrorCode.INVALID,
                "allowed columns: path,synonyms,description");
        assertCode(() -> vocab.importFile("path\nA\n\"B\n", VocabularyFormat.CSV, true, me), ErrorCode.INVALID, "line 3: a quoted field is never closed");
        assertCode(() -> vocab.importFile("path\nA\nB/\u0000C\n", VocabularyFormat.CSV, true, me), ErrorCode.INVALID, "line 3: label");
        assertCode(() -> vocab.importFile("path\n" + "a/".repeat(13) + "z\n", VocabularyFormat.CSV, true, me), ErrorCode.INVALID,
                "line 2: a term may be at most 12 levels deep");
        assertCode(() -> vocab.importFile("path\n" + "x".repeat(101) + "\n", VocabularyFormat.CSV, true, me), ErrorCode.INVALID,
                "line 2: the label");
        assertCode(() -> vocab.importFile("path\n" + "x\n".repeat(VocabularyFormat.MAX_ENTRIES + 1), VocabularyFormat.CSV, true, me),
                ErrorCode.TOO_LARGE, "more than 20000 terms");
        assertCode(() -> vocab.importFile("x".repeat(VocabularyFormat.MAX_BYTES + 1), VocabularyFormat.CSV, true, me),
                ErrorCode.TOO_LARGE, "larger than");
        assertCode(() -> vocab.importFile("{\"concepts\": [", VocabularyFormat.JSON, true, me), ErrorCode.INVALID, "not valid JSON at line 1");
        assertCode(() -> vocab.importFile("[]", VocabularyFormat.JSON, true, me), ErrorCode.INVALID, "\"concepts\" array");
        assertCode(() -> vocab.importFile("{\"concepts\":[{\"prefLabel\":\"A\"},{\"altLabel\":[\"x\"]}]}", VocabularyFormat.JSON, true, me),
                ErrorCode.INVALID, "concept 2: needs \"prefLabel\"");
        assertCode(() -> vocab.importFile("{\"concepts\":[{\"prefLabel\":\"A\",\"altLabel\":\"x\"}]}", VocabularyFormat.JSON, true, me),
                ErrorCode.INVALID, "\"altLabel\" must be an array");
        assertCode(() -> vocab.importFile("{\"concepts\":" + "[".repeat(50) + "]".repeat(50) + "}", VocabularyFormat.JSON, true, me),
                ErrorCode.INVALID, "not valid JSON");
        assertCode(() -> VocabularyFormat.parse("xml"), ErrorCode.INVALID, "expected csv or json");
        assertThat(vocab.terms()).isEmpty();
    }
}
