package org.thatdam.server;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.function.Function;
import org.thatdam.model.DamException;

/** Reading and checking path and query parameters: every bad value is a 400 naming the parameter. */
final class Params {

    private Params() {}

    static long id(Context ctx) {
        return id(ctx, "id");
    }

    /** A path parameter that is an id: a whole number from 1. */
    static long id(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        long id = 0;
        if (raw.matches("\\d{1,19}")) {
            try {
                id = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                id = 0; // beyond the largest id
            }
        }
        if (id < 1) throw DamException.badRequest(name + " must be a whole number from 1 to " + Long.MAX_VALUE + ", got '" + abbreviate(raw) + "'");
        return id;
    }

    static int integer(Context ctx, String name, int def, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return def;
        String s = raw.strip();
        if (!s.matches("-?\\d{1,10}")) throw DamException.badRequest(name + " must be a whole number, got '" + abbreviate(raw) + "'");
        long v = Long.parseLong(s);
        if (v < min || v > max) throw DamException.badRequest(name + " must be between " + min + " and " + max + ", got " + v);
        return (int) v;
    }

    static <T> T parsed(Context ctx, String name, Function<String, T> parser) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return null;
        // The parsers trim() their input, which would also drop control characters ("video\0" → video).
        if (raw.chars().anyMatch(Character::isISOControl)) {
            throw DamException.badRequest("invalid " + name + ": contains control characters");
        }
        try {
            return parser.apply(raw.strip().toLowerCase(Locale.ROOT));
        } catch (DamException e) {
            // the parser's own words name the expected values
            throw DamException.badRequest("invalid " + name + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw DamException.badRequest("invalid " + name + " '" + abbreviate(raw) + "'");
        }
    }

    /** A free-text parameter: checked for length and control characters. */
    static String text(Context ctx, String name, int maxLength) {
        String raw = ctx.queryParam(name);
        if (raw == null) return null;
        if (raw.length() > maxLength) {
            throw DamException.badRequest(name + " is longer than " + maxLength + " characters");
        }
        if (raw.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw DamException.badRequest("invalid " + name + ": contains control characters");
        }
        return raw;
    }

    static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
