package org.thatdam.server;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.function.Function;

/** Reading and checking request parameters: every bad value is a 400 naming the parameter. */
final class Params {

    private Params() {}

    static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        if (!raw.matches("\\d{1,18}")) {
            throw new ApiError(400, "bad_request", "id must be a positive whole number, got '" + abbreviate(raw) + "'");
        }
        return Long.parseLong(raw);
    }

    static int integer(Context ctx, String name, int def, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return def;
        try {
            int v = Integer.parseInt(raw.strip());
            if (v < min || v > max) {
                throw new ApiError(400, "bad_request", name + " must be between " + min + " and " + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "bad_request", name + " must be a whole number, got '" + abbreviate(raw) + "'");
        }
    }

    static <T> T parsed(Context ctx, String name, Function<String, T> parser) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return null;
        // The parsers trim() their input, which would also drop control characters ("video\0" → video).
        if (raw.chars().anyMatch(Character::isISOControl)) {
            throw new ApiError(400, "bad_request", "invalid " + name + ": contains control characters");
        }
        try {
            return parser.apply(raw.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException | org.thatdam.model.DamException e) {
            throw new ApiError(400, "bad_request", "invalid " + name + " '" + abbreviate(raw) + "'");
        }
    }

    /** A free-text parameter: checked for length and control characters. */
    static String text(Context ctx, String name, int maxLength) {
        String raw = ctx.queryParam(name);
        if (raw == null) return null;
        if (raw.length() > maxLength) {
            throw new ApiError(400, "bad_request", name + " is longer than " + maxLength + " characters");
        }
        if (raw.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw new ApiError(400, "bad_request", "invalid " + name + ": contains control characters");
        }
        return raw;
    }

    /** The JSON body as a tree; 400 when it is not a JSON object. */
    static com.fasterxml.jackson.databind.JsonNode body(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) throw new ApiError(400, "bad_request", "request body must be a JSON object");
        try {
            // Trailing content ("{…} junk", two objects) is not JSON: without this Jackson stops after the first value.
            var node = org.thatdam.core.json.Json.mapper().reader()
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
            if (node == null || !node.isObject()) throw new ApiError(400, "bad_request", "request body must be a JSON object");
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiError(400, "bad_json", "request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The JSON body, or an empty object when there is none (every field takes its default). */
    static com.fasterxml.jackson.databind.JsonNode optionalBody(Context ctx) {
        return ctx.body().isBlank() ? org.thatdam.core.json.Json.mapper().createObjectNode() : body(ctx);
    }

    /** A string field of a JSON body; 422 when present with another type. */
    static String field(com.fasterxml.jackson.databind.JsonNode body, String name, boolean required) {
        var v = body.get(name);
        if (v == null || v.isNull()) {
            if (required) throw new ApiError(422, "invalid", "'" + name + "' is required");
            return null;
        }
        if (!v.isTextual()) throw new ApiError(422, "invalid", "'" + name + "' must be a string");
        return v.asText();
    }

    static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    /** 422 when the body has a field not in {@code allowed}: a typo must not be silently ignored. */
    static void onlyFields(com.fasterxml.jackson.databind.JsonNode body, java.util.List<String> allowed) {
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new ApiError(422, "invalid", "unknown field '" + abbreviate(f) + "' (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    /** A number field of a JSON body, or {@code def} when absent; 422 when it is not a number. */
    static double number(com.fasterxml.jackson.databind.JsonNode body, String name, double def) {
        var v = body.get(name);
        if (v == null || v.isNull()) return def;
        if (!v.isNumber()) throw new ApiError(422, "invalid", "'" + name + "' must be a number");
        return v.asDouble();
    }

    /** A whole-number field of a JSON body, or {@code def} when absent. */
    static int wholeNumber(com.fasterxml.jackson.databind.JsonNode body, String name, int def) {
        var v = body.get(name);
        if (v == null || v.isNull()) return def;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new ApiError(422, "invalid", "'" + name + "' must be a whole number");
        return v.asInt();
    }

    /** A boolean field of a JSON body, or {@code def} when absent. */
    static boolean bool(com.fasterxml.jackson.databind.JsonNode body, String name, boolean def) {
        var v = body.get(name);
        if (v == null || v.isNull()) return def;
        if (!v.isBoolean()) throw new ApiError(422, "invalid", "'" + name + "' must be true or false");
        return v.asBoolean();
    }
}
