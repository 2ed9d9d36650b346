package org.thatdam.storage;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The text form of a path as the catalog stores it, exact whatever bytes the name holds.
 *
 * <p>Linux file names are bytes. The JDK turns them into Strings with the locale's encoding
 * ({@code sun.jnu.encoding}): a name that is not valid in it (Latin-1 {@code caf\xE9.mp4} under
 * UTF-8, or any non-ASCII name when the locale is "C") comes out with U+FFFD or '?', and that
 * String no longer opens the file. So the text form is computed from the raw bytes, decoded as
 * UTF-8 by us: valid UTF-8 is kept as is, and each byte that is not part of valid UTF-8 is written
 * as U+FFFD followed by its two upper-case hex digits ({@code caf\uFFFDE9.mp4}); a literal U+FFFD
 * in a name is written the same way, byte by byte, so the form is reversible. The raw bytes come
 * from {@link Path#toUri()} (which percent-encodes them), and a path is rebuilt from them through
 * {@link Path#of(URI)}: both are public and exact, and neither depends on the locale.
 */
public final class FileNames {

    /** Marks an escaped byte in the text form; shown to people as is. */
    public static final char MARK = '\uFFFD';
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final boolean UTF8_NAMES =
            "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", ""));

    private FileNames() {}

    /** The catalog's text form of a path (of its file name alone for a relative one-name path). */
    public static String text(Path p) {
        String s = p.toString();
        if (isAscii(s) || (UTF8_NAMES && s.indexOf(MARK) < 0)) {
            return s; // the JDK decoded the bytes exactly: the common case costs nothing
        }
        return escape(rawBytes(p));
    }

    /** The path whose raw bytes a text form stands for. */
    public static Path path(String text) {
        if (isAscii(text)) {
            return Path.of(text);
        }
        byte[] raw = unescape(text);
        if (raw[0] != '/') {
            // relative: only ever a name or names below the working directory
            Path base = Path.of("").toAbsolutePath();
            return base.relativize(fromRaw(concat(rawBytes(base), raw)));
        }
        return fromRaw(raw);
    }

    /** The text form for people: each escaped byte is shown as U+FFFD alone. */
    public static String display(String text) {
        if (text.indexOf(MARK) < 0) return text;
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c);
            if (c == MARK && isHex(text, i + 1)) i += 2;
        }
        return b.toString();
    }

    /** The file name of a path in display form (for titles and batch names). */
    public static String displayName(Path p) {
        Path name = p.getFileName();
        return name == null ? "" : display(text(name));
    }

    /**
     * Whether {@code p.toString()} names the same file: true unless the name holds bytes the
     * locale's encoding cannot represent. A String is all a child process's arguments can carry.
     */
    public static boolean faithful(Path p) {
        String s = p.toString();
        if (isAscii(s)) return true;
        try {
            return Path.of(s).equals(p);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The bytes of a path as the file system has them. */
    public static byte[] rawBytes(Path p) {
        Path abs = p.toAbsolutePath();
        byte[] full = percentDecode(abs.toUri().getRawPath());
        int n = full.length;
        if (n > 1 && full[n - 1] == '/') n--; // toUri() marks a folder with a trailing slash
        if (p.isAbsolute()) {
            return java.util.Arrays.copyOf(full, n);
        }
        byte[] base = rawBytes(Path.of("").toAbsolutePath());
        int from = base.length == 1 ? 1 : base.length + 1; // below "/" or below "/base/"
        return java.util.Arrays.copyOfRange(full, Math.min(from, n), n);
    }

    static String escape(byte[] raw) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CharBuffer out = CharBuffer.allocate(raw.length * 3 + 4);
        while (true) {
            int start = out.position();
            CoderResult r = d.decode(in, out, true);
            // A literal U+FFFD decoded just now must be escaped too, or it would read as a mark.
            escapeMarks(out, start);
            if (r.isUnderflow()) break;
            for (int i = 0; i < r.length(); i++) {
                appendEscaped(out, in.get());
            }
        }
        out.flip();
        return out.toString();
    }

    private static void escapeMarks(CharBuffer out, int from) {
        int end = out.position();
        String seg = null;
        for (int i = from; i < end; i++) {
            if (out.get(i) == MARK) {
                seg = new String(out.array(), from, end - from);
                break;
            }
        }
        if (seg == null) return;
        out.position(from);
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            if (c == MARK) {
                for (byte b : String.valueOf(MARK).getBytes(StandardCharsets.UTF_8)) appendEscaped(out, b);
            } else {
                out.put(c);
            }
        }
    }

    private static void appendEscaped(CharBuffer out, byte b) {
        out.put(MARK).put(HEX[(b >> 4) & 0xF]).put(HEX[b & 0xF]);
    }

    static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        int i = 0;
        int plain = 0;
        while (i < text.length()) {
            if (text.charAt(i) == MARK && isHex(text, i + 1)) {
                out.writeBytes(text.substring(plain, i).getBytes(StandardCharsets.UTF_8));
                out.write(Integer.parseInt(text, i + 1, i + 3, 16));
                i += 3;
                plain = i;
            } else {
                i++;
            }
        }
        out.writeBytes(text.substring(plain).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static boolean isHex(String s, int at) {
        return at + 1 < s.length() && hexDigit(s.charAt(at)) && hexDigit(s.charAt(at + 1));
    }

    private static boolean hexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    private static Path fromRaw(byte[] raw) {
        StringBuilder uri = new StringBuilder("file://");
        for (byte b : raw) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/-._~".indexOf(c) >= 0) {
                uri.append((char) c);
            } else {
                uri.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return Path.of(URI.create(uri.toString()));
    }

    private static byte[] percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s, i + 1, i + 3, 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] base, byte[] rel) {
        int sep = base.length == 1 ? 0 : 1; // the base may be "/" itself
        byte[] r = new byte[base.length + sep + rel.length];
        System.arraycopy(base, 0, r, 0, base.length);
        if (sep == 1) r[base.length] = '/';
        System.arraycopy(rel, 0, r, base.length + sep, rel.length);
        return r;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) return false;
        }
        return true;
    }
}
