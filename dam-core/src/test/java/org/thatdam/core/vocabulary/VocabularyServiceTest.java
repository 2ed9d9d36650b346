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

/** The vocabulary tree on a real catalog: what words mean, suggestions, and changes to the tree. */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(org.thatdam.catalog.CatalogUrl.Engine.class)
class VocabularyServiceTest {

    @org.junit.jupiter.params.Parameter
    org.thatdam.catalog.CatalogUrl.Engine engine;

    @TempDir
    Path tmp;
    Dam dam;
    VocabularyService vocab;
    final Actor me = Actor.commandLine();

    @BeforeEach
    void setUp() {
        dam = openDam(tmp, engine);
        vocab = dam.vocabulary();
        vocab.add("Places/Europe/Lisbon", List.of("Lisboa"), "Capital of Portugal", me);
        vocab.add("Places/Europe/Porto", List.of("Oporto"), null, me);
        vocab.add("Places/America/Paris", List.of(), null, me);   // Paris, Texas
        vocab.add("Places/Europe/Paris", List.of(), null, me);
        vocab.add("Subjects/Architecture", List.of("Buildings"), null, me);
    }

    @AfterEach
    void tearDown() {
        dam.close();
    }

    @Test
    void canonicalAnswersPathsLabelsAndSynonymsIgnoringCase() {
        assertThat(vocab.canonical("Places/Europe/Lisbon")).contains("Places/Europe/Lisbon");
        assertThat(vocab.canonical("places/europe/LISBON")).contains("Places/Europe/Lisbon");
        assertThat(vocab.canonical(" lisbon ")).contains("Places/Europe/Lisbon");
        assertThat(vocab.canonical("LISBOA")).contains("Places/Europe/Lisbon");
        assertThat(vocab.canonical("Places/Europe/Lisboa")).contains("Places/Europe/Lisbon");
        assertThat(vocab.canonical("Europe/Porto")).contains("Places/Europe/Porto");
        assertThat(vocab.canonical("/Places/Europe/")).contains("Places/Europe");
        assertThat(vocab.canonical("buildings")).contains("Subjects/Architecture");
        assertThat(vocab.canonical("Paris")).isEmpty();                 // two terms: ambiguous
        assertThat(vocab.canonical("Europe/Paris")).contains("Places/Europe/Paris");
        assertThat(vocab.canonical("Madrid")).isEmpty();
        assertThat(vocab.canonical("")).isEmpty();
        assertThat(vocab.canonical(null)).isEmpty();
    }

    @Test
    void narrowerListsATermAndEverythingUnderIt() {
        assertThat(vocab.narrower("Places/Europe"))
                .containsExactly("Places/Europe", "Places/Europe/Lisbon", "Places/Europe/Paris", "Places/Europe/Porto");
        assertThat(vocab.narrower("lisboa")).containsExactly("Places/Europe/Lisbon");
        assertThat(vocab.narrower("Nowhere")).isEmpty();
        assertThat(vocab.narrower("Places")).hasSize(7);
    }

    @Test
    void suggestRanksLabelPrefixesFirstAndMapsSynonyms() {
        assertThat(vocab.suggest("lis", 10)).extracting(Suggestion::path).first().isEqualTo("Places/Europe/Lisbon");
        assertThat(vocab.suggest("opor", 10)).containsExactly(new Suggestion("Places/Europe/Porto", "Porto", "Oporto"));
        assertThat(vocab.suggest("p", 3)).extracting(Suggestion::path).first().isEqualTo("Places");
        assertThat(vocab.suggest("", 5)).extracting(Suggestion::path).containsExactly("Places", "Subjects");
        assertCode(() -> vocab.suggest("x", 0), ErrorCode.INVALID, "limit");
    }

    @Test
    void labelsAreCheckedAndUniqueAmongSiblings() {
        assertCode(() -> vocab.add("Places/europe/LISBON", List.of(), null, me), ErrorCode.CONFLICT, "already exists");
        assertCode(() -> vocab.add("Places/Bad|Name", List.of(), null, me), ErrorCode.INVALID, "'|'");
        assertCode(() -> vocab.add("Places/Bad\u0007", List.of(), null, me), ErrorCode.INVALID, "control");
        assertCode(() -> vocab.add("A/B/C/D/E/F/G/H/I/J/K/L/M", List.of(), null, me), ErrorCode.INVALID, "12 levels");
        assertCode(() -> vocab.add("Places/" + "x".repeat(99), List.of(), null, me), ErrorCode.INVALID, "100 characters");
        assertCode(() -> vocab.add("Places/Europe/Braga", List.of("Lisboa"), null, me), ErrorCode.CONFLICT,
                "already belongs to Places/Europe/Lisbon");
        assertCode(() -> vocab.term("Paris"), ErrorCode.INVALID, "ambiguous");
        assertCode(() -> vocab.term("Lisbn"), ErrorCode.NOT_FOUND, "did you mean Places/Europe/Lisbon");
    }

    @Test
    void aSecondLibraryObjectSeesChangesThroughTheVersion() {
        try (Dam other = openDam(tmp, engine)) {
            assertThat(other.vocabulary().canonical("Lisboa")).contains("Places/Europe/Lisbon");
            vocab.add("Places/Europe/Faro", List.of(), null, me);
            assertThat(other.vocabulary().canonical("faro")).contains("Places/Europe/Faro");
            vocab.setRestricted(true, me);
            assertThat(other.vocabulary().restricted()).isTrue();
        }
    }
}
