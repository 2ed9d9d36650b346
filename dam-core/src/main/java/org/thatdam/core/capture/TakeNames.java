package org.thatdam.core.capture;

import org.thatdam.model.DamException;

/** A take's name: its title in the library and the name of its file, so it must be a valid file name. */
final class TakeNames {

    static final int MAX = 120;

    private TakeNames() {}

    /** {@code raw} stripped, or a clear INVALID naming the field. */
    static String valid(String raw) {
        if (raw == null || raw.isBlank()) throw DamException.invalid("name: a take needs a name (1 to " + MAX + " characters)");
        String name = raw.strip();
        if (name.codePointCount(0, name.length()) > MAX) {
            throw DamException.invalid("name: a take's name has at most " + MAX + " characters");
        }
        if (name.equals(".") || name.equals("..") || name.startsWith(".")) {
            throw DamException.invalid("name: a take's name cannot start with a dot (it names a file)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c == ':' || Character.isISOControl(c) || Character.isSurrogate(c) && !validPair(name, i)) {
                throw DamException.invalid("name: a take's name names a file: no / \\ : or control characters");
            }
        }
        return name;
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** {@code name.mp4}, then {@code name (2).mp4} … */
    static String fileName(String name, int n) {
        return (n <= 1 ? name : name + " (" + n + ")") + ".mp4";
    }
}
