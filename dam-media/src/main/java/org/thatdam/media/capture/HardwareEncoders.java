package org.thatdam.media.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.model.DamException;
import org.thatdam.model.FrameRate;

/**
 * Which H.264 encoder recordings use: the first hardware encoder that really encodes a frame on this
 * machine (an encoder compiled into ffmpeg says nothing about a GPU or driver being there), else
 * libx264. Each is tried once per process with a one-frame encode of a test pattern.
 */
public final class HardwareEncoders {

    private static final Logger LOG = LoggerFactory.getLogger(HardwareEncoders.class);

    public static final String SOFTWARE = "libx264";
    /** In the order they are preferred. */
    public static final List<String> HARDWARE = List.of("h264_vaapi", "h264_nvenc", "h264_qsv", "h264_v4l2m2m");
    static final Duration TRIAL_LIMIT = Duration.ofSeconds(5);
    private static final Path DRI = Path.of("/dev/dri");

    private static final Map<String, Boolean> TRIED = new ConcurrentHashMap<>();
    private static volatile String detected;

    private final FfmpegTools tools;

    private HardwareEncoders(FfmpegTools tools) {
        this.tools = tools;
    }

    public static HardwareEncoders with(FfmpegTools tools) {
        return new HardwareEncoders(tools);
    }

    /** The first hardware encoder that works here, else {@code libx264}; found once per process. */
    public static String detect(FfmpegTools tools) {
        String d = detected;
        if (d == null) {
            synchronized (HardwareEncoders.class) {
                d = detected;
                if (d == null) {
                    d = SOFTWARE;
                    for (String enc : HARDWARE) {
                        if (with(tools).works(enc)) {
                            d = enc;
                            break;
                        }
                    }
                    LOG.info("recordings are encoded with {}", d);
                    detected = d;
                }
            }
        }
        return d;
    }

    /**
     * The encoder for the configured {@code capture.encoder}: {@code auto} (or empty) detects; a named
     * hardware encoder is used when its trial works, else libx264 (and the reason is logged).
     */
    public String resolve(String configured) {
        String c = configured == null ? "" : configured.strip().toLowerCase(Locale.ROOT);
        if (c.isEmpty() || c.equals("auto")) return detect(tools);
        if (c.equals(SOFTWARE)) return SOFTWARE;
        if (!HARDWARE.contains(c)) {
            LOG.warn("capture.encoder '{}' is not one of auto, {}, {}: recording with {}", configured, SOFTWARE,
                    String.join(", ", HARDWARE), SOFTWARE);
            return SOFTWARE;
        }
        if (works(c)) return c;
        LOG.warn("capture.encoder {} does not encode on this machine ({}): recording with {}", c, reason(c), SOFTWARE);
        return SOFTWARE;
    }

    /** Whether a one-frame encode with {@code encoder} succeeds (cached per process). */
    public boolean works(String encoder) {
        return TRIED.computeIfAbsent(encoder, e -> reason(e) == null);
    }

    /** Why a one-frame trial encode fails, or null when it works. */
    private String reason(String encoder) {
        String device = null;
        if (encoder.equals("h264_vaapi")) {
            device = renderNode();
            if (device == null) return "no /dev/dri/renderD* device";
        }
        List<String> args = FfmpegArgs.ffmpeg().list();
        if (device != null) args.addAll(List.of("-vaapi_device", device));
        args.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-frames:v", "1"));
        args.addAll(videoArgs(new EncoderSettings(encoder, 23, 0, 1, "veryfast"), new FrameRate(25, 1)));
        args.addAll(List.of("-f", "null", "-"));
        try {
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), args, TRIAL_LIMIT);
            return r.ok() ? null : r.errorSummary();
        } catch (DamException e) {
            return e.getMessage();
        }
    }

    private static String renderNode() {
        if (!Files.isDirectory(DRI)) return null;
        try (var s = Files.list(DRI)) {
            return s.map(Path::toString).filter(p -> p.matches(".*/renderD\\d+")).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The video output options for {@code settings}: the quality (CRF-like, when no bitrate) or the
     * bitrate, a keyframe every {@code keyframeSeconds}, in each encoder's own words.
     */
    public static List<String> videoArgs(EncoderSettings s, FrameRate rate) {
        int gop = (int) Math.max(1, Math.round(s.keyframeSeconds() * rate.fps()));
        int q = Math.max(0, Math.min(51, s.quality()));
        String kbps = s.bitrateKbps() + "k";
        List<String> a = new ArrayList<>();
        String enc = s.encoder() == null ? SOFTWARE : s.encoder();
        switch (enc) {
            case "h264_vaapi" -> {
                a.addAll(List.of("-vf", "format=nv12,hwupload", "-c:v", enc));
                if (s.bitrateKbps() > 0) a.addAll(List.of("-b:v", kbps, "-maxrate", kbps));
                else a.addAll(List.of("-rc_mode", "CQP", "-qp", String.valueOf(q)));
            }
            case "h264_nvenc" -> {
                a.addAll(List.of("-c:v", enc, "-preset", "p4", "-pix_fmt", "yuv420p"));
                if (s.bitrateKbps() > 0) a.addAll(List.of("-rc", "vbr", "-b:v", kbps, "-maxrate", kbps, "-bufsize", 2 * s.bitrateKbps() + "k"));
                else a.addAll(List.of("-rc", "vbr", "-cq", String.valueOf(q), "-b:v", "0"));
            }
            case "h264_qsv" -> {
                a.addAll(List.of("-c:v", enc, "-pix_fmt", "nv12"));
                if (s.bitrateKbps() > 0) a.addAll(List.of("-b:v", kbps, "-maxrate", kbps, "-bufsize", 2 * s.bitrateKbps() + "k"));
                else a.addAll(List.of("-global_quality", String.valueOf(Math.max(1, q))));
            }
            case "h264_v4l2m2m" -> {
                // it has no constant-quality mode: without a chosen bitrate, 8 Mbit/s (ample up to 1080p)
                a.addAll(List.of("-c:v", enc, "-pix_fmt", "yuv420p", "-b:v", s.bitrateKbps() > 0 ? kbps : "8000k"));
            }
            case SOFTWARE -> {
                String preset = s.preset() == null || !s.preset().matches("[a-z]{1,12}") ? "veryfast" : s.preset();
                a.addAll(List.of("-c:v", SOFTWARE, "-preset", preset, "-pix_fmt", "yuv420p"));
                if (s.bitrateKbps() > 0) a.addAll(List.of("-b:v", kbps, "-maxrate", kbps, "-bufsize", 2 * s.bitrateKbps() + "k"));
                else a.addAll(List.of("-crf", String.valueOf(q)));
            }
            default -> throw DamException.invalid("'" + enc + "' is not an encoder recordings can use ("
                    + SOFTWARE + ", " + String.join(", ", HARDWARE) + ")");
        }
        a.addAll(List.of("-g", String.valueOf(gop)));
        return a;
    }
}
