package org.thatdam.server;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import org.thatdam.server.api.DownloadNames;

/**
 * The {@code Content-Disposition} of a served file (RFC 6266): {@code attachment} when the request
 * says {@code ?download=1}, {@code inline} otherwise, and the file's real name twice: as an ASCII
 * fallback ({@code filename="…"}) and exactly ({@code filename*=UTF-8''…}, RFC 8187 percent-encoding).
 */
final class Disposition {

    /** The query parameter that asks for an attachment. */
    static final String PARAM = "download";

    private Disposition() {}

    static boolean attachment(Context ctx) {
        String v = ctx.queryParam(PARAM);
        return v != null && (v.strip().equals("1") || v.strip().equalsIgnoreCase("true"));
    }

    static String header(boolean attachment, String fileName) {
        String name = DownloadNames.safe(fileName);
        return (attachment ? "attachment" : "inline") + "; filename=\"" + ascii(name) + "\"; filename*=UTF-8''" + encoded(name);
    }

    /** Non-ASCII characters (and "%", which some browsers decode in this form) as "_". */
    private static String ascii(String name) {
        StringBuilder b = new StringBuilder(name.length());
        name.codePoints().forEach(c -> b.append(c < 0x20 || c > 0x7E || c == '%' ? '_' : (char) c));
        return b.toString();
    }

    /** RFC 8187 value-chars: attr-char as is, every other UTF-8 byte as %XX. */
    private static String encoded(String name) {
        StringBuilder b = new StringBuilder();
        for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return b.toString();
    }
}
