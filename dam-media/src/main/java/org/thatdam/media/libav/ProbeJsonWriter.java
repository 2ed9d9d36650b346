package org.thatdam.media.libav;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * ffprobe's JSON writer: the same layout (four-space indents), the same escaping, and its string
 * rules: text from libav is checked as UTF-8 and invalid sequences are dropped (ffprobe's
 * {@code string_validation=replace} with an empty replacement); numbers printed with C's
 * {@code "%f"} exactly as glibc rounds them.
 */
final class ProbeJsonWriter {

    private final StringBuilder out = new StringBuilder(4096);
    /** Whether the innermost open section has an entry already (a comma goes before the next). */
    private final boolean[] hasEntry = new boolean[16];
    private int depth;

    ProbeJsonWriter() {
        out.append('{');
    }

    void beginObject(String key) {
        entry(key);
        out.append('{');
        hasEntry[++depth] = false;
    }

    /** An object inside an array. */
    void beginObject() {
        entry(null);
        out.append('{');
        hasEntry[++depth] = false;
    }

    void beginArray(String key) {
        entry(key);
        out.append('[');
        hasEntry[++depth] = false;
    }

    void endObject() {
        close('}');
    }

    void endArray() {
        close(']');
    }

    void integer(String key, long value) {
        entry(key);
        out.append(value);
    }

    /** A string entry; {@code null} writes nothing (ffprobe leaves out what it would print as "N/A" or "unknown"). */
    void string(String key, String value) {
        if (value == null) return;
        entry(key);
        quoted(value);
    }

    /** A C string from libav, as bytes: invalid UTF-8 dropped. */
    void string(String key, byte[] value) {
        if (value == null) return;
        string(key, utf8(value));
    }

    String finish() {
        out.append("\n}\n");
        return out.toString();
    }

    /** {@code printf("%f", d)} as glibc writes it: exact binary value, ties to even, "-0.000000" kept. */
    static String cDouble(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        String s = new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        return Math.copySign(1.0, d) < 0 && !s.startsWith("-") ? "-" + s : s;
    }

    /** Invalid sequences are removed, valid text kept as it is. */
    static String utf8(byte[] bytes) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer chars = CharBuffer.allocate(bytes.length);
        while (true) {
            CoderResult r = dec.decode(in, chars, true);
            if (r.isError()) {
                in.position(in.position() + r.length());
            } else {
                break;
            }
        }
        dec.flush(chars);
        return chars.flip().toString();
    }

    private void entry(String key) {
        out.append(hasEntry[depth] ? ",\n" : "\n");
        hasEntry[depth] = true;
        indent(depth + 1);
        if (key != null) {
            quoted(key);
            out.append(": ");
        }
    }

    private void close(char c) {
        boolean any = hasEntry[depth];
        depth--;
        out.append('\n');
        if (any) indent(depth + 1);
        out.append(c);
    }

    private void indent(int levels) {
        out.repeat("    ", levels);
    }

    /** ffprobe's json_escape_str. */
    private void quoted(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 32) {
                        out.append(String.format("\\u00%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
