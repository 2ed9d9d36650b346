package org.thatdam.media.ffmpeg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.thatdam.media.MediaException;

/**
 * The one way a user's file is opened by ffmpeg or ffprobe, so that it reads that file and nothing
 * else. Some container formats are lists of other files (DASH and HLS manifests, concat lists, a
 * QuickTime track's external data reference, image2's numbered sequences): a file named
 * {@code clip.mp4} that is really a manifest would otherwise be catalogued, and its posters and
 * proxies made, from whatever file it names. Hence, for every open:
 * <ul>
 *   <li>the content is looked at first: a text file (a manifest, a playlist, a list) is refused
 *       with the reason, whatever its name or leading comments, BOM or XML prolog;</li>
 *   <li>{@code -format_whitelist}: only demuxers that read their own file are used;</li>
 *   <li>{@code -protocol_whitelist file} and the path as {@code file:/abs}: no network or wrapper
 *       protocol, and a name starting with {@code -} or holding {@code :} is taken literally;</li>
 *   <li>a name with {@code %} never reaches image2 (which would read it as {@code name1.png},
 *       {@code name2.png}…): image2 is left out of the list and a picture is read by its own
 *       single-image demuxer, chosen from its signature;</li>
 *   <li>{@code -enable_drefs 0} for QuickTime/MP4 (it is the default; said here so no build or
 *       future default can follow a track into another file).</li>
 * </ul>
 */
public final class MediaInput {

    /** Bytes looked at to recognise a text file; manifests say what they are in their first lines. */
    static final int HEAD = 4096;

    /**
     * Demuxers that read only the file they are given, for the formats the library catalogues.
     * Left out on purpose: dash, hls, concat, imf, webm_dash_manifest (lists of other files),
     * image2pipe, data, sdp/rtp/rtsp (network), subtitles and text formats, svg_pipe (can name
     * external pictures). image2 is added only for names without {@code %}.
     */
    static final List<String> DEMUXERS = List.of(
            // video containers
            "mov", "matroska", "avi", "asf", "flv", "mpeg", "mpegts", "mpegvideo", "mxf", "ogg", "dv", "rm",
            "nut", "yuv4mpegpipe", "h264", "hevc", "m4v", "ivf", "r3d",
            // audio
            "mp3", "wav", "w64", "aac", "ac3", "eac3", "dts", "dtshd", "flac", "aiff", "amr", "caf", "ape", "wv",
            // single pictures
            "png_pipe", "jpeg_pipe", "webp_pipe", "bmp_pipe", "tiff_pipe", "gif", "gif_pipe", "apng", "psd_pipe",
            "exr_pipe", "jpegxl_pipe", "j2k_pipe", "dpx_pipe", "qoi_pipe", "hdr_pipe", "ppm_pipe", "pgm_pipe",
            "pam_pipe");

    private MediaInput() {}

    /**
     * How {@code file} may be opened, by a child process ({@link #args}) or in-process (the media
     * workers): the URL, the allowed demuxers, whether QuickTime's external references must be
     * switched off and, for a name image2 would read as a pattern, the picture demuxer to use.
     *
     * @param forcedFormat a demuxer to use instead of probing, or null
     */
    public record OpenPlan(String url, String formatWhitelist, boolean quickTime, String forcedFormat) {}

    /**
     * The plan to open {@code file}, after its first bytes are looked at.
     *
     * @throws NotMediaException when the content is text (a manifest, playlist or list), not opened
     * @throws MediaException    when the file cannot be read
     */
    public static OpenPlan plan(Path file) {
        byte[] head = head(file);
        refuseText(head);
        String input = path(file);
        // image2 expands a pattern anywhere in the path it is given, folders included.
        boolean percent = input.indexOf('%') >= 0;
        return new OpenPlan(input, String.join(",", DEMUXERS) + (percent ? "" : ",image2"), isQuickTime(head),
                percent ? pictureDemuxer(head).orElse(null) : null);
    }

    /**
     * The input options and {@code -i file:/abs/path} to open {@code file} (ffmpeg and ffprobe both
     * take them); input options such as {@code -ss} may come before.
     *
     * @throws NotMediaException when the content is text (a manifest, playlist or list), not opened
     * @throws MediaException    when the file cannot be read
     */
    public static List<String> args(Path file) {
        OpenPlan plan = plan(file);
        List<String> a = new ArrayList<>(List.of("-protocol_whitelist", "file", "-format_whitelist", plan.formatWhitelist()));
        if (plan.quickTime()) {
            a.addAll(List.of("-enable_drefs", "0"));
        }
        if (plan.forcedFormat() != null) {
            a.addAll(List.of("-f", plan.forcedFormat()));
        }
        a.addAll(List.of("-i", plan.url()));
        return a;
    }

    /** {@code file:} and the path a child can open (see {@link FileArg}): what {@link #args} names the input. */
    public static String path(Path file) {
        return FileArg.of(file);
    }

    /** Throws a {@link MediaException} naming the file when it is not there (checked before any run). */
    public static void checkReadable(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MediaException("cannot read " + file.getFileName() + ": no such file");
        }
    }

    /** Throws {@link NotMediaException} when the file's first bytes are text (see {@link #textKind}). */
    public static void checkNotText(Path file) {
        refuseText(head(file));
    }

    private static void refuseText(byte[] head) {
        textKind(head).ifPresent(kind -> {
            throw new NotMediaException(kind);
        });
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEAD);
        } catch (IOException e) {
            throw new MediaException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Where a list of other files says what it is, wherever in its first lines (after comments, say). */
    private static final Pattern DASH = Pattern.compile("<\\s*MPD[\\s>]", Pattern.CASE_INSENSITIVE);
    private static final Pattern HLS = Pattern.compile("#EXTM3U|#EXT-X-|#EXTINF", Pattern.CASE_INSENSITIVE);
    private static final Pattern FFCONCAT = Pattern.compile("ffconcat\\s+version", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONCAT = Pattern.compile("(?m)^\\s*file\\s+\\S");
    private static final Pattern SMIL = Pattern.compile("<\\s*smil[\\s>]", Pattern.CASE_INSENSITIVE);
    private static final Pattern IMF = Pattern.compile("<\\s*(?:\\w+:)?CompositionPlaylist", Pattern.CASE_INSENSITIVE);
    private static final Pattern XML = Pattern.compile("^\\s*<[?!A-Za-z]");
    /** Media formats whose first bytes are text: a YUV4MPEG2 header line, AMR's "#!AMR". */
    private static final Pattern TEXT_MEDIA = Pattern.compile("^(YUV4MPEG2 |#!AMR)");

    /**
     * What the bytes are when they are text rather than media, e.g. "a DASH manifest (a playlist
     * that points at other files)". Text means: no NUL and no control characters but white space
     * up to {@link #HEAD} bytes (after an optional byte-order mark), and valid UTF-8 or Latin-1.
     * Every container the library reads is binary within its first bytes.
     */
    public static Optional<String> textKind(byte[] head) {
        int n = head.length;
        if (n == 0) {
            return Optional.empty();
        }
        String text;
        if (n >= 2 && ((head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF
                || (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE)) {
            // UTF-16 text (ffmpeg reads such lists too): decode and judge the characters
            text = new String(head, 0, n - (n % 2), StandardCharsets.UTF_16);
        } else {
            int start = n >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
            text = new String(head, start, n - start, StandardCharsets.ISO_8859_1);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f) {
                return Optional.empty(); // binary: NULs and control bytes come early in every container
            }
        }
        if (TEXT_MEDIA.matcher(text).find()) {
            return Optional.empty();
        }
        if (DASH.matcher(text).find()) return Optional.of("a DASH manifest (a playlist that points at other files)");
        if (HLS.matcher(text).find()) return Optional.of("an HLS playlist (a list of other files to play)");
        if (FFCONCAT.matcher(text).find()) return Optional.of("an ffconcat list (a list of other files to join)");
        if (SMIL.matcher(text).find()) return Optional.of("a SMIL presentation (it points at other files)");
        if (IMF.matcher(text).find()) return Optional.of("an IMF composition playlist (it points at other files)");
        if (CONCAT.matcher(text).find()) return Optional.of("a concat list (a list of other files to join)");
        if (XML.matcher(text).find()) return Optional.of("an XML document, not media");
        return Optional.of("a text file, not media");
    }

    /** ISO base media / QuickTime: the mov demuxer takes it, so its options apply. */
    static boolean isQuickTime(byte[] b) {
        if (b.length < 8) return false;
        String atom = new String(b, 4, 4, StandardCharsets.ISO_8859_1);
        return List.of("ftyp", "moov", "mdat", "wide", "free", "skip", "pnot").contains(atom);
    }

    /** The single-picture demuxer for a picture's signature, for names image2 would read as a pattern. */
    static Optional<String> pictureDemuxer(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return Optional.of("png_pipe");
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) return Optional.of("jpeg_pipe");
        if (b.length >= 12 && ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) return Optional.of("webp_pipe");
        if (b.length >= 4 && ascii(b, 0, "GIF8")) return Optional.of("gif");
        if (b.length >= 4 && (ascii(b, 0, "II*\0") || ascii(b, 0, "MM\0*"))) return Optional.of("tiff_pipe");
        if (b.length >= 2 && ascii(b, 0, "BM")) return Optional.of("bmp_pipe");
        return Optional.empty();
    }

    private static boolean ascii(byte[] b, int off, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (off + i >= b.length || b[off + i] != (byte) s.charAt(i)) return false;
        }
        return true;
    }

    /**
     * ffmpeg's refusal of a demuxer outside {@link #DEMUXERS}, as a sentence: "[dash @ 0x…] Format
     * not on whitelist '…'" becomes "its format (dash) is not one the library opens (…)". Other
     * text is returned as it is.
     */
    public static String explain(String stderr) {
        var m = NOT_ON_LIST.matcher(stderr);
        if (!m.find()) {
            return stderr;
        }
        String format = m.group(1).toLowerCase(Locale.ROOT);
        return format.equals("image2")
                ? "the name has a % that would make it a numbered image sequence (other files); not opened"
                : "its format (" + format + ") is not one the library opens (formats that can refer to other "
                        + "files are never opened)";
    }

    private static final Pattern NOT_ON_LIST = Pattern.compile("\\[([^\\] @]+)[^\\]]*]\\s*Format not on whitelist");

    /** A file that is not media by its content (text: a manifest, playlist or list of files); never opened. */
    public static final class NotMediaException extends MediaException {
        /** Stable code for callers that report errors by code. */
        public static final String CODE = "not-media";
        private final String kind;

        public NotMediaException(String kind) {
            super("not a media file: it is " + kind + "; not opened");
            this.kind = kind;
        }

        /** What it is instead, e.g. "a DASH manifest (a playlist that points at other files)". */
        public String kind() {
            return kind;
        }
    }
}
