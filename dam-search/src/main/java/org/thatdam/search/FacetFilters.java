package org.thatdam.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.thatdam.model.DamException;

/**
 * Facet selections: exact facet values (as the counts name them) per facet, OR within a facet and AND
 * across facets. Written as {@code kind:video kind:image batch:"Screen Records"}: a value with spaces or
 * quotes is quoted, {@code \"} and {@code \\} escape inside quotes.
 */
public final class FacetFilters {

    public static final int MAX_LENGTH = 4000;
    public static final int MAX_VALUES = 100;
    static final int MAX_VALUE_LENGTH = 1000;

    private FacetFilters() {}

    /** The facets there are, in the order results list them. */
    public static Set<String> names() {
        return Schema.FACETS.keySet();
    }

    /**
     * Parses {@code text} (null or blank: no filters).
     *
     * @throws DamException (invalid) naming the position of what cannot be understood
     */
    public static Map<String, List<String>> parse(String text) {
        if (text == null || text.isBlank()) return Map.of();
        if (text.length() > MAX_LENGTH) {
            throw DamException.invalid("filters are too long: " + text.length() + " characters (at most " + MAX_LENGTH + ")");
        }
        Map<String, Set<String>> out = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        int count = 0;
        while (i < n) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int colon = text.indexOf(':', i);
            if (colon < 0) throw DamException.invalid("expected facet:value at " + start + " in the filters");
            String name = text.substring(i, colon).toLowerCase(Locale.ROOT);
            if (!Schema.FACETS.containsKey(name)) {
                throw DamException.invalid("unknown facet '" + text.substring(i, colon) + "' at " + start + " in the filters (facets: "
                        + String.join(", ", Schema.FACETS.keySet()) + ")");
            }
            i = colon + 1;
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                int open = i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                        value.append(text.charAt(i + 1));
                        i += 2;
                    } else if (c == '"') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                if (!closed) throw DamException.invalid("unbalanced quote at " + open + " in the filters (no closing '\"')");
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) value.append(text.charAt(i++));
            }
            if (value.isEmpty()) throw DamException.invalid("expected a value after '" + name + ":' at " + (colon + 1) + " in the filters");
            if (value.length() > MAX_VALUE_LENGTH) {
                throw DamException.invalid("facet value too long at " + start + " in the filters (at most " + MAX_VALUE_LENGTH + " characters)");
            }
            if (++count > MAX_VALUES) throw DamException.invalid("too many filters at " + start + " (at most " + MAX_VALUES + ")");
            out.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(value.toString());
        }
        return copy(out);
    }

    /** {@code filters} checked (known facets, bounded) and made immutable, facets in their listing order. */
    static Map<String, List<String>> check(Map<String, ? extends java.util.Collection<String>> filters) {
        if (filters == null || filters.isEmpty()) return Map.of();
        Map<String, Set<String>> out = new LinkedHashMap<>();
        int count = 0;
        for (var e : filters.entrySet()) {
            if (!Schema.FACETS.containsKey(e.getKey())) {
                throw DamException.invalid("unknown facet '" + e.getKey() + "' (facets: " + String.join(", ", Schema.FACETS.keySet()) + ")");
            }
            for (String v : e.getValue()) {
                if (v == null || v.isEmpty() || v.length() > MAX_VALUE_LENGTH) {
                    throw DamException.invalid("a facet value has 1 to " + MAX_VALUE_LENGTH + " characters");
                }
                if (++count > MAX_VALUES) throw DamException.invalid("too many filters (at most " + MAX_VALUES + ")");
                out.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>()).add(v);
            }
        }
        return copy(out);
    }

    private static Map<String, List<String>> copy(Map<String, Set<String>> in) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : Schema.FACETS.keySet()) {
            Set<String> values = in.get(name);
            if (values != null && !values.isEmpty()) out.put(name, List.copyOf(values));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The filters written back as {@link #parse} reads them. */
    public static String format(Map<String, List<String>> filters) {
        List<String> parts = new ArrayList<>();
        filters.forEach((name, values) -> {
            for (String v : values) {
                boolean plain = !v.isEmpty() && v.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\\')
                        && v.charAt(0) != '"';
                parts.add(name + ":" + (plain ? v : "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
            }
        });
        return String.join(" ", parts);
    }
}
