package org.thatdam.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.server.api.Schemas;

/**
 * Request bodies bound into their records, strictly: an unknown field, a value of the wrong type
 * (no "5" for a number, no 5 for a string, no 1.5 for a whole number), trailing content, or a body
 * that is not a JSON object is a 400 {@code bad_request} naming the field; a required field left
 * out is a 422 {@code invalid}. A field given twice, a null inside a list or an object, and bytes
 * that are not UTF-8 are refused too. Messages are our own, never the parser's (they name its
 * internals). The same record is the body's schema in the OpenAPI document.
 */
final class Bodies {

    private static final ObjectReader READER;

    static {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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
        return read(text(ctx), type, false);
    }

    /** The body as a {@code type}, or every field left out when there is no body (each takes its default). */
    static <T extends Record> T optional(Context ctx, Class<T> type) {
        return read(text(ctx), type, true);
    }

    /** A route that takes no body refuses one, rather than ignoring what the caller meant. */
    static void none(Context ctx) {
        boolean announced = ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null;
        if (announced && ctx.bodyAsBytes().length > 0) throw DamException.badRequest("this route takes no body");
    }

    private static final Pattern CHARSET = Pattern.compile(";\\s*charset\\s*=\\s*\"?([^\";\\s]*)", Pattern.CASE_INSENSITIVE);

    /** The body's bytes as UTF-8, strictly: another charset is a 415, a byte sequence that is not UTF-8 a 400. */
    static String text(Context ctx) {
        String type = ctx.contentType();
        if (type != null) {
            Matcher m = CHARSET.matcher(type);
            if (m.find() && !m.group(1).toLowerCase(Locale.ROOT).matches("utf-?8")) {
                throw new DamException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the request body must be UTF-8 (not charset "
                        + Params.abbreviate(m.group(1)) + ")");
            }
        }
        return utf8(ctx.bodyAsBytes());
    }

    static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) r = decoder.flush(out);
        if (r.isError()) throw DamException.badRequest("the request body is not valid UTF-8 at byte " + in.position());
        return out.flip().toString();
    }

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

    static <T extends Record> T read(String body, Class<T> type, boolean optional) {
        if (body.isBlank()) {
            if (!optional) throw DamException.badRequest("the request body must be a JSON object, and it is empty");
            body = "{}";
        }
        JsonNode tree;
        try {
            tree = READER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw DamException.badRequest("the request body is nested too deeply, or has a number or text too long to read");
        } catch (StreamReadException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            Matcher dup = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (dup.find()) throw DamException.badRequest("the request body has the field " + quoted(Params.abbreviate(dup.group(1))) + " twice" + where);
            throw DamException.badRequest("the request body is not valid JSON" + where);
        } catch (JsonProcessingException e) {
            throw DamException.badRequest("the request body must be one JSON object with nothing after it");
        }
        if (tree == null || !tree.isObject()) throw DamException.badRequest("the request body must be a JSON object");
        T value;
        try {
            value = READER.forType(type).readValue(tree);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof DamException d) throw d; // a rule of the record itself
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        } catch (UnrecognizedPropertyException e) {
            String where = e.getPath().size() > 1 ? " in " + quoted(path(e.getPath().subList(0, e.getPath().size() - 1))) : "";
            throw DamException.badRequest("unknown field " + quoted(Params.abbreviate(e.getPropertyName())) + where + "; allowed: "
                    + String.join(", ", e.getReferringClass() != null && e.getReferringClass().isRecord()
                            ? Schemas.fieldNames(e.getReferringClass()) : List.of()));
        } catch (MismatchedInputException e) {
            Type expected = typeAt(type, e.getPath());
            throw DamException.badRequest("field " + quoted(path(e.getPath())) + ": expected " + (expected == null ? "another type" : describe(expected)));
        } catch (JsonMappingException e) {
            // a number too large for its field (5000000000 for a whole number) comes wrapped
            if (e.getCause() instanceof InputCoercionException && !e.getPath().isEmpty()) {
                throw DamException.badRequest("field " + quoted(path(e.getPath())) + ": the number is out of range");
            }
            throw DamException.badRequest("the request body does not fit the fields of " + Schemas.name(type));
        } catch (IOException e) {
            throw DamException.badRequest("the request body does not fit the fields of " + Schemas.name(type));
        }
        noNullElements(value, "");
        requireNonNullComponents(value);
        return value;
    }

    /** Lists and objects hold values: a null inside one (at any depth) is refused, named by its path. */
    private static void noNullElements(Object value, String path) {
        if (value instanceof Record r) {
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                try {
                    Object v = rc.getAccessor().invoke(r);
                    if (v != null) noNullElements(v, path.isEmpty() ? rc.getName() : path + "." + rc.getName());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == null) throw DamException.badRequest("field " + quoted(path + "[" + i + "]") + ": null is not allowed here");
                noNullElements(list.get(i), path + "[" + i + "]");
            }
        } else if (value instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) {
                String at = path + "." + Params.abbreviate(String.valueOf(e.getKey()));
                if (e.getValue() == null) throw DamException.badRequest("field " + quoted(at) + ": null is not allowed here");
                noNullElements(e.getValue(), at);
            }
        }
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
        if (t instanceof Class<?> c && c.isEnum()) return "one of " + String.join(", ", Schemas.enumNames(c));
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
