package org.thatdam.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import org.thatdam.storage.objects.ObjectInfo;
import org.thatdam.storage.objects.ObjectStore;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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

    /**
     * Sends {@code file}, which must be a regular file reached without following a symbolic link at
     * its last step (a served file swapped for a link to a secret is refused, never read). HEAD
     * answers with the same status and headers as GET, without the body. It is named
     * {@code fileName} ({@link Disposition}: inline, or an attachment when asked).
     */
    static void send(Context ctx, Path file, String contentType, String fileName) throws IOException {
        try (FileChannel ch = open(file)) {
            // only once the file is open: an error answer is never offered as a download
            ctx.header("Content-Disposition", Disposition.header(Disposition.attachment(ctx), fileName));
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            send(ctx, ch.size(), attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS), contentType,
                    (start, end, out) -> copy(ch, start, end, out));
        }
    }

    /**
     * Sends the object {@code key} of {@code store} the same way, streamed from the store (a ranged read
     * for a Range request, never the whole object in memory). Its validators come from the store's size and
     * time, which every node sees alike.
     */
    static void send(Context ctx, ObjectStore store, String key, String contentType, String fileName) throws IOException {
        ObjectInfo o = store.stat(key).orElseThrow(() -> DamException.notFound("the file is gone from the store"));
        ctx.header("Content-Disposition", Disposition.header(Disposition.attachment(ctx), fileName));
        send(ctx, o.size(), o.modified().truncatedTo(ChronoUnit.SECONDS), contentType, (start, end, out) -> {
            if (end < start) return; // an empty object
            // opened before the first byte is written: a store that fails here still gets an error answer
            try (InputStream in = store.open(key, start, end - start + 1)) {
                in.transferTo(out);
            }
        });
    }

    /** Writes bytes {@code start..end} (inclusive) of what is sent. */
    @FunctionalInterface
    private interface Body {
        void copy(long start, long end, OutputStream out) throws IOException;
    }

    private static void copy(FileChannel ch, long start, long end, OutputStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long pos = start;
        while (pos <= end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos + 1));
            int n = ch.read(buf, pos);
            if (n < 0) break;
            out.write(buf.array(), 0, n);
            pos += n;
        }
    }

    /** Opens a file to serve: a regular file, not a symbolic link (checked before opening so a FIFO never blocks us). */
    private static FileChannel open(Path file) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw DamException.notFound("the file is gone from disk");
        }
        if (attrs.isSymbolicLink()) {
            throw DamException.forbidden("the file was replaced by a symbolic link: not served");
        }
        if (!attrs.isRegularFile()) throw DamException.forbidden("not a regular file: not served");
        try {
            // NOFOLLOW_LINKS again at open time: a link swapped in after the check fails to open (ELOOP).
            return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw DamException.notFound("the file is gone from disk");
        } catch (FileSystemException e) {
            throw DamException.forbidden("the file cannot be opened as a regular file: not served");
        }
    }

    private static void send(Context ctx, long size, Instant modified, String contentType, Body body) throws IOException {
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
                throw new DamException(ErrorCode.RANGE_NOT_SATISFIABLE, "range " + Params.abbreviate(range) + " is outside the "
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
        if (ctx.req().getMethod().equals("HEAD")) return;
        try {
            OutputStream out = ctx.res().getOutputStream();
            body.copy(start, end, out);
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
        if (m.group(1).isEmpty()) { // suffix: the last N bytes (more than the file: all of it)
            long n = number(m.group(2));
            return n == 0 || size == 0 ? UNSATISFIABLE : new long[] {Math.max(0, size - n), size - 1};
        }
        long start = number(m.group(1));
        long end = m.group(2).isEmpty() ? Long.MAX_VALUE : number(m.group(2));
        if (end < start) return null;
        if (start >= size) return UNSATISFIABLE;
        // RFC 9110 14.1.2: a last position beyond the file (however large) means "to the end".
        return new long[] {start, Math.min(end, size - 1)};
    }

    /** Digits as a long; numbers too large for one are saturated (they are past any file's end). */
    private static long number(String digits) {
        String d = digits.replaceFirst("^0+(?=\\d)", "");
        return d.length() > 18 ? Long.MAX_VALUE : Long.parseLong(d);
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
