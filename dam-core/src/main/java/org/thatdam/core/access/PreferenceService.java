package org.thatdam.core.access;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;
import org.thatdam.catalog.Catalog;
import org.thatdam.model.DamException;
import org.thatdam.model.Principal;
import org.thatdam.model.User;

/**
 * What the dashboard remembers for a person across browsers (open tab, view, theme). The values
 * are JSON documents the caller has already parsed and written back out; this service only bounds
 * them, so one account cannot fill the catalog.
 */
public final class PreferenceService {

    /** The largest value, in UTF-8 bytes of its JSON. */
    public static final int MAX_VALUE_BYTES = 8 * 1024;
    /** The most keys one account keeps. */
    public static final int MAX_KEYS = 100;
    /** The deepest nesting of arrays and objects in a value (a deeper one could not be written back out). */
    public static final int MAX_DEPTH = 32;
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final Catalog catalog;
    private final Clock clock;

    public PreferenceService(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Every remembered value of the one asking; none for a credential that is nobody's (the command line). */
    public Map<String, String> all(Principal who) {
        if (who.user() == null) return Map.of();
        return catalog.read(s -> s.preferences().all(account(s.users().find(who.user()).orElse(null))));
    }

    /** Remembers {@code json} under {@code key} for the one asking. */
    public void put(Principal who, String key, String json) {
        checkKey(key);
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw DamException.tooLarge("a preference holds at most " + MAX_VALUE_BYTES / 1024 + " KB");
        }
        if (depth(json) > MAX_DEPTH) {
            throw DamException.invalid("a preference nests arrays and objects at most " + MAX_DEPTH + " deep");
        }
        long user = userId(who);
        catalog.write(s -> {
            if (!s.preferences().all(user).containsKey(key) && s.preferences().count(user) >= MAX_KEYS) {
                throw DamException.invalid("an account keeps at most " + MAX_KEYS + " preferences");
            }
            s.preferences().put(user, key, json, clock.millis());
            return null;
        });
    }

    /** Forgets one key of the one asking (nothing happens when it was not set). */
    public void remove(Principal who, String key) {
        checkKey(key);
        long user = userId(who);
        catalog.write(s -> s.preferences().remove(user, key));
    }

    private long userId(Principal who) {
        if (who.user() == null) {
            throw DamException.invalid("preferences belong to an account; the command line's key has none");
        }
        return catalog.read(s -> account(s.users().find(who.user()).orElse(null)));
    }

    private static long account(User u) {
        if (u == null) throw DamException.unauthorized("this account no longer exists");
        return u.id();
    }

    private static void checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw DamException.invalid("a preference key is 1–64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** How deep arrays and objects nest in a JSON text (brackets inside strings do not count). */
    static int depth(String json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return max;
    }
}
