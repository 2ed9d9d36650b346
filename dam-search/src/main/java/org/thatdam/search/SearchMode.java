package org.thatdam.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.thatdam.model.DamException;

/**
 * How words are matched: by the words themselves (BM25), by meaning (nearest vectors), or both fused
 * by reciprocal rank.
 */
public enum SearchMode {
    KEYWORD("keyword"),
    SEMANTIC("semantic"),
    HYBRID("hybrid");

    private final String id;

    SearchMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The mode named {@code s} (any case); null or blank is {@link #HYBRID}. */
    public static SearchMode parse(String s) {
        if (s == null || s.isBlank()) return HYBRID;
        String k = s.strip().toLowerCase(Locale.ROOT);
        for (SearchMode m : values()) {
            if (m.id.equals(k)) return m;
        }
        throw DamException.invalid("unknown search mode '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s)
                + "' (modes: " + Arrays.stream(values()).map(SearchMode::id).collect(Collectors.joining(", ")) + ")");
    }
}
