package org.thatdam.core.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AuditEntry;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.FieldDefinition;
import org.thatdam.model.FieldType;

/** Custom fields on a real catalog: each type's checks, kinds, required, and definition changes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(org.thatdam.catalog.CatalogUrl.Engine.class)
class FieldServiceTest {

    @org.junit.jupiter.params.Parameter
    org.thatdam.catalog.CatalogUrl.Engine engine;

    static final Actor ADMIN = Actor.commandLine();

    Dam dam;
    Asset video;
    Asset audio;

    @org.junit.jupiter.params.BeforeParameterizedClassInvocation
    void setUp(org.thatdam.catalog.CatalogUrl.Engine on, @TempDir Path tmp) throws Exception {
        Path media = Files.createDirectories(tmp.resolve(on.name()).resolve("media")).toRealPath();
        TestMedia.copy(TestMedia.h264Mp4(), media, "clip.mp4");
        TestMedia.copy(TestMedia.wav(), media, "sound.wav");
        dam = openDam(tmp.resolve(on.name()), on);
        scan(dam, media);
        List<Asset> all = dam.assets().recent(10);
        video = all.stream().filter(a -> a.kind() == AssetKind.VIDEO).findFirst().orElseThrow();
        audio = all.stream().filter(a -> a.kind() == AssetKind.AUDIO).findFirst().orElseThrow();
    }

    @org.junit.jupiter.params.AfterParameterizedClassInvocation
    void tearDown() {
        dam.close();
    }

    /** Writes field values on an asset the way every edit does. */
    void set(Asset asset, String field, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put(field, value);
        dam.assets().update(asset.id(), AssetPatch.none().withFields(m), ADMIN);
    }

    Object get(Asset asset, String field) {
        return dam.fields().values(asset.id()).get(field);
    }

    FieldDefinition define(String name, String type, String... choices) {
        FieldSpec spec = FieldSpec.of(name, type);
        if (choices.length > 0) spec = spec.withChoices(Arrays.asList(choices));
        return dam.fields().create(spec, ADMIN);
    }

    /** Each type: what it stores for a good value, and a 422 naming the field and what it accepts for a bad one. */
    @Test
    void eachTypeChecksItsValues() {
        record Case(String type, List<String> choices, Object good, Object stored, Object bad, String says) {}
        List<Case> cases = List.of(
                new Case("text", List.of(), "  Acme  ", "Acme", "x".repeat(1001), "longer than 1000"),
                new Case("text", List.of(), "Acme", "Acme", "two\nlines", "control character"),
                new Case("long-text", List.of(), "one\ntwo", "one\ntwo", "y".repeat(20_001), "longer than 20000"),
                new Case("number", List.of(), "1500", 1500L, "abc", "expected a number"),
                new Case("number", List.of(), 12.5, 12.5, "1e400", "too large"),
                new Case("date", List.of(), "2026-03-31", "2026-03-31", "2026-02-30", "expected a date as YYYY-MM-DD"),
                new Case("date", List.of(), "2026-01-01", "2026-01-01", "31/03/2026", "expected a date as YYYY-MM-DD"),
                new Case("boolean", List.of(), true, true, "maybe", "expected true or false"),
                new Case("boolean", List.of(), "no", false, 3, "expected true or false"),
                new Case("choice", List.of("Draft", "Final"), "final", "Final", "Other", "expected one of: Draft, Final"),
                new Case("multi-choice", List.of("Red", "Blue", "Green"), List.of("blue", "Red"), List.of("Blue", "Red"),
                        List.of("Red", "Pink"), "expected a list of: Red, Blue, Green"),
                new Case("person", List.of(), "Ana Lima", "Ana Lima", "p".repeat(201), "longer than 200"),
                new Case("url", List.of(), "https://example.org/a?b=c", "https://example.org/a?b=c",
                        "javascript:alert(1)", "expected an http:// or https:// address"),
                new Case("url", List.of(), "http://example.org", "http://example.org", "ftp://example.org/x",
                        "expected an http:// or https:// address"));
        int n = 0;
        for (Case c : cases) {
            String name = "f" + (n++);
            define(name, c.type(), c.choices().toArray(String[]::new));
            set(video, name, c.good());
            assertThat(get(video, name)).as(c.type()).isEqualTo(c.stored());
            assertThatThrownBy(() -> set(video, name, c.bad())).as(c.type())
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID))
                    .hasMessageStartingWith("field '" + name + "' (" + c.type() + "):")
                    .hasMessageContaining(c.says());
            assertThat(get(video, name)).as("a refused value changes nothing").isEqualTo(c.stored());
            dam.fields().delete(name, ADMIN);
        }
    }

    @Test
    void kindsRequiredAndUnknownFields() {
        dam.fields().create(FieldSpec.of("camera-op", "person").withKinds(List.of("video")).withRequired(true), ADMIN);
        assertThatThrownBy(() -> set(audio, "camera-op", "Ana"))
                .hasMessage("field 'camera-op' does not apply to audio assets (it applies to video)");
        set(video, "camera-op", "Ana");
        assertThatThrownBy(() -> set(video, "camera-op", ""))
                .hasMessage("field 'camera-op' is required: it cannot be cleared");
        assertThatThrownBy(() -> set(video, "nope", "x")).hasMessageStartingWith("no field named 'nope' (fields: ")
                .hasMessageContaining("camera-op");
        dam.fields().delete("camera-op", ADMIN);
        assertThat(get(video, "camera-op")).isNull();
    }

    @Test
    void valuesGoThroughTheAssetEditWithEverythingElseOrNotAtAll() {
        define("client", "text");
        define("shot", "date");
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("client", "Acme");
        values.put("shot", "2026-02-03");
        dam.assets().update(video.id(), AssetPatch.none().withTitle("With client").withFields(values), ADMIN);
        assertThat(dam.fields().values(video.id())).containsExactly(Map.entry("client", "Acme"), Map.entry("shot", "2026-02-03"));
        assertThat(dam.audit().query(null, null, 1).get(0).detail()).isEqualTo("title, field client, field shot");

        assertThatThrownBy(() -> dam.assets().update(video.id(), AssetPatch.none().withTitle("Not saved")
                .withFields(Map.of("client", "Other", "shot", "yesterday")), ADMIN))
                .hasMessageContaining("field 'shot' (date): 'yesterday' does not fit");
        assertThat(dam.assets().details(video.id()).orElseThrow().asset().title()).isEqualTo("With client");
        assertThat(get(video, "client")).isEqualTo("Acme");

        // null clears one field; the others stay
        set(video, "client", null);
        assertThat(dam.fields().values(video.id())).containsExactly(Map.entry("shot", "2026-02-03"));
        dam.fields().delete("client", ADMIN);
        dam.fields().delete("shot", ADMIN);
    }

    @Test
    void aVocabularyFieldTakesOnlyTermsUnderItsBranch() {
        dam.vocabulary().add("Places/Europe/Lisbon", List.of("Lisboa"), null, ADMIN);
        dam.vocabulary().add("Topics/Food", List.of(), null, ADMIN);
        assertThatThrownBy(() -> dam.fields().create(FieldSpec.of("where", "text").withVocabulary("Nowhere"), ADMIN))
                .hasMessage("no vocabulary term 'Nowhere' to take the field's values from");
        assertThat(dam.fields().create(FieldSpec.of("where", "text").withVocabulary("places"), ADMIN).vocabulary())
                .isEqualTo("Places");
        set(video, "where", "lisboa");
        assertThat(get(video, "where")).as("stored as the preferred path").isEqualTo("Places/Europe/Lisbon");
        assertThatThrownBy(() -> set(video, "where", "Food"))
                .hasMessage("field 'where' (text): 'Food' is not a vocabulary term under Places");
        assertThatThrownBy(() -> set(video, "where", "Atlantis"))
                .hasMessage("field 'where' (text): 'Atlantis' is not a vocabulary term under Places");
        dam.fields().delete("where", ADMIN);
    }

    @Test
    void definitionsAreChecked() {
        assertThatThrownBy(() -> define("Bad Name", "text")).hasMessageContaining("invalid field name 'Bad Name'");
        assertThatThrownBy(() -> define("status", "choice")).hasMessage("a choice field needs choices");
        assertThatThrownBy(() -> define("status", "choice", "A", "a")).hasMessage("choice 'a' is given twice");
        assertThatThrownBy(() -> define("status", "colour")).hasMessageStartingWith("unknown field type 'colour'");
        assertThatThrownBy(() -> define("size", "number", "S")).hasMessage("only choice fields have choices");
        define("dup", "text");
        assertThatThrownBy(() -> define("dup", "text"))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> dam.fields().edit("dup", FieldSpec.of("other", null), false, ADMIN))
                .hasMessageContaining("name does not change");
        dam.fields().delete("dup", ADMIN);
    }

    @Test
    void aChangedDefinitionConvertsWhatFitsAndReportsTheRest() {
        define("budget", "text");
        set(video, "budget", "1200");
        set(audio, "budget", "about 300");

        FieldChangeReport dry = dam.fields().edit("budget", new FieldSpec(null, null, "number", true, null, null, null, null, null), true, ADMIN);
        assertThat(dry.applied()).isFalse();
        assertThat(dry.converted()).isEqualTo(1);
        assertThat(dry.unfitCount()).isEqualTo(1);
        assertThat(dry.unfit()).singleElement().satisfies(u -> {
            assertThat(u.assetId()).isEqualTo(audio.id());
            assertThat(u.value()).isEqualTo("about 300");
            assertThat(u.reason()).contains("expected a number");
        });
        assertThat(dry.missingRequired()).isEqualTo(1);
        assertThat(dam.fields().get("budget").type()).as("a dry run changes nothing").isEqualTo(FieldType.TEXT);
        assertThat(get(audio, "budget")).isEqualTo("about 300");

        FieldChangeReport done = dam.fields().edit("budget", new FieldSpec(null, null, "number", true, null, null, null, null, null), false, ADMIN);
        assertThat(done.applied()).isTrue();
        assertThat(done.field().type()).isEqualTo(FieldType.NUMBER);
        assertThat(done.unfitCount()).isEqualTo(1);
        assertThat(done.missingRequired()).isEqualTo(1);
        assertThat(get(video, "budget")).isEqualTo(1200L);
        assertThat(get(audio, "budget")).isNull();
        AuditEntry e = dam.audit().query(null, null, 1).get(0);
        assertThat(e.action()).isEqualTo("field.edit");
        assertThat(e.detail()).isEqualTo("1 converted, 1 dropped");

        // single to multiple choice wraps the value; a choice taken away does not fit any more
        define("status", "choice", "Draft", "Final");
        set(video, "status", "Final");
        set(audio, "status", "Draft");
        FieldChangeReport multi = dam.fields().edit("status", FieldSpec.of(null, "multi-choice").withChoices(List.of("Final", "Approved")), false, ADMIN);
        assertThat(multi.kept()).as("the same stored choice").isEqualTo(1);
        assertThat(multi.unfit()).singleElement().satisfies(u -> assertThat(u.reason()).contains("'Draft' does not fit"));
        assertThat(get(video, "status")).isEqualTo(List.of("Final"));
        // a kind taken away: its assets' values do not fit
        FieldChangeReport kinds = dam.fields().edit("budget", FieldSpec.of(null, null).withKinds(List.of("audio")), true, ADMIN);
        assertThat(kinds.unfit()).singleElement().satisfies(u -> assertThat(u.reason()).contains("no longer applies to video"));
        dam.fields().delete("budget", ADMIN);
        dam.fields().delete("status", ADMIN);
    }

    @Test
    void fieldsKeepTheirOrder() {
        define("a1", "text");
        define("a2", "text");
        dam.fields().create(FieldSpec.of("a3", "text").withPosition(0), ADMIN);
        assertThat(dam.fields().list().stream().map(FieldDefinition::name)).containsExactly("a3", "a1", "a2");
        dam.fields().edit("a3", FieldSpec.of(null, null).withPosition(99), false, ADMIN);
        assertThat(dam.fields().list().stream().map(FieldDefinition::name)).containsExactly("a1", "a2", "a3");
        assertThat(dam.fields().list().stream().map(FieldDefinition::position)).containsExactly(0, 1, 2);
        for (String n : List.of("a1", "a2", "a3")) dam.fields().delete(n, ADMIN);
    }
}
