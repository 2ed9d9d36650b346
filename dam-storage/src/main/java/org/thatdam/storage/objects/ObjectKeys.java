package org.thatdam.storage.objects;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import org.thatdam.model.DamException;

/**
 * The rules every key obeys, whatever the store: relative, {@code /}-separated, no empty, {@code .}
 * or {@code ..} segment, no control character, at most 1,024 bytes of UTF-8 (S3's limit). The same
 * key then names the same object on disk and in a bucket, and none can reach outside the store.
 */
public final class ObjectKeys {

    /** S3's limit for a key, in bytes of UTF-8. */
    public static final int MAX_BYTES = 1024;

    /** Keys in the order S3 lists them: by the bytes of their UTF-8, that is by code point. */
    public static final Comparator<String> ORDER = ObjectKeys::compare;

    private ObjectKeys() {}

    /** Returns {@code key} when it is a valid key, else throws {@code invalid} saying which rule it breaks. */
    public static String check(String key) {
        if (key == null || key.isEmpty()) throw DamException.invalid("an object key is empty");
        checkText(key, "object key");
        if (key.endsWith("/")) throw DamException.invalid("object key " + quote(key) + " ends with '/'");
        checkSegments(key, "object key");
        return key;
    }

    /**
     * Returns {@code prefix} when it is a valid listing prefix: empty (everything), or the start of a
     * key, possibly ending with {@code /}. Its complete segments obey the key rules.
     */
    public static String checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) return "";
        checkText(prefix, "prefix");
        String segments = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (segments.isEmpty()) throw DamException.invalid("prefix " + quote(prefix) + " starts with '/'");
        checkSegments(segments, "prefix");
        return prefix;
    }

    /** Whether {@code key} obeys the rules (for names found in a store that others also write). */
    public static boolean isValid(String key) {
        try {
            check(key);
            return true;
        } catch (DamException e) {
            return false;
        }
    }

    private static void checkText(String text, String what) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw DamException.invalid(what + " is longer than " + MAX_BYTES + " bytes");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) throw DamException.invalid(what + " contains a NUL character");
            if (Character.isISOControl(c)) throw DamException.invalid(what + " contains a control character");
            if (c == '\\') throw DamException.invalid(what + " " + quote(text) + " contains '\\' (segments are separated by '/')");
            if (Character.isSurrogate(c) && !validSurrogate(text, i)) {
                throw DamException.invalid(what + " " + quote(text) + " is not valid Unicode");
            }
        }
        if (text.startsWith("/")) throw DamException.invalid(what + " " + quote(text) + " is absolute (starts with '/')");
    }

    private static void checkSegments(String text, String what) {
        for (String segment : text.split("/", -1)) {
            if (segment.isEmpty()) throw DamException.invalid(what + " " + quote(text) + " has an empty segment ('//')");
            if (segment.equals(".") || segment.equals("..")) {
                throw DamException.invalid(what + " " + quote(text) + " has a '" + segment + "' segment");
            }
        }
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** A key for a message: quoted, cut when very long. */
    static String quote(String key) {
        String shown = key.length() > 200 ? key.substring(0, 200) + "…" : key;
        return "'" + shown + "'";
    }
}
