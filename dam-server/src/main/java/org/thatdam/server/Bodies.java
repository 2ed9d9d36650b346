package org.thatdam.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.server.api.Schemas;

/**
 * Request bodies bound into their records, strictly: an unknown field, a value of the wrong type
 * (no "5" for a number, no 5 for a string, no 1.5 for a whole number), trailing content, or a body
 * that is not a JSON object is a 400 {@code bad_request} naming the field; a required field left
 * out is a 422 {@code invalid}. The same record is the body's schema in the OpenAPI document.
 */
final class Bodies {

    private static final ObjectReader READER;

    static {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        READER = mapper.reader();
    }

    private Bodies() {}

    /** The body as a {@code type}; a missing or empty body is an error. */
    static <T extends Record> T required(Context ctx, Class<T> type) {
        return read(ctx.body(), type, false);
    }

    /** The body as a {@code type}, or every field left out when there is no body (each takes its default). */
    static <T extends Record> T optional(Context ctx, Class<T> type) {
        return read(ctx.body(), type, true);
    }

    static <T extends Record> T read(String body, Class<T> type, boolean optional) {
        if (body.isBlank()) {
            if (!optional) throw badRequest("the request body must be a JSON object, and it is empty");
            body = "{}";
        }
        JsonNode tree;
        try {
            tree = READER.readTree(body);
        } catch (StreamReadException e) {
            throw badRequest("the request body is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (JsonProcessingException e) {
            throw badRequest("the request body must be one JSON object with nothing after it");
        }
        if (tree == null || !tree.isObject()) throw badRequest("the request body must be a JSON object");
        T value;
        try {
            value = READER.forType(type).readValue(tree);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof DamException d) throw d; // a rule of the record itself
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        } catch (UnrecognizedPropertyException e) {
            String where = e.getPath().size() > 1 ? " in " + quoted(path(e.getPath().subList(0, e.getPath().size() - 1))) : "";
            throw badRequest("unknown field " + quoted(Params.abbreviate(e.getPropertyName())) + where + "; allowed: "
                    + String.join(", ", e.getReferringClass() != null && e.getReferringClass().isRecord()
                            ? Schemas.fieldNames(e.getReferringClass()) : List.of()));
        } catch (MismatchedInputException e) {
            Type expected = typeAt(type, e.getPath());
            throw badRequest("field " + quoted(path(e.getPath())) + ": expected " + (expected == null ? "another type" : describe(expected)));
        } catch (IOException e) {
            throw badRequest("the request body does not fit the fields of " + Schemas.name(type));
        }
        requireNonNullComponents(value);
        return value;
    }

    /** A component that may not be null (not {@code @Nullable}) is a required field. */
    private static void requireNonNullComponents(Record value) {
        for (RecordComponent rc : value.getClass().getRecordComponents()) {
            if (Schemas.nullable(rc)) continue;
            try {
                if (rc.getAccessor().invoke(value) == null) {
                    throw DamException.invalid("field " + quoted(rc.getName()) + " is required");
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static DamException badRequest(String message) {
        return new DamException(ErrorCode.BAD_REQUEST, message);
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    /** "tags[2]", "params.crf". */
    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) b.append(b.isEmpty() ? "" : ".").append(Params.abbreviate(r.getFieldName()));
            else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
        }
        return b.toString();
    }

    /** The declared type at a path of a record, with its type arguments, or null when the path leaves it. */
    private static Type typeAt(Class<?> root, List<JsonMappingException.Reference> refs) {
        Type t = root;
        for (JsonMappingException.Reference r : refs) {
            Class<?> raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
            if (raw.isRecord() && r.getFieldName() != null) {
                t = null;
                for (RecordComponent rc : raw.getRecordComponents()) {
                    if (rc.getName().equals(r.getFieldName())) t = rc.getGenericType();
                }
            } else if (t instanceof ParameterizedType p && (Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw))) {
                t = p.getActualTypeArguments()[p.getActualTypeArguments().length - 1];
            } else {
                t = null;
            }
            if (t == null) return null;
        }
        return t;
    }

    /** "a string", "an array of strings", "an object of strings or numbers"… */
    static String describe(Type t) {
        if (t instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw)) return "an array of " + plural(p.getActualTypeArguments()[0]);
            if (Map.class.isAssignableFrom(raw)) return "an object of " + plural(p.getActualTypeArguments()[1]);
        }
        return switch (plural(t)) {
            case "strings" -> "a string";
            case "whole numbers" -> "a whole number";
            case "numbers" -> "a number";
            case "true or false values" -> "true or false";
            case "objects" -> "an object";
            default -> "a value of another type";
        };
    }

    private static String plural(Type t) {
        if (t == String.class) return "strings";
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) return "whole numbers";
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) return "numbers";
        if (t == boolean.class || t == Boolean.class) return "true or false values";
        if (t instanceof Class<?> c && c.isRecord()) return "objects";
        return "values";
    }
}
