package org.thatdam.model;

import java.util.List;
import java.util.Locale;

/**
 * How many assets were shot per period (by capture time, UTC), oldest period first; periods with
 * nothing in them are left out.
 *
 * @param by      "year", "month" or "day"
 * @param buckets one per period: "2024", "2024-01" or "2024-01-31"
 */
public record Timeline(String by, List<Bucket> buckets) {

    public Timeline {
        buckets = List.copyOf(buckets);
    }

    public record Bucket(String period, long count, double durationSec) {}

    /** The period length, with the SQLite strftime pattern that names a period. */
    public enum By {
        YEAR("%Y"), MONTH("%Y-%m"), DAY("%Y-%m-%d");

        private final String pattern;

        By(String pattern) {
            this.pattern = pattern;
        }

        public String strftime() {
            return pattern;
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static By parse(String s) {
            for (By b : values()) {
                if (b.id().equals(s == null ? "" : s.strip().toLowerCase(Locale.ROOT))) return b;
            }
            throw DamException.invalid("unknown period '" + s + "' (expected year, month or day)");
        }
    }
}
