package org.thatdam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.thatdam.model.JobState;

/** The schemas generated from records: types, formats, enums, nullability, strictness. */
class SchemasTest {

    record Inner(int n) {}

    record Sample(long id, String name, @Nullable String note, Instant at, @Nullable Instant doneAt, JobState state,
                  @Nullable JobState maybeState,
                  List<String> tags, Map<String, Long> counts, Inner inner, @Nullable Inner maybe, float[] scores,
                  boolean flag, double ratio) {}

    record Wrapper(@JsonUnwrapped Inner inner, String extra) {}

    @Test
    @SuppressWarnings("unchecked")
    void aRecordBecomesAStrictObject() {
        Schemas schemas = new Schemas();
        assertThat(schemas.ref(Sample.class)).isEqualTo(Map.of("$ref", "#/components/schemas/SchemasTestSample"));
        Map<String, Object> s = (Map<String, Object>) schemas.all().get("SchemasTestSample");
        assertThat(s.get("additionalProperties")).isEqualTo(false);
        assertThat((List<String>) s.get("required")).containsExactly("id", "name", "at", "state", "tags", "counts", "inner",
                "scores", "flag", "ratio");
        Map<String, Object> p = (Map<String, Object>) s.get("properties");
        assertThat(p.get("id")).isEqualTo(Map.of("type", "integer", "format", "int64"));
        assertThat(p.get("note")).isEqualTo(Map.of("type", List.of("string", "null")));
        assertThat(p.get("at")).isEqualTo(Map.of("type", "string", "format", "date-time"));
        assertThat(p.get("doneAt")).isEqualTo(Map.of("type", List.of("string", "null"), "format", "date-time"));
        assertThat(p.get("state")).isEqualTo(Map.of("type", "string",
                "enum", List.of("queued", "running", "done", "skipped", "failed", "cancelled")));
        // a nullable enum lists null: JSON Schema checks enum apart from type
        assertThat(p.get("maybeState")).isEqualTo(Map.of("type", List.of("string", "null"),
                "enum", java.util.Arrays.asList("queued", "running", "done", "skipped", "failed", "cancelled", null)));
        assertThat(p.get("tags")).isEqualTo(Map.of("type", "array", "items", Map.of("type", "string")));
        assertThat(p.get("counts")).isEqualTo(Map.of("type", "object",
                "additionalProperties", Map.of("type", "integer", "format", "int64")));
        assertThat(p.get("inner")).isEqualTo(Map.of("$ref", "#/components/schemas/SchemasTestInner"));
        assertThat(p.get("maybe")).isEqualTo(Map.of("anyOf", List.of(Map.of("$ref", "#/components/schemas/SchemasTestInner"),
                Map.of("type", "null"))));
        assertThat(p.get("scores")).isEqualTo(Map.of("type", "array", "items", Map.of("type", "number", "format", "float")));
        assertThat(schemas.all()).containsKeys("SchemasTestSample", "SchemasTestInner");
    }

    @Test
    @SuppressWarnings("unchecked")
    void unwrappedRecordsLendTheirFields() {
        Schemas schemas = new Schemas();
        schemas.ref(Wrapper.class);
        Map<String, Object> s = (Map<String, Object>) schemas.all().get("SchemasTestWrapper");
        assertThat(((Map<String, Object>) s.get("properties")).keySet()).containsExactly("n", "extra");
        assertThat(Schemas.fieldNames(Wrapper.class)).containsExactly("n", "extra");
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordsOutsideNullMarkedCodeMayHaveNullReferences() {
        Schemas schemas = new Schemas();
        schemas.ref(org.thatdam.model.Batch.class);
        Map<String, Object> s = (Map<String, Object>) schemas.all().get("Batch");
        assertThat((List<String>) s.get("required")).containsExactly("id", "assetCount", "totalBytes", "totalDurationSec");
    }

    static final class Outer {
        record Inner(int n) {}
    }

    record OuterInner(int n) {}

    @Test
    void twoRecordsWithOneNameAreABug() {
        Schemas schemas = new Schemas();
        schemas.ref(Outer.Inner.class);
        assertThat(Schemas.name(OuterInner.class)).isEqualTo(Schemas.name(Outer.Inner.class));
        assertThatThrownBy(() -> schemas.ref(OuterInner.class)).hasMessageContaining("two records are both named SchemasTestOuterInner");
    }
}
