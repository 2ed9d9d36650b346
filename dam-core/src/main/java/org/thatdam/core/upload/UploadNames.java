package org.thatdam.core.upload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * File and folder names for uploaded files, made from what the client sent, which is never trusted:
 * any path is stripped (both {@code /} and {@code \}), so are control characters, line separators and
 * invisible format characters such as bidirectional overrides (they make {@code exe.mp4} look like
 * {@code 4pm.exe}), leading dots and spaces (no hidden
 * files) and trailing dots and spaces (Windows drops them); Windows' reserved device names
 * ({@code CON}, {@code NUL}, {@code COM1}…) get an underscore; a name is at most 255 bytes of UTF-8,
 * keeping its extension. What is left empty becomes {@value #FALLBACK}.
 */
public final class UploadNames {

    public static final String FALLBACK = "upload";
    static final int MAX_BYTES = 255;
    /** Sub-folders a dropped folder may bring along. */
    static final int MAX_DEPTH = 16;

    private static final Pattern RESERVED = Pattern.compile("(con|prn|aux|nul|com[1-9]|lpt[1-9])(\\..*)?",
            Pattern.CASE_INSENSITIVE);

    private UploadNames() {}

    /** A safe file name from the client's {@code raw} name (its last path part). */
    public static String fileName(String raw) {
        String s = raw == null ? "" : raw;
        int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        String name = segment(s.substring(cut + 1));
        return name.isEmpty() ? FALLBACK : name;
    }

    /**
     * The folders of a client's relative path ({@code trip/day 1/clip.mp4} → {@code [trip, day 1]}):
     * its last part is the file itself and is dropped; {@code .}, {@code ..} and empty parts are
     * dropped, the others cleaned like file names; at most {@value #MAX_DEPTH} are kept.
     */
    public static List<String> folders(String relativePath) {
        List<String> out = new ArrayList<>();
        if (relativePath == null) return out;
        String[] parts = relativePath.split("[/\\\\]", -1);
        for (int i = 0; i < parts.length - 1 && out.size() < MAX_DEPTH; i++) {
            String p = parts[i].strip();
            if (p.isEmpty() || p.equals(".") || p.equals("..")) continue;
            String clean = segment(p);
            if (!clean.isEmpty()) out.add(clean);
        }
        return out;
    }

    /** {@code name (2).ext}: the n-th choice when the name is taken. */
    public static String numbered(String name, int n) {
        if (n <= 1) return name;
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return limit(base, ext, " (" + n + ")");
    }

    private static String segment(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        raw.codePoints().filter(cp -> !Character.isISOControl(cp) && !invisible(cp) && cp != '/' && cp != '\\')
                .forEach(b::appendCodePoint);
        String s = b.toString();
        s = s.replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
        if (s.isEmpty()) return "";
        if (RESERVED.matcher(s).matches()) s = "_" + s;
        int dot = s.lastIndexOf('.');
        String base = dot > 0 ? s.substring(0, dot) : s;
        String ext = dot > 0 ? s.substring(dot) : "";
        if (ext.getBytes(StandardCharsets.UTF_8).length > 32) { // not an extension worth keeping whole
            base = s;
            ext = "";
        }
        return limit(base, ext, "");
    }

    /** {@code base + suffix + ext} cut (in the base, on a code point) to {@link #MAX_BYTES} bytes of UTF-8. */
    private static String limit(String base, String ext, String suffix) {
        int room = MAX_BYTES - bytes(ext) - bytes(suffix);
        String b = base;
        while (bytes(b) > room) {
            b = b.substring(0, b.offsetByCodePoints(b.length(), -1));
        }
        return b + suffix + ext;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Line and paragraph separators (U+2028, U+2029: they break a name over lines in logs and
     * listings) and format characters: direction marks, embeddings, overrides and isolates, zero-width
     * spaces, the byte order mark… The zero-width joiners are kept: emoji and some scripts need them.
     */
    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT && cp != 0x200C && cp != 0x200D;
    }
}
