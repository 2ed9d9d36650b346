package org.thatdam.core.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;
import static org.thatdam.core.testing.DamTesting.at;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.ErrorCode;
import org.thatdam.search.SearchHit;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchSort;

/** Tags through the vocabulary on real assets: preferred paths, restriction, broader-term search, re-tagging. */
class VocabularyTagsTest {

    @TempDir
    Path tmp;
    Dam dam;
    VocabularyService vocab;
    long lisbon;
    long porto;
    long beach;
    final Actor me = Actor.commandLine();

    @BeforeEach
    void setUp() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media")).toRealPath();
        Path a = TestMedia.copy(TestMedia.png(), media, "tram.png");
        Path b = TestMedia.copy(TestMedia.mp3(), media, "bridge.mp3");
        Path c = TestMedia.copy(TestMedia.wav(), media, "sand.wav");
        dam = openDam(tmp);
        scan(dam, media);
        lisbon = at(dam, a).asset().id();
        porto = at(dam, b).asset().id();
        beach = at(dam, c).asset().id();
        vocab = dam.vocabulary();
        vocab.add("Places/Europe/Lisbon", List.of("Lisboa"), null, me);
        vocab.add("Places/Europe/Porto", List.of("Oporto"), null, me);
        vocab.add("Subjects/Beach", List.of("Seaside"), null, me);
    }

    @AfterEach
    void tearDown() {
        dam.close();
    }

    static AssetPatch tags(String... tags) {
        return AssetPatch.none().withTags(List.of(tags));
    }

    List<String> tagsOf(long id) {
        return dam.assets().details(id).orElseThrow().tags();
    }

    List<Long> search(String q) {
        dam.search().catchUp();
        return dam.search().search(new SearchRequest(q, SearchSort.NEWEST, 50, 0, false)).items().stream()
                .map(SearchHit::id).sorted().toList();
    }

    @Test
    void tagsNamingATermAreStoredAsItsPreferredPath() {
        dam.assets().update(lisbon, tags("lisboa", "tram", "LISBON"), me);
        assertThat(tagsOf(lisbon)).containsExactly("Places/Europe/Lisbon", "tram");
        dam.assets().update(porto, tags("europe/oporto"), me);
        assertThat(tagsOf(porto)).containsExactly("Places/Europe/Porto");
    }

    @Test
    void aRestrictedLibraryRefusesUnknownTagsNamingThemAndCloseTerms() {
        vocab.setRestricted(true, me);
        assertCode(() -> dam.assets().update(lisbon, tags("Lisbn", "Seaside"), me), ErrorCode.INVALID,
                "tag 'Lisbn' is not in the vocabulary (did you mean Places/Europe/Lisbon?)");
        assertThat(tagsOf(lisbon)).isEmpty();
        dam.assets().update(lisbon, tags("Lisboa", "seaside"), me);
        assertThat(tagsOf(lisbon)).containsExactly("Places/Europe/Lisbon", "Subjects/Beach");
        vocab.setRestricted(false, me);
        dam.assets().update(lisbon, tags("Lisbn"), me);
        assertThat(tagsOf(lisbon)).containsExactly("Lisbn");
    }

    @Test
    void aBroaderTermOrASynonymFindsAssetsTaggedWithNarrowerTerms() {
        dam.assets().update(lisbon, tags("Lisbon"), me);
        dam.assets().update(porto, tags("Porto"), me);
        dam.assets().update(beach, tags("Beach"), me);
        assertThat(search("tag:Places/Europe")).containsExactlyInAnyOrder(lisbon, porto);
        assertThat(search("tag:Places")).containsExactlyInAnyOrder(lisbon, porto);
        assertThat(search("tag:Europe")).containsExactlyInAnyOrder(lisbon, porto);       // a label: its term's path
        assertThat(search("tag:Lisboa")).containsExactlyInAnyOrder(lisbon);              // a synonym
        assertThat(search("tag:\"places/europe/lisbon\"")).containsExactlyInAnyOrder(lisbon);
        assertThat(search("tag:Seaside OR tag:Oporto")).containsExactlyInAnyOrder(porto, beach);
        assertThat(search("tag:Places/Eur")).isEmpty();                        // whole levels only
    }

    @Test
    void renamingMovingAndMergingRetagEveryAssetAndTheIndexFollows() {
        dam.assets().update(lisbon, tags("Lisbon", "tram"), me);
        dam.assets().update(porto, tags("Porto"), me);

        TermChange renamed = vocab.rename("Places/Europe", "Europa", me);
        assertThat(renamed).isEqualTo(new TermChange("Places/Europa", 2));
        assertThat(tagsOf(lisbon)).containsExactly("Places/Europa/Lisbon", "tram");
        assertThat(search("tag:Places/Europa")).containsExactlyInAnyOrder(lisbon, porto);
        // the old label stays a synonym: tags and searches typed the old way still find the term
        assertThat(vocab.term("Places/Europa").synonyms()).containsExactly("Europe");
        assertThat(vocab.canonical("Places/Europe/Lisbon")).contains("Places/Europa/Lisbon");
        assertThat(vocab.rename("Places/Europa", "EUROPA", me).path()).isEqualTo("Places/EUROPA");
        assertThat(vocab.term("Places/EUROPA").synonyms()).as("a change of case adds no synonym").containsExactly("Europe");
        vocab.rename("Places/EUROPA", "Europa", me);

        TermChange moved = vocab.move("Lisbon", "Subjects", me);
        assertThat(moved).isEqualTo(new TermChange("Subjects/Lisbon", 1));
        assertThat(tagsOf(lisbon)).containsExactly("Subjects/Lisbon", "tram");
        assertThat(search("tag:Subjects")).containsExactlyInAnyOrder(lisbon);

        // Oporto merged into Lisbon: Porto's assets carry Lisbon, its words live on as synonyms
        TermChange merged = vocab.merge("Places/Europa/Porto", "Subjects/Lisbon", me);
        assertThat(merged).isEqualTo(new TermChange("Subjects/Lisbon", 1));
        assertThat(tagsOf(porto)).containsExactly("Subjects/Lisbon");
        assertThat(vocab.canonical("Oporto")).contains("Subjects/Lisbon");
        assertThat(vocab.canonical("porto")).contains("Subjects/Lisbon");
        assertThat(search("tag:Lisbon")).containsExactlyInAnyOrder(lisbon, porto);
        assertThat(search("tag:Places/Europa")).isEmpty();

        assertCode(() -> vocab.move("Subjects", "Subjects/Lisbon", me), ErrorCode.INVALID, "under itself");
        assertCode(() -> vocab.rename("Subjects/Lisbon", "Beach", me), ErrorCode.CONFLICT, "already exists");

        TermChange deleted = vocab.delete("Subjects", me);
        assertThat(deleted).isEqualTo(new TermChange(null, 2));
        assertThat(tagsOf(porto)).containsExactly("Subjects/Lisbon");   // kept as a free tag
        assertThat(vocab.terms()).extracting(TermInfo::path).containsExactly("Places", "Places/Europa");
    }

    @Test
    void mergingATermWithChildrenMergesThemLevelByLevel() {
        vocab.add("Lugares/europe/Lisbon/Alfama", List.of(), null, me);
        vocab.add("Lugares/europe/Madrid", List.of(), null, me);
        dam.assets().update(lisbon, tags("Lugares/europe/Lisbon/Alfama", "Lugares/europe/Madrid"), me);
        dam.assets().update(porto, tags("Lugares/europe/Lisbon"), me);
        TermChange r = vocab.merge("Lugares", "Places", me);
        assertThat(r).isEqualTo(new TermChange("Places", 2));
        assertThat(tagsOf(lisbon)).containsExactly("Places/Europe/Lisbon/Alfama", "Places/Europe/Madrid");
        assertThat(tagsOf(porto)).containsExactly("Places/Europe/Lisbon");
        assertThat(vocab.canonical("Lugares")).contains("Places");
        assertThat(vocab.narrower("Places/Europe")).containsExactly("Places/Europe", "Places/Europe/Lisbon",
                "Places/Europe/Lisbon/Alfama", "Places/Europe/Madrid", "Places/Europe/Porto");
    }
}
