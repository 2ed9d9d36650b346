package org.thatdam.media.capture;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.thatdam.media.MediaException;

/**
 * Reads the JPEGs of a multipart stream (ffmpeg's {@code mpjpeg}, an HTTP
 * {@code multipart/x-mixed-replace} body): a {@code --boundary} line, header lines, an empty line and
 * {@code Content-Length} bytes. A part is handed over as soon as its bytes are in, not when the next
 * boundary arrives. Bounded: a part over {@link #MAX_PART} bytes, a header line over
 * {@link #MAX_LINE}, or more than {@link #MAX_HEADERS} headers is an error.
 */
public final class MjpegParts {

    public static final int MAX_PART = 16 * 1024 * 1024;
    public static final int MAX_LINE = 8 * 1024;
    public static final int MAX_HEADERS = 64;

    private final InputStream in;
    private String boundary;

    /** The boundary is learned from the first {@code --} line. */
    public MjpegParts(InputStream in) {
        this(in, null);
    }

    public MjpegParts(InputStream in, String boundary) {
        this.in = in;
        this.boundary = boundary;
    }

    /** The next part's bytes, or null at the end of the stream (or a closing {@code --boundary--}). */
    public byte[] next() throws IOException {
        String line;
        int blank = 0;
        do {
            line = line(true);
            if (line == null) return null;
            if (line.isEmpty() && ++blank > MAX_HEADERS) throw damaged("no boundary line");
        } while (line.isEmpty());
        String b = line.strip();
        if (!b.startsWith("--")) throw damaged("expected a boundary line, not " + quote(b));
        if (boundary == null) {
            boundary = b.endsWith("--") && b.length() > 4 ? b.substring(2, b.length() - 2) : b.substring(2);
            if (boundary.isEmpty()) throw damaged("an empty boundary");
        }
        if (b.equals("--" + boundary + "--")) return null;
        if (!b.equals("--" + boundary)) throw damaged("expected the boundary --" + boundary + ", not " + quote(b));
        long length = -1;
        for (int headers = 0; ; headers++) {
            if (headers > MAX_HEADERS) throw damaged("more than " + MAX_HEADERS + " header lines in a part");
            String h = line(headers == 0); // ffmpeg ends its stream with a boundary and no part after it
            if (h == null) return null;
            if (h.isEmpty()) break;
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    length = Long.parseLong(h.substring(colon + 1).strip());
                } catch (NumberFormatException e) {
                    throw damaged("a Content-Length that is not a number: " + quote(h));
                }
            }
        }
        if (length < 0) throw damaged("a part without Content-Length");
        if (length > MAX_PART) throw damaged("a part of " + length + " bytes (at most " + MAX_PART + ")");
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) throw new EOFException("the stream ended inside a part");
        return body;
    }

    /** A line without its CR LF (or LF); null at the end of the stream when {@code endOk}. */
    private String line(boolean endOk) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (endOk && buf.size() == 0) return null;
                throw new EOFException("the stream ended inside a part's headers");
            }
            if (c == '\n') break;
            if (buf.size() >= MAX_LINE) throw damaged("a header line longer than " + MAX_LINE + " bytes");
            buf.write(c);
        }
        String s = buf.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static String quote(String s) {
        String shown = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    private static MediaException damaged(String why) {
        return new MediaException("the multipart JPEG stream is damaged: " + why);
    }
}
