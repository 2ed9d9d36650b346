package org.thatdam.media.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.thatdam.model.DamException;

/**
 * The console's ready-made operations. {@link #expand} checks the caller's values against each
 * parameter's pattern (and ranges the pattern cannot say), fills in defaults and returns the
 * argument list; every ffmpeg expansion also passes {@link ArgumentPolicy} (a test checks all).
 *
 * <p>The watermark preset's text is drawn by the runner ({@link TextOverlay}), not by ffmpeg:
 * its command carries the text and names the picture {@code -i {{overlay}}}.
 *
 * <p>Video outputs are H.264 (yuv420p) + AAC in MP4 with {@code +faststart}, so they play in
 * browsers; contact-sheet and thumbnails space their frames over the input's duration, so
 * they need {@link #expand(String, Map, double)} with it.
 */
public final class Presets {

    private Presets() {}

    private static final String TIME = "\\d{1,6}(?:\\.\\d{1,3})?|(?:\\d{1,3}:)?\\d{1,2}:\\d{2}(?:\\.\\d{1,3})?";
    private static final String TIME_HELP = " (seconds such as 12.5, or HH:MM:SS)";
    private static final List<String> H264 = List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
            "-pix_fmt", "yuv420p");
    private static final List<String> AAC = List.of("-c:a", "aac", "-b:a", "160k");
    private static final List<String> MP4_OUT = List.of("-movflags", "+faststart", "{{output.mp4}}");

    /** {@code overlay}: the text picture for {@code -i {{overlay}}}, or null for presets without one. */
    private record Def(Preset preset, boolean needsDuration, BiFunction<Values, Double, List<String>> tokens,
                       Function<Values, TextOverlay> overlay) {}

    private static final Map<String, Def> DEFS = new LinkedHashMap<>();

    private static void def(String name, String description, boolean needsDuration, List<PresetParam> params,
                            BiFunction<Values, Double, List<String>> tokens) {
        def(name, description, needsDuration, params, tokens, null);
    }

    private static void def(String name, String description, boolean needsDuration, List<PresetParam> params,
                            BiFunction<Values, Double, List<String>> tokens, Function<Values, TextOverlay> overlay) {
        DEFS.put(name, new Def(new Preset(name, description, name.equals("probe"), params), needsDuration, tokens,
                overlay));
    }

    private static PresetParam p(String name, String description, String defaultValue, String pattern) {
        return new PresetParam(name, description, defaultValue, pattern);
    }

    static {
        def("trim", "Cut a part out (re-encoded, so the cut is frame-exact)", false, List.of(
                p("start", "where the part starts" + TIME_HELP, "0", TIME),
                p("duration", "how long the part is" + TIME_HELP + "; leave empty when giving end", "10", "|" + TIME),
                p("end", "where the part ends, instead of a duration" + TIME_HELP, "", "|" + TIME)),
                (v, d) -> {
                    double start = seconds(v.get("start"));
                    double length;
                    if (!v.get("end").isEmpty()) {
                        if (v.given("duration") && !v.get("duration").isEmpty()) {
                            throw v.invalid("give a duration or an end, not both");
                        }
                        length = seconds(v.get("end")) - start;
                        if (length <= 0) {
                            throw v.invalid("end " + v.get("end") + " must be after start " + v.get("start"));
                        }
                    } else {
                        if (v.get("duration").isEmpty()) {
                            throw v.invalid("give a duration or an end");
                        }
                        length = seconds(v.get("duration"));
                        if (length <= 0) {
                            throw v.invalid("duration must be more than 0");
                        }
                    }
                    return join(List.of("-ss", num(start), "-i", "{{input}}", "-t", num(length)), H264, AAC, MP4_OUT);
                });
        def("compress", "Re-encode smaller: H.264 at a constant quality (higher crf: smaller, worse)", false, List.of(
                p("crf", "quality, 18 (near lossless) to 35 (small)", "28", "1[89]|2\\d|3[0-5]"),
                p("preset", "encoder speed: slower is smaller at the same quality", "medium",
                        "ultrafast|superfast|veryfast|faster|fast|medium|slow|slower|veryslow")),
                (v, d) -> join(List.of("-i", "{{input}}", "-c:v", "libx264", "-crf", v.get("crf"), "-preset",
                        v.get("preset"), "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k"), MP4_OUT));
        def("scale", "Resize to a width or a height, keeping the aspect ratio (sides rounded to even)", false, List.of(
                p("width", "new width in pixels (even), or empty when giving height", "1280", "|\\d{2,4}"),
                p("height", "new height in pixels (even), instead of width", "", "|\\d{2,4}")),
                (v, d) -> {
                    boolean byHeight = !v.get("height").isEmpty() && !v.given("width");
                    if (!v.get("height").isEmpty() && v.given("width") && !v.get("width").isEmpty()) {
                        throw v.invalid("give a width or a height, not both (the other follows the aspect ratio)");
                    }
                    String side = byHeight ? "height" : "width";
                    int px = v.intIn(side, 16, 7680);
                    if (px % 2 != 0) {
                        throw v.invalid(side + " " + px + " must be even (H.264 in 4:2:0 needs even sides)");
                    }
                    String filter = byHeight ? "scale=w=-2:h=" + px : "scale=w=" + px + ":h=-2";
                    return join(List.of("-i", "{{input}}", "-vf", filter), H264, AAC, MP4_OUT);
                });
        def("fps", "Change the frame rate (frames are dropped or repeated)", false, List.of(
                p("rate", "frames per second, e.g. 25, 29.97 or 30000/1001", "30",
                        "\\d{1,3}(?:\\.\\d{1,3})?|\\d{1,6}/\\d{1,4}")),
                (v, d) -> {
                    String r = v.get("rate");
                    String[] f = r.split("/");
                    double rate = f.length == 2 ? Double.parseDouble(f[0]) / Double.parseDouble(f[1])
                            : Double.parseDouble(r);
                    if (!(rate >= 1 && rate <= 240)) {
                        throw v.invalid("rate " + r + " must be between 1 and 240");
                    }
                    return join(List.of("-i", "{{input}}", "-vf", "fps=" + r), H264, AAC, MP4_OUT);
                });
        def("extract-audio", "Keep only the sound: MP3 (VBR ~190 kbit/s), AAC in .m4a, or WAV (16-bit PCM)", false,
                List.of(p("format", "mp3, m4a or wav", "mp3", "mp3|m4a|wav")),
                (v, d) -> switch (v.get("format")) {
                    case "m4a" -> List.of("-i", "{{input}}", "-vn", "-c:a", "aac", "-b:a", "192k", "-movflags",
                            "+faststart", "{{output.m4a}}");
                    case "wav" -> List.of("-i", "{{input}}", "-vn", "-c:a", "pcm_s16le", "{{output.wav}}");
                    default -> List.of("-i", "{{input}}", "-vn", "-c:a", "libmp3lame", "-q:a", "2", "{{output.mp3}}");
                });
        def("rotate", "Turn the picture clockwise", false,
                List.of(p("angle", "90, 180 or 270 degrees clockwise", "90", "90|180|270")),
                (v, d) -> {
                    String filter = switch (v.get("angle")) {
                        case "90" -> "transpose=clock";
                        case "270" -> "transpose=cclock";
                        default -> "hflip,vflip";
                    };
                    return join(List.of("-i", "{{input}}", "-vf", filter), H264, AAC, MP4_OUT);
                });
        def("speed", "Play faster or slower; the sound keeps its pitch", false,
                List.of(p("factor", "0.25 (4x slower) to 4 (4x faster)", "2", "\\d(?:\\.\\d{1,3})?")),
                (v, d) -> {
                    double f = Double.parseDouble(v.get("factor"));
                    if (f < 0.25 || f > 4) {
                        throw v.invalid("factor " + v.get("factor") + " must be between 0.25 and 4");
                    }
                    return join(List.of("-i", "{{input}}", "-vf", "setpts=PTS/" + num(f), "-af", atempo(f)),
                            H264, AAC, MP4_OUT);
                });
        def("gif", "An animated GIF of a part, with a palette made for it", false, List.of(
                p("start", "where it starts" + TIME_HELP, "0", TIME),
                p("duration", "how long, at most 60 s" + TIME_HELP, "3", TIME),
                p("width", "width in pixels, 32 to 1280", "480", "\\d{2,4}"),
                p("fps", "frames per second, 1 to 50", "12", "\\d{1,2}")),
                (v, d) -> {
                    double length = seconds(v.get("duration"));
                    if (length <= 0 || length > 60) {
                        throw v.invalid("duration " + v.get("duration") + " must be more than 0 and at most 60 s");
                    }
                    int width = v.intIn("width", 32, 1280);
                    int fps = v.intIn("fps", 1, 50);
                    return List.of("-ss", num(seconds(v.get("start"))), "-t", num(length), "-i", "{{input}}",
                            "-vf", "fps=" + fps + ",scale=w=" + width + ":h=-1:flags=lanczos,split[a][b];"
                                    + "[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer",
                            "-an", "-loop", "0", "{{output.gif}}");
                });
        def("contact-sheet", "One JPEG with frames taken evenly over the whole file, in a grid", true, List.of(
                p("columns", "pictures per row, 1 to 10", "4", "\\d{1,2}"),
                p("rows", "rows, 1 to 10", "4", "\\d{1,2}"),
                p("width", "width of the sheet in pixels, 160 to 4096", "1280", "\\d{3,4}")),
                (v, d) -> {
                    int cols = v.intIn("columns", 1, 10);
                    int rows = v.intIn("rows", 1, 10);
                    int tileWidth = v.intIn("width", 160, 4096) / cols / 2 * 2;
                    return List.of("-i", "{{input}}", "-vf", "select='" + evenly(d, cols * rows) + "',scale=w="
                                    + tileWidth + ":h=-2,tile=" + cols + "x" + rows,
                            "-fps_mode", "vfr", "-frames:v", "1", "-q:v", "3", "{{output.jpg}}");
                });
        def("watermark", "Write a text over the whole video in a corner or the centre (white, outlined; "
                        + "about 5 % of the picture's height)", false, List.of(
                p("text", "up to 100 letters, digits, spaces, punctuation and symbols such as © or €",
                        "That DAM Toolbox", "[\\p{L}\\p{M}\\p{N}\\p{P}\\p{S} ]{1,100}"),
                p("position", "top-left, top-right, bottom-left, bottom-right or center", "bottom-right",
                        "top-left|top-right|bottom-left|bottom-right|center")),
                (v, d) -> join(List.of("-i", "{{input}}", "-i", ArgumentPolicy.OVERLAY, "-filter_complex",
                        watermarkGraph(v.get("position")), "-map", "[v]", "-map", "0:a?"), H264, AAC, MP4_OUT),
                v -> new TextOverlay(v.get("text")));
        def("thumbnails", "JPEG stills taken evenly over the whole file: output-001.jpg, output-002.jpg, …", true,
                List.of(p("count", "how many, 1 to 100", "10", "\\d{1,3}")),
                (v, d) -> {
                    int n = v.intIn("count", 1, 100);
                    return List.of("-i", "{{input}}", "-vf", "select='" + evenly(d, n) + "'", "-fps_mode", "vfr",
                            "-frames:v", String.valueOf(n), "-q:v", "3", "{{output-%03d.jpg}}");
                });
        def("loudnorm", "Even out loudness to EBU R128 (one pass); video is copied as it is", false, List.of(
                p("integrated", "target integrated loudness in LUFS, -70 to -5", "-23", "-\\d{1,2}(?:\\.\\d)?"),
                p("true_peak", "maximum true peak in dBTP, -9 to 0", "-1", "-?\\d(?:\\.\\d)?"),
                p("lra", "loudness range target in LU, 1 to 50", "7", "\\d{1,2}(?:\\.\\d)?"),
                p("container", "mp4, mov or mkv (mkv takes any video codec)", "mp4", "mp4|mov|mkv")),
                (v, d) -> {
                    double i = v.numberIn("integrated", -70, -5);
                    double tp = v.numberIn("true_peak", -9, 0);
                    double lra = v.numberIn("lra", 1, 50);
                    String ext = v.get("container");
                    List<String> t = new ArrayList<>(List.of("-i", "{{input}}", "-c:v", "copy", "-af",
                            "loudnorm=I=" + num(i) + ":TP=" + num(tp) + ":LRA=" + num(lra), "-c:a", "aac", "-b:a",
                            "192k", "-ar", "48000"));
                    if (!ext.equals("mkv")) {
                        t.addAll(List.of("-movflags", "+faststart"));
                    }
                    t.add("{{output." + ext + "}}");
                    return t;
                });
        def("probe", "What ffprobe says about the file's container and streams, as JSON (probe.json)", false,
                List.of(), (v, d) -> List.of("-v", "error", "-show_format", "-show_streams", "-of", "json", "{{input}}"));
    }

    public static List<Preset> all() {
        return DEFS.values().stream().map(Def::preset).toList();
    }

    /** The preset of that name; an {@code invalid} {@link DamException} listing the known ones otherwise. */
    public static Preset get(String name) {
        return def(name).preset();
    }

    /** Whether {@link #expand(String, Map, double)} needs the input's duration for this preset. */
    public static boolean needsDuration(String name) {
        return def(name).needsDuration();
    }

    /** {@link #expand(String, Map, double)} without a known duration (fine for all but contact-sheet and thumbnails). */
    public static ConsoleCommand expand(String name, Map<String, String> values) {
        return expand(name, values, 0);
    }

    /**
     * The command for a preset: defaults filled in, every value checked; throws an {@code invalid}
     * {@link DamException} (the caller's mistake, not the file's) naming the preset, the parameter
     * and what was expected.
     *
     * @param inputDurationSec the input's duration; needed (> 0) when {@link #needsDuration} says so
     */
    public static ConsoleCommand expand(String name, Map<String, String> values, double inputDurationSec) {
        Def def = def(name);
        Values v = new Values(def.preset(), values == null ? Map.of() : values);
        if (def.needsDuration() && !(inputDurationSec > 0 && Double.isFinite(inputDurationSec))) {
            throw DamException.invalid("preset " + name + " spreads its frames over the file and needs its "
                    + "duration, which is not known");
        }
        List<String> tokens = def.tokens().apply(v, inputDurationSec);
        TextOverlay overlay = def.overlay() == null ? null : def.overlay().apply(v);
        if (!def.preset().probe()) {
            // a preset that breaks the policy is a bug here, not the user's
            ArgumentPolicy.check(tokens, overlay != null);
        }
        return new ConsoleCommand(def.preset().probe(), tokens, overlay);
    }

    private static Def def(String name) {
        Def d = name == null ? null : DEFS.get(name);
        if (d == null) {
            throw DamException.invalid("unknown preset \"" + name + "\"; known: " + String.join(", ", DEFS.keySet()));
        }
        return d;
    }

    /** The caller's values, checked against the preset's parameters as they are read. */
    private static final class Values {
        private final Preset preset;
        private final Map<String, String> given;

        Values(Preset preset, Map<String, String> values) {
            this.preset = preset;
            this.given = new LinkedHashMap<>();
            for (var e : values.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                PresetParam p = preset.param(e.getKey());
                if (p == null) {
                    List<String> names = preset.params().stream().map(PresetParam::name).toList();
                    throw DamException.invalid("preset " + preset.name() + " has no parameter \"" + e.getKey() + "\""
                            + (names.isEmpty() ? "; it takes none" : "; its parameters: " + String.join(", ", names)));
                }
                String value = e.getValue().strip();
                if (!p.matches(value)) {
                    throw DamException.invalid("preset " + preset.name() + ": " + p.name() + " \"" + value
                            + "\" is not valid; expected " + p.description());
                }
                given.put(p.name(), value);
            }
        }

        boolean given(String name) {
            return given.containsKey(name);
        }

        /** The value given, else the default. */
        String get(String name) {
            return given.getOrDefault(name, preset.param(name).defaultValue());
        }

        int intIn(String name, int min, int max) {
            int n = Integer.parseInt(get(name));
            if (n < min || n > max) {
                throw invalid(name + " " + n + " must be between " + min + " and " + max);
            }
            return n;
        }

        double numberIn(String name, double min, double max) {
            double n = Double.parseDouble(get(name));
            if (n < min || n > max) {
                throw invalid(name + " " + get(name) + " must be between " + num(min) + " and " + num(max));
            }
            return n;
        }

        DamException invalid(String why) {
            return DamException.invalid("preset " + preset.name() + ": " + why);
        }
    }

    @SafeVarargs
    private static List<String> join(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    /** The overlay picture's height as a part of the video's: letters (the em) come to about 4.6 %. */
    static final String WATERMARK_HEIGHT = "0.065";

    /**
     * The watermark's filter graph: the runner's text picture (input 1, drawn at a fixed size by
     * {@link TextOverlay}) scaled to {@link #WATERMARK_HEIGHT} of the video's height, or narrower
     * than 90 % of its width for long texts, with the video as the scale's reference input; then
     * laid over every frame with a margin of 1/30 of the height. The picture is one frame, which
     * overlay repeats to the end, so the output is as long as the input.
     */
    static String watermarkGraph(String position) {
        String xy = switch (position) {
            case "top-left" -> "x=H/30:y=H/30";
            case "top-right" -> "x=W-w-H/30:y=H/30";
            case "bottom-left" -> "x=H/30:y=H-h-H/30";
            case "center" -> "x=(W-w)/2:y=(H-h)/2";
            default -> "x=W-w-H/30:y=H-h-H/30";
        };
        return "[0:v]split[base][ref];[1:v][ref]scale=w=-1:h='max(2,min(rh*" + WATERMARK_HEIGHT
                + ",rw*0.9*ih/iw))'[mark];[base][mark]overlay=" + xy + "[v]";
    }

    /** "90", "1:30", "00:01:30.5" as seconds (the forms of {@link #TIME}). */
    static double seconds(String time) {
        double s = 0;
        for (String part : time.split(":")) {
            s = s * 60 + Double.parseDouble(part);
        }
        return s;
    }

    /** A plain decimal with at most 6 places: 2, 0.5, 1.333333. */
    static String num(double d) {
        BigDecimal b = BigDecimal.valueOf(d).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return b.signum() == 0 ? "0" : b.toPlainString();
    }

    /** atempo takes 0.5 to 2 per instance (more sounds choppy), so larger changes are a chain. */
    static String atempo(double factor) {
        List<String> chain = new ArrayList<>();
        double f = factor;
        while (f > 2) {
            chain.add("atempo=2");
            f /= 2;
        }
        while (f < 0.5) {
            chain.add("atempo=0.5");
            f /= 0.5;
        }
        chain.add("atempo=" + num(f));
        return String.join(",", chain);
    }

    /**
     * A select expression taking {@code n} frames on an even grid over {@code duration}: one from
     * each slot of {@code duration/n} seconds, starting half a slot in (so neither the black first
     * frame nor the very end). The grid is absolute, so rounding never drifts into a lost last frame.
     */
    static String evenly(double duration, int n) {
        double slot = duration / n;
        String o = num(slot / 2);
        String i = num(slot);
        return String.format(Locale.ROOT, "gte(t,%s)*(isnan(prev_selected_t)+gt(floor((t-%s)/%s),floor((prev_selected_t-%s)/%s)))",
                o, o, i, o, i);
    }
}
