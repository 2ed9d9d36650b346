package org.thatdam.core.capture;

import org.thatdam.model.DamException;

/** A take's name: its title in the library and the name of its file, so it must be a valid file name. */
final class TakeNames {

    static final int MAX = 120;
    /** Room for " (999).mp4" and a temporary-file prefix within a 255-byte file name. */
    static final int MAX_BYTES = 200;

    private TakeNames() {}

    private static final java.time.format.DateTimeFormatter DEFAULT =
            java.time.format.DateTimeFormatter.ofPattern("'Take' yyyy-MM-dd HH.mm.ss");

    /**
     * {@code raw} stripped, or a clear INVALID naming the field; without a name, "Take 2026-12-01 14.03.22"
     * (the local start time), as a recorder's clip names follow its clock.
     */
    static String valid(String raw, java.time.Instant now, java.time.ZoneId zone) {
        if (raw == null || raw.isBlank()) return DEFAULT.format(now.atZone(zone));
        String name = raw.strip();
        if (name.codePointCount(0, name.length()) > MAX) {
            throw DamException.invalid("name: a take's name has at most " + MAX + " characters");
        }
        if (name.equals(".") || name.equals("..") || name.startsWith(".")) {
            throw DamException.invalid("name: a take's name cannot start with a dot (it names a file)");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw DamException.invalid("name: a take's name names a file: at most " + MAX_BYTES + " bytes in UTF-8");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.getType(c) == Character.FORMAT) { // bidi overrides and invisible marks could disguise the file's name
                throw DamException.invalid("name: a take's name cannot hold invisible or direction-changing characters");
            }
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
