package org.thatdam.media.probe;

import org.thatdam.media.libav.DisplaySize;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thatdam.model.AssetKind;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.MediaInfo;
import org.thatdam.model.StreamInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegFailure;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.worker.MediaWorkers;

/**
 * Reads technical metadata in a media worker process ({@link MediaWorkers}: libavformat in-process
 * there, ffprobe's answer without a process start; a hostile file that crashes a decoder only fails
 * that file), or with ffprobe in a child process when workers are off, and normalizes it into
 * {@link MediaInfo}. Images also get their EXIF fields. Anything unreadable becomes a
 * {@link MediaException} with a precise reason.
 */
public final class MediaProber {

    /** Above this on either side a "picture" is a corrupt header, not a real image or video. */
    static final int MAX_DIMENSION = 65_536;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ISO6709 = Pattern.compile("([+-]\\d+(?:\\.\\d+)?)([+-]\\d+(?:\\.\\d+)?)");

    private final FfmpegTools tools;
    private final Duration timeout;
    /** Null: ffprobe in a child process per file. */
    private final MediaWorkers workers;

    /** Probes in the process-wide pool ({@link MediaWorkers#configured()}), or with ffprobe when workers are off. */
    public MediaProber(FfmpegTools tools, Duration timeout) {
        this(tools, timeout, MediaWorkers.configured());
    }

    /** Probes in {@code workers}, or with ffprobe when it is null. */
    public MediaProber(FfmpegTools tools, Duration timeout, MediaWorkers workers) {
        this.tools = tools;
        this.timeout = timeout;
        this.workers = workers;
    }

    public MediaInfo probe(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new MediaException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new MediaException("empty file (0 bytes)");
        }
        String json = answer(file);
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            // the prober writes its JSON itself, whatever the file holds: unreadable output is our bug
            throw new DamException(ErrorCode.INTERNAL, "the prober answered with invalid JSON: " + e.getMessage(), e);
        }
        MediaInfo info = normalize(root, json, extensionOf(file));
        if (info.kind() == AssetKind.IMAGE) {
            info = ImageMetadata.enrich(info, file);
        }
        return info;
    }

    /**
     * The probe answer in ffprobe's JSON shape: from a media worker (no process start per file);
     * from ffprobe when workers are switched off or cannot start here. A file that crashes or hangs
     * a worker fails with the worker's error: it is not tried again in ffprobe.
     */
    private String answer(Path file) {
        return MediaWorkers.orProcesses(workers, () -> workers.probe(file, timeout), () -> ffprobeJson(file));
    }

    /** {@code ffprobe -show_format -show_streams} on {@code file} in a child process: its JSON. */
    public String ffprobeJson(Path file) {
        FfmpegArgs args = FfmpegArgs.ffprobe().add("-print_format", "json", "-show_format", "-show_streams")
                .input(file); // refuses manifests and lists; opens only this file
        ProcessResult r = ToolRunner.run(tools.ffprobe(), args.list(), timeout);
        if (!r.ok()) {
            throw FfmpegFailure.of("not readable as media", r, file);
        }
        return r.stdoutText();
    }

    /**
     * {@link MediaInfo} from a probe answer in ffprobe's JSON shape ({@code rawJson} is kept as is),
     * without the EXIF of images.
     */
    public static MediaInfo normalize(JsonNode root, String rawJson, String extension) {
        JsonNode format = root.path("format");
        JsonNode fmtTags = format.path("tags");
        String formatName = text(format, "format_name");
        String container = containerName(formatName, extension, tag(fmtTags, "major_brand"));
        List<StreamInfo> streams = new ArrayList<>();
        JsonNode firstVideo = null;
        JsonNode firstAudio = null;
        for (JsonNode s : root.path("streams")) {
            String type = text(s, "codec_type");
            boolean attachedPic = s.path("disposition").path("attached_pic").asInt() == 1;
            if ("video".equals(type) && !attachedPic && firstVideo == null) firstVideo = s;
            if ("audio".equals(type) && firstAudio == null) firstAudio = s;
            streams.add(stream(s));
        }
        if (firstVideo == null && firstAudio == null) {
            throw new MediaException("no audio or video stream found" + (formatName == null ? "" : " (format " + formatName + ")"));
        }
        AssetKind kind = firstVideo == null ? AssetKind.AUDIO
                : isImageFormat(formatName) ? AssetKind.IMAGE : AssetKind.VIDEO;

        Integer width = null, height = null, rotation = null;
        Double fps = null;
        if (firstVideo != null) {
            rotation = rotation(firstVideo);
            checkDimensions(intOrNull(firstVideo, "width"), intOrNull(firstVideo, "height"));
            // Display dimensions, what a viewer sees; the coded ones stay in the streams.
            DisplaySize display = DisplaySize.ofStream(firstVideo, rotation).orElse(null);
            width = display == null ? null : display.width();
            height = display == null ? null : display.height();
            fps = kind == AssetKind.VIDEO ? frameRate(firstVideo) : null;
        }
        Double duration = positive(doubleOrNull(format, "duration"));
        if (duration == null && kind != AssetKind.IMAGE) {
            for (JsonNode s : root.path("streams")) {
                Double d = positive(doubleOrNull(s, "duration"));
                if (d != null && (duration == null || d > duration)) duration = d;
            }
        }
        if (kind == AssetKind.IMAGE) duration = null;

        String timecode = tag(fmtTags, "timecode");
        for (JsonNode s : root.path("streams")) {
            if (timecode == null) timecode = tag(s.path("tags"), "timecode");
        }
        CaptureTime.Capture capture = containerCapture(root);
        Double[] gps = gps(firstNonNull(tag(fmtTags, "location"), tag(fmtTags, "com.apple.quicktime.location.iso6709")));
        return new MediaInfo(kind, container, duration, longOrNull(format, "bit_rate"), width, height, fps,
                firstVideo == null ? null : text(firstVideo, "codec_name"),
                firstAudio == null ? null : text(firstAudio, "codec_name"),
                rotation, tag(fmtTags, "creation_time"), timecode, gps[0], gps[1],
                firstNonNull(tag(fmtTags, "com.apple.quicktime.make"), tag(fmtTags, "make")),
                firstNonNull(tag(fmtTags, "com.apple.quicktime.model"), tag(fmtTags, "model")),
                tag(fmtTags, "title"), firstNonNull(tag(fmtTags, "comment"), tag(fmtTags, "description")),
                capture == null ? null : capture.at(), capture == null ? null : capture.source(), streams, rawJson);
    }

    /**
     * The container's own creation time: Apple's creationdate (it keeps the local offset), the
     * format's creation_time, then any stream's; the first plausible one (muxers write 1904 or
     * 1970 when they know nothing).
     */
    static CaptureTime.Capture containerCapture(JsonNode root) {
        JsonNode fmtTags = root.path("format").path("tags");
        List<String> candidates = new ArrayList<>();
        candidates.add(tag(fmtTags, "com.apple.quicktime.creationdate"));
        candidates.add(tag(fmtTags, "creation_time"));
        for (JsonNode s : root.path("streams")) candidates.add(tag(s.path("tags"), "creation_time"));
        for (String c : candidates) {
            var t = CaptureTime.fromMetadata(c, null, null, null);
            if (t.isPresent()) return t.get();
        }
        return null;
    }

    /**
     * One name for the container, as a person says it. ffprobe names demuxer families
     * ("mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm") and pipes ("png_pipe"); the file's brand or
     * extension picks the member.
     */
    static String containerName(String formatName, String extension, String majorBrand) {
        if (formatName == null) return null;
        if (formatName.startsWith("mov,")) {
            String brand = majorBrand == null ? "" : majorBrand.strip().toLowerCase(Locale.ROOT);
            if (brand.equals("qt")) return "mov";
            if (brand.startsWith("m4a") || brand.startsWith("m4b")) return "m4a";
            if (brand.startsWith("3g2")) return "3g2";
            if (brand.startsWith("3gp")) return "3gp";
            if (brand.equals("mj2")) return "mj2";
            return extension != null && List.of("mov", "m4a", "3gp", "3g2").contains(extension) ? extension : "mp4";
        }
        if (formatName.endsWith("_pipe")) return formatName.substring(0, formatName.length() - "_pipe".length());
        if (formatName.equals("image2") && extension != null) return extension.equals("jpeg") ? "jpg" : extension;
        if (formatName.contains(",")) {
            List<String> members = List.of(formatName.split(","));
            return extension != null && members.contains(extension) ? extension : members.get(0);
        }
        return formatName;
    }

    /** The lower-case extension of the file's name, or null. */
    public static String extensionOf(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? null : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean isImageFormat(String formatName) {
        if (formatName == null) return false;
        return formatName.equals("image2") || formatName.endsWith("_pipe") || formatName.equals("gif")
                || formatName.equals("webp") || formatName.equals("apng");
    }

    private static void checkDimensions(Integer w, Integer h) {
        if (w == null || h == null) return;
        if (w <= 0 || h <= 0 || w > MAX_DIMENSION || h > MAX_DIMENSION) {
            throw new MediaException("implausible picture dimensions " + w + "x" + h);
        }
    }

    private static StreamInfo stream(JsonNode s) {
        String type = Optional.ofNullable(text(s, "codec_type")).orElse("unknown");
        boolean video = "video".equals(type);
        return new StreamInfo(s.path("index").asInt(), type, text(s, "codec_name"), text(s, "profile"),
                video ? intOrNull(s, "width") : null, video ? intOrNull(s, "height") : null,
                video ? frameRate(s) : null, video ? text(s, "pix_fmt") : null, video ? rotation(s) : null,
                intOrNull(s, "sample_rate"), intOrNull(s, "channels"), text(s, "channel_layout"),
                tag(s.path("tags"), "language"), longOrNull(s, "bit_rate"));
    }

    /**
     * Clockwise degrees the picture must be turned for display, 0/90/180/270. ffprobe reports the
     * display matrix as counter-clockwise degrees (a phone's "rotate=90" shows as -90).
     */
    static Integer rotation(JsonNode s) {
        Double r = null;
        for (JsonNode sd : s.path("side_data_list")) {
            if (sd.has("rotation")) r = sd.path("rotation").asDouble();
        }
        if (r == null) {
            String tag = tag(s.path("tags"), "rotate");
            if (tag != null) {
                try {
                    r = -Double.parseDouble(tag);
                } catch (NumberFormatException ignored) {
                    // a nonsense tag is no rotation
                }
            }
        }
        if (r == null) return null;
        int cw = (int) Math.round(-r) % 360;
        cw = (cw + 360) % 360;
        return cw == 0 ? null : (cw + 45) / 90 * 90 % 360;
    }

    static Double frameRate(JsonNode s) {
        Double avg = ratio(text(s, "avg_frame_rate"));
        Double real = ratio(text(s, "r_frame_rate"));
        Double fps = avg != null && avg > 0 && avg < 1000 ? avg : real != null && real > 0 && real < 1000 ? real : null;
        return fps == null ? null : Math.round(fps * 1000) / 1000.0;
    }

    static Double ratio(String r) {
        if (r == null) return null;
        int slash = r.indexOf('/');
        try {
            if (slash < 0) return Double.parseDouble(r);
            double num = Double.parseDouble(r.substring(0, slash));
            double den = Double.parseDouble(r.substring(slash + 1));
            return den == 0 ? null : num / den;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Double[] gps(String iso6709) {
        if (iso6709 != null) {
            Matcher m = ISO6709.matcher(iso6709);
            if (m.find()) {
                double lat = Double.parseDouble(m.group(1));
                double lon = Double.parseDouble(m.group(2));
                if (Math.abs(lat) <= 90 && Math.abs(lon) <= 180) return new Double[] {lat, lon};
            }
        }
        return new Double[] {null, null};
    }

    /** Tag keys vary in case between muxers (TIMECODE, timecode). */
    static String tag(JsonNode tags, String key) {
        if (!tags.isObject()) return null;
        var it = tags.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().toLowerCase(Locale.ROOT).equals(key) && !e.getValue().asText().isBlank()) {
                return e.getValue().asText().strip();
            }
        }
        return null;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private static Integer intOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isNumber()) return v.asInt();
        try {
            return Integer.parseInt(v.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        try {
            return Long.parseLong(v.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double doubleOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        try {
            double d = Double.parseDouble(v.asText());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double positive(Double d) {
        return d != null && d > 0 ? d : null;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) if (v != null) return v;
        return null;
    }
}
