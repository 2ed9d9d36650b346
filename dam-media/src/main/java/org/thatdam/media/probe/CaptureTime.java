package org.thatdam.media.probe;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thatdam.model.CaptureSource;
import org.thatdam.model.MediaInfo;

/**
 * When a file was shot, from the clues it carries, most trustworthy first: the container's
 * creation time (QuickTime/MP4), EXIF DateTimeOriginal with its OffsetTimeOriginal, XMP
 * xmp:CreateDate, a camera-style file name, and last the file's modification time.
 *
 * <p>One rule for zones: a time written with an offset (or Z) is that instant; a local time
 * without one is read as UTC, so sorting is stable and the UTC rendering shows the wall clock as
 * the camera wrote it. Values before 1971 (muxers' 1904/1970 "zero" dates) or from 2100 on are
 * bogus and ignored. Pure functions: no clock, no files.
 */
public final class CaptureTime {

    /** A capture time and where it came from. */
    public record Capture(Instant at, CaptureSource source) {}

    private static final Instant EARLIEST = Instant.parse("1971-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    /** ISO-8601-ish: date, 'T' or space, time, optional fraction, optional Z / ±HH:MM / ±HHMM / ±HH. */
    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?\\s*"
                    + "(Z|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final Pattern EXIF = Pattern.compile(
            "(\\d{4}):(\\d{2}):(\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?\\s*");
    private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{2}):?(\\d{2})");

    /**
     * Camera and recorder file names: 20240131_142501, VID_/IMG_/PXL_20240131_142501123,
     * "Screen Recording 2024-01-31 at 14.25.01", OBS "2024-01-31 14-25-01". The digits must not be
     * part of a longer number before them.
     */
    private static final List<Pattern> NAMES = List.of(
            Pattern.compile("(?<!\\d)(\\d{4})(\\d{2})(\\d{2})[_-]?(\\d{2})(\\d{2})(\\d{2})"),
            Pattern.compile("(?<!\\d)(\\d{4})-(\\d{2})-(\\d{2})(?: at |[ _T])(\\d{2})[.\\-:](\\d{2})[.\\-:](\\d{2})"));

    private CaptureTime() {}

    /** The first plausible clue in order, else the modification time. */
    public static Capture resolve(String quicktime, String exifDateTime, String exifOffset, String xmpCreateDate,
                                  String fileName, long mtimeMillis) {
        return fromMetadata(quicktime, exifDateTime, exifOffset, xmpCreateDate)
                .or(() -> fromFileName(fileName).map(t -> new Capture(t, CaptureSource.FILENAME)))
                .orElseGet(() -> new Capture(Instant.ofEpochMilli(mtimeMillis), CaptureSource.MTIME));
    }

    /** The first plausible metadata clue: container creation time, EXIF, XMP. */
    public static Optional<Capture> fromMetadata(String quicktime, String exifDateTime, String exifOffset,
                                                 String xmpCreateDate) {
        return iso(quicktime).map(t -> new Capture(t, CaptureSource.QUICKTIME))
                .or(() -> exif(exifDateTime, exifOffset).map(t -> new Capture(t, CaptureSource.EXIF)))
                .or(() -> iso(xmpCreateDate).map(t -> new Capture(t, CaptureSource.XMP)));
    }

    /** {@code info} as it is when its metadata gave a capture time, else with the file name's or mtime's. */
    public static MediaInfo complete(MediaInfo info, String fileName, long mtimeMillis) {
        if (info.capturedAt() != null && info.captureSource() != null) return info;
        Capture c = resolve(null, null, null, null, fileName, mtimeMillis);
        return info.withCapture(c.at(), c.source());
    }

    /** An ISO 8601 date-time as QuickTime tags and XMP write it; a date alone is its midnight. */
    public static Optional<Instant> iso(String s) {
        if (s == null) return Optional.empty();
        Matcher m = ISO.matcher(s.strip());
        if (!m.matches()) return Optional.empty();
        return local(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7))
                .flatMap(t -> atOffset(t, m.group(8)));
    }

    /** EXIF "2024:01:31 14:25:01" with OffsetTimeOriginal "+01:00" (absent: UTC). */
    public static Optional<Instant> exif(String dateTime, String offset) {
        if (dateTime == null) return Optional.empty();
        Matcher m = EXIF.matcher(dateTime.strip());
        if (!m.matches()) return Optional.empty();
        // Cameras without a clock zone leave the offset blank or "  :  ": then it is a local time.
        String o = offset == null || !OFFSET.matcher(offset.strip()).matches() ? null : offset.strip();
        return local(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7))
                .flatMap(t -> atOffset(t, o));
    }

    /** A date and time written into a camera-style file name, read as UTC. */
    public static Optional<Instant> fromFileName(String name) {
        if (name == null) return Optional.empty();
        for (Pattern p : NAMES) {
            Matcher m = p.matcher(name);
            while (m.find()) {
                Optional<Instant> t = local(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), null)
                        .flatMap(l -> atOffset(l, null));
                if (t.isPresent()) return t;
            }
        }
        return Optional.empty();
    }

    private static Optional<LocalDateTime> local(String y, String mo, String d, String h, String mi, String s, String frac) {
        try {
            int nanos = frac == null ? 0 : Integer.parseInt((frac + "000000000").substring(0, 9));
            return Optional.of(LocalDateTime.of(Integer.parseInt(y), Integer.parseInt(mo), Integer.parseInt(d),
                    h == null ? 0 : Integer.parseInt(h), mi == null ? 0 : Integer.parseInt(mi),
                    s == null ? 0 : Integer.parseInt(s), nanos));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty(); // month 13, 25 o'clock…
        }
    }

    private static Optional<Instant> atOffset(LocalDateTime t, String offset) {
        ZoneOffset zone = ZoneOffset.UTC;
        if (offset != null && !offset.isEmpty() && !offset.equals("Z")) {
            Matcher m = OFFSET.matcher(offset.length() == 3 ? offset + "00" : offset);
            if (!m.matches()) return Optional.empty();
            try {
                int minutes = Integer.parseInt(m.group(2)) * 60 + Integer.parseInt(m.group(3));
                zone = ZoneOffset.ofTotalSeconds((m.group(1).equals("-") ? -1 : 1) * minutes * 60);
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
        Instant at = OffsetDateTime.of(t, zone).toInstant();
        return at.isBefore(EARLIEST) || !at.isBefore(LATEST) ? Optional.empty() : Optional.of(at);
    }
}
