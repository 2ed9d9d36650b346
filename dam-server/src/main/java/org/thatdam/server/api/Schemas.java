package org.thatdam.server.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.json.Json;

/**
 * OpenAPI 3.1 (JSON Schema 2020-12) schemas generated from records, read the way Jackson writes them: each record is a
 * strict object ({@code additionalProperties: false}, every non-null component required) under
 * its name in {@code components.schemas}; nested records are {@code $ref}s, enums list their JSON
 * names, {@link Instant} is a date-time string (and so is a record written as text, {@code @JsonValue}), {@code Map<String, X>} an object of X. A nullable
 * value is {@code type: [X, "null"]} (a nullable record {@code anyOf: [{$ref}, {type: "null"}]}).
 *
 * <p>A component may be null when it is annotated {@link Nullable}, or when it has a reference type
 * and its record is outside {@link NullMarked} code (model records reused as they are).
 */
public final class Schemas {

    private final Map<String, Object> schemas = new TreeMap<>();
    private final Map<String, Class<?>> owners = new LinkedHashMap<>();

    /** A {@code $ref} to the schema of {@code record}, adding it (and every record it reaches) to {@link #all()}. */
    public Map<String, Object> ref(Class<?> record) {
        if (!record.isRecord()) throw new IllegalArgumentException(record + " is not a record");
        String name = name(record);
        Class<?> owner = owners.putIfAbsent(name, record);
        if (owner == null) {
            schemas.put(name, Map.of()); // placeholder: a record that refers to itself ends here
            schemas.put(name, object(record));
        } else if (owner != record) {
            throw new IllegalStateException("two records are both named " + name + ": " + owner + " and " + record);
        }
        return Map.of("$ref", "#/components/schemas/" + name);
    }

    /** Every schema reached so far, by name. */
    public Map<String, Object> all() {
        return new TreeMap<>(schemas);
    }

    /** The schema name of a record: its simple name, prefixed with the records or classes it is nested in. */
    public static String name(Class<?> type) {
        return type.getEnclosingClass() == null ? type.getSimpleName() : name(type.getEnclosingClass()) + type.getSimpleName();
    }

    /** The JSON field names of a record, in order (unwrapped records contribute theirs). */
    public static List<String> fieldNames(Class<?> record) {
        List<String> names = new ArrayList<>();
        for (RecordComponent rc : record.getRecordComponents()) {
            if (annotation(rc, JsonIgnore.class) != null) continue;
            if (annotation(rc, JsonUnwrapped.class) != null) names.addAll(fieldNames(rc.getType()));
            else names.add(jsonName(rc));
        }
        return names;
    }

    /** Whether the component may be null (see the class comment). */
    public static boolean nullable(RecordComponent rc) {
        if (rc.getType().isPrimitive()) return false;
        if (rc.getAnnotatedType().isAnnotationPresent(Nullable.class)) return true;
        return !nullMarked(rc.getDeclaringRecord());
    }

    private Map<String, Object> object(Class<?> record) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        addComponents(record, props, required);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("properties", props);
        if (!required.isEmpty()) s.put("required", required);
        s.put("additionalProperties", false);
        return s;
    }

    private void addComponents(Class<?> record, Map<String, Object> props, List<String> required) {
        for (RecordComponent rc : record.getRecordComponents()) {
            if (annotation(rc, JsonIgnore.class) != null) continue;
            if (annotation(rc, JsonUnwrapped.class) != null) {
                addComponents(rc.getType(), props, required);
                continue;
            }
            String name = jsonName(rc);
            boolean nullable = nullable(rc);
            props.put(name, schema(rc.getGenericType(), nullable));
            if (!nullable) required.add(name);
        }
    }

    private Map<String, Object> schema(Type type, boolean nullable) {
        Map<String, Object> s = new LinkedHashMap<>(schema(type));
        if (!nullable || s.isEmpty()) return s; // an empty schema already admits null
        if (s.containsKey("$ref")) return Map.of("anyOf", List.of(s, Map.of("type", "null")));
        s.put("type", List.of(s.get("type"), "null"));
        if (s.get("enum") instanceof List<?> values) {
            List<Object> withNull = new ArrayList<>(values);
            withNull.add(null); // JSON Schema checks enum on its own: null must be one of the values
            s.put("enum", withNull);
        }
        return s;
    }

    private Map<String, Object> schema(Type type) {
        if (type instanceof WildcardType w) return schema(w.getUpperBounds()[0]);
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) return Map.of("type", "array", "items", schema(args[0], false));
            if (Map.class.isAssignableFrom(raw)) return Map.of("type", "object", "additionalProperties", schema(args[1], false));
            throw new IllegalArgumentException("no schema for " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) return Map.of("type", "string");
        if (c == boolean.class || c == Boolean.class) return Map.of("type", "boolean");
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (c == long.class || c == Long.class) return Map.of("type", "integer", "format", "int64");
        if (c == double.class || c == Double.class) return Map.of("type", "number", "format", "double");
        if (c == float.class || c == Float.class) return Map.of("type", "number", "format", "float");
        if (c == Instant.class) return Map.of("type", "string", "format", "date-time");
        if (c == LocalDate.class) return Map.of("type", "string", "format", "date");
        if (c.isEnum()) return Map.of("type", "string", "enum", enumNames(c));
        if (c.isArray()) return Map.of("type", "array", "items", schema(c.getComponentType(), false));
        if (c.isRecord() && textValued(c)) return Map.of("type", "string");
        if (c.isRecord()) return ref(c);
        if (c == Object.class || JsonNode.class.isAssignableFrom(c)) return Map.of();
        throw new IllegalArgumentException("no schema for " + type);
    }

    /** A record Jackson writes as text ({@code @JsonValue} on a String method: a frame rate is "30000/1001"). */
    private static boolean textValued(Class<?> c) {
        for (var m : c.getMethods()) {
            if (m.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonValue.class) && m.getReturnType() == String.class
                    && m.getParameterCount() == 0) {
                return true;
            }
        }
        return false;
    }

    /** The names Jackson writes for the constants ({@code @JsonValue}), not the Java names. */
    public static List<String> enumNames(Class<?> e) {
        List<String> names = new ArrayList<>();
        for (Object constant : e.getEnumConstants()) names.add(Json.mapper().convertValue(constant, String.class));
        return names;
    }

    private static String jsonName(RecordComponent rc) {
        JsonProperty p = annotation(rc, JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : rc.getName();
    }

    /** A Jackson annotation written on a record component lands on its field and accessor, not on the component. */
    static <A extends Annotation> @Nullable A annotation(RecordComponent rc, Class<A> type) {
        A a = rc.getAccessor().getAnnotation(type);
        if (a != null) return a;
        try {
            Field f = rc.getDeclaringRecord().getDeclaredField(rc.getName());
            return f.getAnnotation(type);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static boolean nullMarked(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (k.isAnnotationPresent(NullMarked.class)) return true;
        }
        return c.getPackage().isAnnotationPresent(NullMarked.class);
    }
}
