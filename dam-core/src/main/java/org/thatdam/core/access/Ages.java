package org.thatdam.core.access;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thatdam.core.text.TextRules;
import org.thatdam.model.DamException;

/**
 * Lengths of time as users type them ({@code 90d}, {@code 12h}, {@code 30m}, {@code 2w}) and points
 * in time: one reading for the command line and the API.
 */
public final class Ages {

    private static final Pattern AGE = Pattern.compile("([0-9]{1,6})([mhdw])");

    private Ages() {}

    public static Duration duration(String s) {
        Matcher m = AGE.matcher(s == null ? "" : s.strip());
        if (!m.matches()) throw DamException.invalid("'" + clip(s) + "' is not a length of time like 30m, 12h, 90d or 2w");
        long n = Long.parseLong(m.group(1));
        if (n == 0) throw DamException.invalid("a length of time must be more than zero");
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /**
     * Refuses an expiry that is not in the future or lies more than {@code maxDays} ahead; null (it
     * never expires) passes. {@code what} names what expires ("a key", "a link").
     */
    public static void checkExpiry(Duration expiresIn, int maxDays, String what) {
        if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(Duration.ofDays(maxDays)) > 0)) {
            throw DamException.invalid(what + " expires between now and " + maxDays + " days from now");
        }
    }

    /** An ISO instant or date (UTC), or a length of time back from {@code now}. */
    public static Instant since(String s, Instant now) {
        String v = s == null ? "" : s.strip();
        if (AGE.matcher(v).matches()) return now.minus(duration(v));
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw DamException.invalid("'" + clip(v) + "' is neither a time (2026-01-31 or 2026-01-31T08:00:00Z) nor a length of time like 7d");
        }
    }

    /** Echoes at most 40 characters of what was typed, made safe to show. */
    private static String clip(String s) {
        String v = TextRules.sanitize(String.valueOf(s), 41);
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }
}
