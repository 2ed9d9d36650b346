package org.thatdam.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a file with what browsers expect of media: validators (ETag, Last-Modified → 304),
 * byte ranges (206 with Content-Range, 416 when unsatisfiable) so video seeking works, and
 * revalidating cache headers (derivatives keep their URL when regenerated).
 */
final class FileResponder {

    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

    private FileResponder() {}

    static void send(Context ctx, Path file, String contentType) throws IOException {
        long size;
        Instant modified;
        try {
            size = Files.size(file);
            modified = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (NoSuchFileException e) {
            throw new ApiError(404, "not_found", "the file is gone from disk");
        }
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified.getEpochSecond()) + "\"";
        ctx.header("ETag", etag);
        ctx.header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atOffset(ZoneOffset.UTC)));
        ctx.header("Cache-Control", "private, no-cache");
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("X-Content-Type-Options", "nosniff");
        if (notModified(ctx, etag, modified)) {
            ctx.status(304);
            return;
        }
        long start = 0;
        long end = size - 1;
        String range = ctx.header("Range");
        String ifRange = ctx.header("If-Range");
        if (range != null && (ifRange == null || ifRange.equals(etag))) {
            long[] r = parseRange(range, size);
            if (r == UNSATISFIABLE) {
                ctx.header("Content-Range", "bytes */" + size);
                throw new ApiError(416, "range_not_satisfiable", "range " + Params.abbreviate(range) + " is outside the "
                        + size + " bytes of the file");
            }
            if (r != null) {
                start = r[0];
                end = r[1];
                ctx.status(206);
                ctx.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
            // null: not a single valid byte range (several ranges, other units, "5-2"): the whole
            // file, which RFC 9110 allows
        }
        ctx.contentType(contentType);
        long length = end - start + 1;
        ctx.res().setContentLengthLong(length);
        if (ctx.method().name().equals("HEAD")) return;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            OutputStream out = ctx.res().getOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long pos = start;
            while (pos <= end) {
                buf.clear().limit((int) Math.min(buf.capacity(), end - pos + 1));
                int n = ch.read(buf, pos);
                if (n < 0) break;
                out.write(buf.array(), 0, n);
                pos += n;
            }
            out.flush();
        } catch (IOException e) {
            // the client went away mid-transfer (a seeking video does this all the time)
        }
    }

    private static final long[] UNSATISFIABLE = new long[0];

    /** {start, end} of a single byte range, {@link #UNSATISFIABLE}, or null to ignore the header. */
    static long[] parseRange(String header, long size) {
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) return null;
        try {
            if (m.group(1).isEmpty()) { // suffix: the last N bytes
                long n = Long.parseLong(m.group(2));
                return n == 0 ? UNSATISFIABLE : new long[] {Math.max(0, size - n), size - 1};
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
            if (!m.group(2).isEmpty() && end < start) return null;
            if (start >= size) return UNSATISFIABLE;
            return new long[] {start, Math.min(end, size - 1)};
        } catch (NumberFormatException e) {
            return UNSATISFIABLE; // absurdly large numbers
        }
    }

    private static boolean notModified(Context ctx, String etag, Instant modified) {
        String inm = ctx.header("If-None-Match");
        if (inm != null) {
            for (String t : inm.split(",")) {
                String v = t.strip();
                if (v.equals(etag) || v.equals("*") || v.equals("W/" + etag)) return true;
            }
            return false;
        }
        String ims = ctx.header("If-Modified-Since");
        if (ims != null) {
            try {
                Instant since = DateTimeFormatter.RFC_1123_DATE_TIME.parse(ims, Instant::from);
                return !modified.isAfter(since);
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

}
