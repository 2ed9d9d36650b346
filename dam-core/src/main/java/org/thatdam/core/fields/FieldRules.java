package org.thatdam.core.fields;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.thatdam.core.text.TextRules;
import org.thatdam.model.DamException;
import org.thatdam.model.FieldDefinition;
import org.thatdam.model.FieldType;
import org.thatdam.model.FieldValue;

/**
 * How a value of each field type is checked, stored and given back. Values arrive JSON-ish (String,
 * Number, Boolean, a list of strings for a multiple choice; text from the command line for any type)
 * and are stored as rows of canonical text plus a number where ranges apply. A value that does not
 * fit is a {@link DamException} (422) naming the field and what it accepts.
 */
public final class FieldRules {

    static final int MAX_TEXT = 1_000;
    static final int MAX_LONG_TEXT = 20_000;
    static final int MAX_PERSON = 200;
    static final int MAX_URL = 2_000;

    private FieldRules() {}

    /** What a field of {@code d}'s type accepts, in words, for error messages and help. */
    public static String accepts(FieldDefinition d) {
        return switch (d.type()) {
            case TEXT -> "one line of text, up to " + MAX_TEXT + " characters";
            case LONG_TEXT -> "text, up to " + MAX_LONG_TEXT + " characters";
            case NUMBER -> "a number, e.g. 1500 or 12.5";
            case DATE -> "a date as YYYY-MM-DD, e.g. 2026-03-31";
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of: " + String.join(", ", d.choices());
            case MULTI_CHOICE -> "a list of: " + String.join(", ", d.choices());
            case PERSON -> "a person's name, up to " + MAX_PERSON + " characters";
            case URL -> "an http:// or https:// address";
        };
    }

    /**
     * The rows to store for {@code value} (empty = no value: null, an empty string or an empty list
     * clear it). Throws naming the field when the value does not fit its type.
     */
    public static List<FieldValue> rows(FieldDefinition d, Object value) {
        if (isEmpty(value)) return List.of();
        if (d.type() == FieldType.MULTI_CHOICE) {
            Collection<?> items = value instanceof Collection<?> c ? c : List.of(value);
            LinkedHashSet<String> picked = new LinkedHashSet<>();
            for (Object item : items) {
                if (isEmpty(item)) continue;
                picked.add(choice(d, text(d, item)));
            }
            return picked.stream().map(c -> new FieldValue(d.name(), c, null)).toList();
        }
        String text = text(d, value);
        return switch (d.type()) {
            case TEXT -> List.of(row(d, line(d, text, MAX_TEXT)));
            case LONG_TEXT -> {
                if (text.length() > MAX_LONG_TEXT) throw wrong(d, "is longer than " + MAX_LONG_TEXT + " characters");
                TextRules.check(prefix(d) + " the value", text, true);
                yield List.of(row(d, text));
            }
            case PERSON -> List.of(row(d, line(d, text, MAX_PERSON)));
            case NUMBER -> List.of(number(d, text));
            case DATE -> List.of(date(d, text));
            case BOOLEAN -> List.of(bool(d, text));
            case CHOICE -> List.of(row(d, choice(d, text)));
            case URL -> List.of(row(d, url(d, text)));
            case MULTI_CHOICE -> throw new AssertionError("handled above");
        };
    }

    /** The stored rows given back JSON-ish: a string, a number, a boolean, a list of strings, or null. */
    public static Object value(FieldDefinition d, List<FieldValue> rows) {
        return value(d.type(), rows.stream().map(FieldValue::text).toList());
    }

    /** The canonical texts of a field of {@code type} given back JSON-ish (see {@link #value(FieldDefinition, List)}). */
    public static Object value(FieldType type, List<String> texts) {
        if (texts.isEmpty()) return null;
        String first = texts.getFirst();
        return switch (type) {
            case MULTI_CHOICE -> List.copyOf(texts);
            case NUMBER -> {
                BigDecimal n = new BigDecimal(first);
                yield n.scale() <= 0 ? (Object) n.longValueExact() : (Object) n.doubleValue();
            }
            case BOOLEAN -> Boolean.parseBoolean(first);
            default -> first;
        };
    }

    /** Whether {@code v} means "no value". */
    static boolean isEmpty(Object v) {
        return v == null || (v instanceof String s && s.isBlank()) || (v instanceof Collection<?> c && c.isEmpty());
    }

    /** A single value as text; a list of one is that one (what a change from multiple to single choice meets). */
    private static String text(FieldDefinition d, Object v) {
        return switch (v) {
            case String s -> s.strip();
            case Boolean b -> b.toString();
            case BigDecimal n -> n.stripTrailingZeros().toPlainString();
            case Double n when n % 1 == 0 && Math.abs(n) < 1e15 -> Long.toString(n.longValue());
            case Number n -> n.toString();
            case Collection<?> c when c.size() == 1 -> text(d, c.iterator().next());
            case Collection<?> c -> throw wrong(d, "holds one value, not a list of " + c.size());
            case java.util.Map<?, ?> m -> throw wrong(d, "cannot hold an object");
            default -> throw wrong(d, "cannot hold a " + v.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        };
    }

    private static FieldValue row(FieldDefinition d, String text) {
        return new FieldValue(d.name(), text, null);
    }

    private static String line(FieldDefinition d, String text, int max) {
        if (text.length() > max) throw wrong(d, "is longer than " + max + " characters");
        TextRules.check(prefix(d) + " the value", text, false);
        return text;
    }

    private static FieldValue number(FieldDefinition d, String text) {
        BigDecimal n;
        try {
            n = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw wrong(d, text);
        }
        double v = n.doubleValue();
        if (Double.isInfinite(v) || n.abs().compareTo(BigDecimal.valueOf(1e15)) >= 0) throw wrong(d, "is too large (" + text + ")");
        String canonical = n.stripTrailingZeros().toPlainString();
        return new FieldValue(d.name(), canonical, v);
    }

    private static FieldValue date(FieldDefinition d, String text) {
        LocalDate day;
        try {
            day = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw wrong(d, text);
        }
        if (day.getYear() < 1 || day.getYear() > 9999) throw wrong(d, text);
        return new FieldValue(d.name(), day.toString(), (double) day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    }

    private static FieldValue bool(FieldDefinition d, String text) {
        boolean v = switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw wrong(d, text);
        };
        return new FieldValue(d.name(), Boolean.toString(v), v ? 1.0 : 0.0);
    }

    /** The choice as defined (matched ignoring case). */
    private static String choice(FieldDefinition d, String text) {
        Optional<String> match = d.choices().stream().filter(c -> c.equalsIgnoreCase(text)).findFirst();
        return match.orElseThrow(() -> wrong(d, text));
    }

    private static String url(FieldDefinition d, String text) {
        if (text.length() > MAX_URL) throw wrong(d, "is longer than " + MAX_URL + " characters");
        try {
            URI u = new URI(text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && !u.getHost().isEmpty()) return text;
        } catch (URISyntaxException e) {
            // said below, in the field's words
        }
        throw wrong(d, text);
    }

    /** "field 'budget' (number): 'abc' does not fit; expected a number, e.g. 1500 or 12.5". */
    static DamException wrong(FieldDefinition d, String problem) {
        String what = problem.startsWith("is ") || problem.startsWith("holds ") || problem.startsWith("cannot ")
                ? problem : "'" + shorten(problem) + "' does not fit";
        return DamException.invalid(prefix(d) + " " + what + "; expected " + accepts(d));
    }

    private static String prefix(FieldDefinition d) {
        return "field '" + d.name() + "' (" + d.type().id() + "):";
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }

    /** The choices as given: trimmed, each checked, duplicates (ignoring case) refused. */
    static List<String> choices(List<String> given) {
        List<String> out = new ArrayList<>();
        for (String c : given) {
            String v = c == null ? "" : c.strip();
            if (v.isEmpty()) throw DamException.invalid("a choice is empty");
            if (v.length() > 200) throw DamException.invalid("choice '" + shorten(v) + "' is longer than 200 characters");
            TextRules.check("choice '" + shorten(v) + "'", v, false);
            if (out.stream().anyMatch(v::equalsIgnoreCase)) throw DamException.invalid("choice '" + v + "' is given twice");
            out.add(v);
        }
        return out;
    }
}
