package org.thatdam.media.xmp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Finds the XMP packet embedded in a JPEG (APP1), PNG (iTXt), MP4/MOV ({@code uuid} box
 * BE7ACFCB-97A9-42E8-9C71-999491E3AFAC at the top level, or {@code moov/udta/XMP_}) or TIFF
 * (tag 700 of the first IFD). It walks the file's structure by positioned reads of headers only,
 * with a bound on the number of segments, chunks and boxes it looks at, so a multi-GB video costs
 * a few small reads; a packet larger than {@value Xmp#MAX_PACKET} bytes is refused.
 */
public final class EmbeddedXmp {

    private static final byte[] JPEG_XMP = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XMP_UUID = hex("BE7ACFCB97A942E89C71999491E3AFAC");
    private static final String PNG_KEYWORD = "XML:com.adobe.xmp";
    private static final int MAX_STEPS = 10_000;

    private EmbeddedXmp() {}

    /** The embedded packet, or empty when the file has none (or is of a kind that cannot hold one here). */
    public static Optional<byte[]> find(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] head = read(ch, 0, 16);
            if (head.length >= 3 && u(head[0]) == 0xFF && u(head[1]) == 0xD8 && u(head[2]) == 0xFF) return jpeg(ch);
            if (head.length >= 8 && u(head[0]) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') return png(ch);
            if (head.length >= 8 && (head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0
                    || head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42)) return tiff(ch, head[0] == 'I');
            if (head.length >= 8 && isBoxType(head, 4)) return isoBmff(ch, 0, ch.size(), 0);
            return Optional.empty();
        }
    }

    private static Optional<byte[]> jpeg(FileChannel ch) throws IOException {
        long pos = 2;
        for (int i = 0; i < MAX_STEPS; i++) {
            byte[] m = read(ch, pos, 4);
            if (m.length < 4 || u(m[0]) != 0xFF) return Optional.empty();
            int marker = u(m[1]);
            if (marker == 0xFF) { pos++; continue; } // fill byte
            if (marker == 0xDA || marker == 0xD9) return Optional.empty(); // image data: no more metadata segments
            if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) { pos += 2; continue; } // no length
            int len = (u(m[2]) << 8) | u(m[3]);
            if (len < 2) return Optional.empty();
            if (marker == 0xE1 && len - 2 > JPEG_XMP.length) {
                byte[] sig = read(ch, pos + 4, JPEG_XMP.length);
                if (java.util.Arrays.equals(sig, JPEG_XMP)) {
                    return Optional.of(read(ch, pos + 4 + JPEG_XMP.length, len - 2 - JPEG_XMP.length));
                }
            }
            pos += 2 + len;
        }
        return Optional.empty();
    }

    private static Optional<byte[]> png(FileChannel ch) throws IOException {
        long pos = 8;
        for (int i = 0; i < MAX_STEPS; i++) {
            byte[] h = read(ch, pos, 8);
            if (h.length < 8) return Optional.empty();
            long len = ByteBuffer.wrap(h, 0, 4).getInt() & 0xFFFFFFFFL;
            String type = new String(h, 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("IEND")) return Optional.empty();
            if (type.equals("iTXt") && len > PNG_KEYWORD.length()) {
                byte[] kw = read(ch, pos + 8, PNG_KEYWORD.length() + 1);
                if (new String(kw, StandardCharsets.ISO_8859_1).equals(PNG_KEYWORD + "\0")) {
                    if (len > Xmp.MAX_PACKET + 1024L) throw XmpException.tooLarge("the embedded XMP", len);
                    return Optional.of(itxtText(read(ch, pos + 8, (int) len)));
                }
            }
            pos += 12 + len;
        }
        return Optional.empty();
    }

    /** The text of an iTXt chunk: keyword\0, compression flag, method, language\0, translated keyword\0, text. */
    private static byte[] itxtText(byte[] data) throws IOException {
        int p = PNG_KEYWORD.length() + 1;
        if (data.length < p + 2) throw new XmpException("the PNG's XMP chunk is damaged");
        boolean compressed = data[p] != 0;
        p += 2;
        for (int zeros = 0; zeros < 2; p++) {
            if (p >= data.length) throw new XmpException("the PNG's XMP chunk is damaged");
            if (data[p] == 0) zeros++;
        }
        byte[] text = java.util.Arrays.copyOfRange(data, p, data.length);
        return compressed ? inflate(text) : text;
    }

    private static byte[] inflate(byte[] in) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                out.write(buf, 0, n);
                if (out.size() > Xmp.MAX_PACKET) throw XmpException.tooLarge("the embedded XMP", out.size());
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new XmpException("the PNG's XMP chunk is damaged");
        } finally {
            inf.end();
        }
    }

    private static Optional<byte[]> tiff(FileChannel ch, boolean little) throws IOException {
        ByteOrder order = little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        long ifd = ByteBuffer.wrap(read(ch, 4, 4)).order(order).getInt() & 0xFFFFFFFFL;
        byte[] c = read(ch, ifd, 2);
        if (c.length < 2) return Optional.empty();
        int count = ByteBuffer.wrap(c).order(order).getShort() & 0xFFFF;
        byte[] entries = read(ch, ifd + 2, Math.min(count, 4096) * 12);
        ByteBuffer b = ByteBuffer.wrap(entries).order(order);
        for (int i = 0; i + 12 <= entries.length; i += 12) {
            int tag = b.getShort(i) & 0xFFFF;
            int type = b.getShort(i + 2) & 0xFFFF;
            long n = b.getInt(i + 4) & 0xFFFFFFFFL;
            if (tag == 700 && (type == 1 || type == 7)) {
                if (n > Xmp.MAX_PACKET) throw XmpException.tooLarge("the embedded XMP", n);
                long at = n <= 4 ? ifd + 2 + i + 8 : b.getInt(i + 8) & 0xFFFFFFFFL;
                return Optional.of(read(ch, at, (int) n));
            }
        }
        return Optional.empty();
    }

    /** Boxes from {@code start} to {@code end}: the XMP uuid box, or moov → udta → XMP_. */
    private static Optional<byte[]> isoBmff(FileChannel ch, long start, long end, int depth) throws IOException {
        long pos = start;
        for (int i = 0; i < MAX_STEPS && pos + 8 <= end; i++) {
            byte[] h = read(ch, pos, 16);
            if (h.length < 8) return Optional.empty();
            long size = ByteBuffer.wrap(h, 0, 4).getInt() & 0xFFFFFFFFL;
            String type = new String(h, 4, 4, StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                if (h.length < 16) return Optional.empty();
                size = ByteBuffer.wrap(h, 8, 8).getLong();
                header = 16;
            } else if (size == 0) {
                size = end - pos;
            }
            if (size < header || pos + size > end) return Optional.empty();
            long body = pos + header;
            long bodyLen = size - header;
            if (type.equals("uuid") && bodyLen > 16 && java.util.Arrays.equals(read(ch, body, 16), XMP_UUID)) {
                return Optional.of(packet(ch, body + 16, bodyLen - 16));
            }
            if (type.equals("XMP_") && depth == 2) return Optional.of(packet(ch, body, bodyLen));
            if (depth < 2 && (depth == 0 && type.equals("moov") || depth == 1 && type.equals("udta"))) {
                Optional<byte[]> inner = isoBmff(ch, body, body + bodyLen, depth + 1);
                if (inner.isPresent()) return inner;
            }
            pos += size;
        }
        return Optional.empty();
    }

    private static byte[] packet(FileChannel ch, long at, long len) throws IOException {
        if (len > Xmp.MAX_PACKET) throw XmpException.tooLarge("the embedded XMP", len);
        return read(ch, at, (int) len);
    }

    private static boolean isBoxType(byte[] b, int at) {
        for (int i = at; i < at + 4; i++) if (b[i] < 0x20 || b[i] > 0x7E) return false;
        String t = new String(b, at, 4, StandardCharsets.ISO_8859_1);
        return t.equals("ftyp") || t.equals("moov") || t.equals("mdat") || t.equals("wide") || t.equals("free")
                || t.equals("skip") || t.equals("uuid");
    }

    /** Up to {@code n} bytes at {@code pos} (fewer at the end of the file). */
    private static byte[] read(FileChannel ch, long pos, int n) throws IOException {
        if (pos < 0 || n < 0) return new byte[0];
        if (n > Xmp.MAX_PACKET + 1024) throw XmpException.tooLarge("the embedded XMP", n);
        ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, Math.min(n, ch.size() - pos)));
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) break;
        }
        return java.util.Arrays.copyOf(buf.array(), buf.position());
    }

    private static int u(byte b) {
        return b & 0xFF;
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return out;
    }
}
