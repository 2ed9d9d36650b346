package org.thatdam.media.console;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a user's ffmpeg argument list (before placeholder substitution) may run.
 *
 * <p>An allow-list: every option must be in the table below with the values it accepts; anything
 * else is refused, and options known to touch files, devices or the network are refused with the
 * reason. The only input is {@code -i {{input}}}; every output (a token that is not an option or
 * an option's value, exactly as ffmpeg reads the list) is a placeholder {@code {{output.EXT}}} or
 * {@code {{output-%03d.EXT}}} that the runner turns into a file of its work directory. Filter
 * graphs are parsed and checked filter by filter ({@link FilterGraphs}).
 *
 * <p>{@code -i {{overlay}}}, a second input the runner draws from a {@link TextOverlay}, is for
 * preset commands that carry one ({@link ConsoleCommand#overlay()}); a user's list may not name it.
 */
public final class ArgumentPolicy {

    public static final int MAX_TOKENS = 200;
    public static final int MAX_TOKEN_LENGTH = 4096;
    public static final String INPUT = "{{input}}";
    /** The runner-made picture of a command's {@link TextOverlay}; never in a user's list. */
    public static final String OVERLAY = "{{overlay}}";
    /** {@code {{output.mp4}}}, {@code {{output-%03d.jpg}}}: group 1 is the file name the runner uses. */
    public static final Pattern OUTPUT = Pattern.compile("\\{\\{(output(?:-%0[1-9]d)?\\.[A-Za-z0-9]{1,5})}}");

    private ArgumentPolicy() {}

    /** What follows an option: nothing, or one value checked by a {@link Value}. */
    private record Opt(Value value, boolean streamSpec) {}

    /** Returns null when the value is fine, else what was expected. */
    @FunctionalInterface
    private interface Value {
        String check(String v);
    }

    private static Value matching(String regex, String expected) {
        Pattern p = Pattern.compile(regex);
        return v -> p.matcher(v).matches() ? null : "expected " + expected;
    }

    private static Value oneOf(String... choices) {
        Set<String> set = Set.of(choices);
        return v -> set.contains(v) ? null : "expected one of " + String.join(", ", choices);
    }

    private static final Value TIME = matching(
            "-?(?:\\d{1,9}(?:\\.\\d{1,6})?(?:s|ms|us)?|(?:\\d{1,4}:)?\\d{1,2}:\\d{1,2}(?:\\.\\d{1,6})?)",
            "a time such as 12.5, 90s or 00:01:30");
    private static final Value INT = matching("-?\\d{1,9}", "a whole number");
    private static final Value NUMBER = matching("-?\\d{1,9}(?:\\.\\d{1,6})?", "a number");
    private static final Value BITRATE = matching("\\d{1,9}(?:\\.\\d{1,3})?[kKMG]?", "a bit rate such as 800k or 2M");
    private static final Value NAME = matching("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,63}", "a name such as libx264 or yuv420p");
    private static final Value SIZE = matching("\\d{1,5}x\\d{1,5}|[a-z][a-z0-9]{1,15}", "a size such as 1280x720");
    private static final Value RATE = matching("\\d{1,6}(?:\\.\\d{1,6})?|\\d{1,6}/\\d{1,6}|[a-z][a-z0-9_]{1,15}",
            "a frame rate such as 25, 29.97 or 30000/1001");
    private static final Value ASPECT = matching("\\d{1,5}(?:[:/]\\d{1,5}|\\.\\d{1,6})?", "an aspect ratio such as 16:9");
    private static final Value METADATA = matching("[A-Za-z0-9_.-]{1,64}=[^\\p{Cntrl}]{0,1024}",
            "key=value, e.g. title=Holiday");
    private static final Value MAP = matching(
            "-?(?:\\[[A-Za-z0-9_:.-]{1,64}]|\\d{1,2}(?::[A-Za-z0-9_:.-]{1,64})?\\??)",
            "a stream such as 0:v:0, 0:a? or [label]");
    private static final Value MAP_METADATA = matching("-1|0(?::[sgcp](?::[A-Za-z0-9]{1,16}){0,2})?",
            "-1 (drop) or 0 (copy from the input)");
    private static final Value MOVFLAGS = matching(
            "[+-]?(?:faststart|frag_keyframe|empty_moov|default_base_moof|separate_moof|omit_tfhd_offset"
                    + "|negative_cts_offsets|write_colr|write_gama|use_metadata_tags|disable_chpl|cmaf|dash)"
                    + "(?:[+-](?:faststart|frag_keyframe|empty_moov|default_base_moof|separate_moof|omit_tfhd_offset"
                    + "|negative_cts_offsets|write_colr|write_gama|use_metadata_tags|disable_chpl|cmaf|dash)){0,8}",
            "flags such as +faststart");
    private static final Value LOGLEVEL = matching(
            "(?:(?:repeat|level|time|datetime)\\+)*(?:quiet|panic|fatal|error|warning|info|verbose|debug|trace|-?\\d{1,2})",
            "a log level such as error or info");
    /** Output muxers that write one file and read none. */
    static final Set<String> OUTPUT_FORMATS = Set.of("mp4", "mov", "matroska", "webm", "gif", "image2", "apng",
            "mp3", "wav", "flac", "ogg", "opus", "ipod", "adts", "null", "mjpeg", "mpegts", "avi", "ismv", "mkv");
    private static final Value FORMAT = v -> OUTPUT_FORMATS.contains(v) ? null
            : "format " + v + " is not an allowed output format (allowed: "
                    + String.join(", ", OUTPUT_FORMATS.stream().sorted().toList()) + ")";
    private static final Value GRAPH = v -> null; // checked by FilterGraphs, which needs the index
    private static final Value FLAG = null;

    /** Option name (without '-' and stream specifier) to what it takes. */
    private static final Map<String, Opt> OPTIONS = new HashMap<>();
    /** Options known to touch files, devices or the network: refused with the reason. */
    private static final Map<String, String> REFUSED = new HashMap<>();

    private static void opt(Value value, boolean spec, String... names) {
        for (String n : names) {
            OPTIONS.put(n, new Opt(value, spec));
        }
    }

    private static void refuse(String reason, String... names) {
        for (String n : names) {
            REFUSED.put(n, reason);
        }
    }

    static {
        // structure and global behaviour
        opt(FLAG, false, "y", "n", "hide_banner", "nostdin", "stats", "nostats", "copyts", "start_at_zero",
                "shortest", "noautorotate", "an", "vn", "sn", "dn");
        opt(LOGLEVEL, false, "loglevel", "v");
        opt(FORMAT, false, "f");
        opt(GRAPH, false, "filter_complex", "lavfi");
        opt(GRAPH, true, "vf", "af", "filter");
        opt(MAP, false, "map");
        opt(MAP_METADATA, true, "map_metadata");
        opt(oneOf("-1", "0"), false, "map_chapters");
        opt(METADATA, true, "metadata");
        // time
        opt(TIME, false, "ss", "t", "to", "sseof", "itsoffset");
        opt(matching("-1|\\d{1,4}", "-1 (forever) or a count"), false, "stream_loop");
        opt(oneOf("passthrough", "cfr", "vfr", "auto", "drop", "-1", "0", "1", "2"), true, "fps_mode", "vsync");
        opt(oneOf("auto", "make_zero", "make_non_negative", "disabled", "-1", "0", "1", "2"), false,
                "avoid_negative_ts");
        // codecs and their settings
        opt(NAME, true, "c", "codec", "preset", "tune", "profile", "level", "pix_fmt", "sample_fmt", "colorspace",
                "color_primaries", "color_trc", "color_range", "ch_layout", "channel_layout", "deadline", "strict");
        opt(NAME, false, "vcodec", "acodec", "scodec");
        opt(BITRATE, true, "b", "maxrate", "minrate", "bufsize");
        opt(NUMBER, true, "crf", "q", "qscale", "global_quality");
        opt(NUMBER, false, "aq");
        opt(INT, true, "qp", "g", "bf", "refs", "keyint_min", "sc_threshold", "ac", "ar", "frames",
                "compression_level", "cpu-used", "row-mt");
        opt(matching("\\d{1,2}|auto", "0 to 99 or auto"), true, "threads");
        opt(INT, false, "vframes", "aframes", "max_muxing_queue_size", "loop");
        opt(matching("\\d{1,2}", "0 to 99"), false, "filter_threads", "filter_complex_threads");
        opt(oneOf("0", "1"), false, "update");
        opt(matching("[A-Za-z0-9]{4}", "a four-character tag such as hvc1"), true, "tag");
        opt(matching("[a-z_0+-]{1,64}", "dispositions such as default or 0"), true, "disposition");
        opt(MOVFLAGS, false, "movflags");
        // picture
        opt(RATE, true, "r", "fpsmax");
        opt(SIZE, true, "s");
        opt(ASPECT, true, "aspect");

        refuse("reads a script file", "filter_script", "filter_complex_script", "vf_script", "af_script");
        refuse("writes attachments to files", "dump_attachment");
        refuse("attaches a file from disk", "attach");
        refuse("writes a statistics file", "vstats_file", "vstats", "vstats_version");
        refuse("reads and writes two-pass log files", "pass", "passlogfile");
        refuse("writes a report file", "report");
        refuse("sends progress to a file or URL", "progress");
        refuse("writes an SDP file", "sdp_file");
        refuse("can name statistics files", "x264-params", "x265-params", "x264opts", "svtav1-params",
                "aom-params");
        refuse("opens a device", "init_hw_device", "filter_hw_device", "hwaccel_device", "hwaccel",
                "hwaccel_output_format", "vaapi_device", "qsv_device");
        refuse("loosens what input files may name", "safe", "protocol_whitelist", "protocol_blacklist",
                "format_whitelist", "enable_drefs", "use_absolute_path", "pattern_type");
        refuse("reads preset files", "fpre", "vpre", "apre", "spre");
        refuse("reads commands from stdin or files", "stdin", "dump", "benchmark_all");
    }

    /**
     * Throws {@link RejectedArgumentException} naming the first token that is not allowed, else
     * returns. Order of rules: list size, then each token's characters and length, then the
     * options left to right. {@code {{overlay}}} is refused.
     */
    public static void check(List<String> tokens) {
        check(tokens, false);
    }

    /**
     * {@link #check(List)} for a command that may carry a {@link TextOverlay}: with {@code overlay}
     * the list must name it exactly once, as {@code -i {{overlay}}} after {@code -i {{input}}}
     * (so the media stays input 0); without, {@code {{overlay}}} is refused like any other input.
     */
    static void check(List<String> tokens, boolean overlay) {
        if (tokens == null || tokens.isEmpty()) {
            throw new RejectedArgumentException(0, "", "no arguments; expected e.g. -i {{input}} … {{output.mp4}}");
        }
        if (tokens.size() > MAX_TOKENS) {
            throw new RejectedArgumentException(MAX_TOKENS, tokens.get(MAX_TOKENS),
                    "too many arguments (" + tokens.size() + "; at most " + MAX_TOKENS + ")");
        }
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t == null) {
                throw new RejectedArgumentException(i, "", "missing argument (null)");
            }
            if (t.length() > MAX_TOKEN_LENGTH) {
                throw new RejectedArgumentException(i, t, "too long (" + t.length() + " characters; at most "
                        + MAX_TOKEN_LENGTH + ")");
            }
            for (int k = 0; k < t.length(); k++) {
                char c = t.charAt(k);
                if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                    throw new RejectedArgumentException(i, t, String.format(
                            "contains the control character U+%04X; not allowed", (int) c));
                }
            }
        }
        boolean inputSeen = false;
        boolean overlaySeen = false;
        int formatBeforeFile = -1; // index of a -f since the last input or output
        Set<String> outputs = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.length() < 2 || t.charAt(0) != '-') {
                checkOutput(i, t, outputs);
                formatBeforeFile = -1;
                continue;
            }
            if (t.startsWith("-/")) {
                throw new RejectedArgumentException(i, t, "reads the option's value from a file; not allowed");
            }
            int colon = t.indexOf(':');
            String name = colon < 0 ? t.substring(1) : t.substring(1, colon);
            String spec = colon < 0 ? null : t.substring(colon + 1);
            if (name.equals("i")) {
                if (spec != null) {
                    throw new RejectedArgumentException(i, t, "-i takes no stream specifier");
                }
                if (formatBeforeFile >= 0) {
                    throw new RejectedArgumentException(formatBeforeFile, tokens.get(formatBeforeFile),
                            "sets the input format (formats such as lavfi or concat can read other files "
                                    + "or devices); -f is only allowed for outputs");
                }
                String v = value(tokens, i);
                if (v.equals(OVERLAY)) {
                    if (!overlay) {
                        throw new RejectedArgumentException(i + 1, v, "{{overlay}} is the picture the runner draws "
                                + "for the watermark preset, not for commands; the only input allowed is {{input}}");
                    }
                    if (!inputSeen || overlaySeen) {
                        throw new RejectedArgumentException(i + 1, v, overlaySeen ? "the overlay can only be "
                                + "input once" : "the overlay must come after -i {{input}}");
                    }
                    overlaySeen = true;
                    i++;
                    continue;
                }
                if (!v.equals(INPUT)) {
                    throw new RejectedArgumentException(i + 1, v, describe(v, "the only input allowed is {{input}}"));
                }
                inputSeen = true;
                i++;
                continue;
            }
            String refused = REFUSED.get(name);
            if (refused != null) {
                throw new RejectedArgumentException(i, t, refused + "; not allowed");
            }
            Opt opt = OPTIONS.get(name);
            if (opt == null) {
                throw new RejectedArgumentException(i, t, "option not allowed");
            }
            if (spec != null && (!opt.streamSpec() || !spec.matches("[A-Za-z0-9_:?-]{1,40}"))) {
                throw new RejectedArgumentException(i, t, opt.streamSpec()
                        ? "bad stream specifier \"" + spec + "\"" : "-" + name + " takes no stream specifier");
            }
            if (opt.value() == FLAG) {
                continue;
            }
            String v = value(tokens, i);
            if (v.contains("{{")) {
                throw new RejectedArgumentException(i + 1, v,
                        "placeholders are only allowed as whole arguments: -i {{input}} and outputs");
            }
            if (opt.value() == GRAPH) {
                FilterGraphs.check(v, i + 1);
            } else {
                String problem = opt.value().check(v);
                if (problem != null) {
                    throw new RejectedArgumentException(i + 1, v, "not a valid value for -" + name + ": " + problem);
                }
            }
            if (name.equals("f")) {
                formatBeforeFile = i;
            }
            i++;
        }
        if (!inputSeen) {
            throw new RejectedArgumentException(tokens.size(), "", "no input; add -i {{input}}");
        }
        if (outputs.isEmpty()) {
            throw new RejectedArgumentException(tokens.size(), "", "no output; end with one such as {{output.mp4}}");
        }
        if (overlay && !overlaySeen) {
            throw new RejectedArgumentException(tokens.size(), "", "the command carries an overlay but has no "
                    + "-i {{overlay}} for it");
        }
    }

    /** The only ffprobe arguments the probe preset may carry: what to show, JSON, and {{input}} once at the end. */
    private static final Map<String, Set<String>> PROBE_OPTIONS = Map.of(
            "-v", Set.of("error", "warning", "quiet"), "-loglevel", Set.of("error", "warning", "quiet"),
            "-of", Set.of("json"), "-print_format", Set.of("json"));
    private static final Set<String> PROBE_FLAGS = Set.of("-show_format", "-show_streams", "-show_chapters",
            "-show_programs", "-hide_banner");

    /** Checks ffprobe arguments of a probe command (a {@link ConsoleCommand} anyone can build). */
    public static void checkProbe(List<String> tokens) {
        if (tokens == null || tokens.isEmpty() || tokens.size() > 20) {
            throw new RejectedArgumentException(0, "", "a probe takes a few ffprobe arguments ending with {{input}}");
        }
        int last = tokens.size() - 1;
        for (int i = 0; i < last; i++) {
            String t = tokens.get(i);
            Set<String> values = PROBE_OPTIONS.get(t);
            if (values != null) {
                if (i + 1 >= last || !values.contains(tokens.get(i + 1))) {
                    throw new RejectedArgumentException(i, t, "expects one of " + String.join(", ", values));
                }
                i++;
            } else if (!PROBE_FLAGS.contains(t)) {
                throw new RejectedArgumentException(i, t, "not an allowed ffprobe argument");
            }
        }
        if (!INPUT.equals(tokens.get(last))) {
            throw new RejectedArgumentException(last, tokens.get(last), "the probe must end with {{input}}");
        }
    }

    private static String value(List<String> tokens, int i) {
        if (i + 1 >= tokens.size()) {
            throw new RejectedArgumentException(i, tokens.get(i), "expects a value after it");
        }
        return tokens.get(i + 1);
    }

    private static void checkOutput(int i, String t, Set<String> outputs) {
        var m = OUTPUT.matcher(t);
        if (m.matches()) {
            if (!outputs.add(m.group(1))) {
                throw new RejectedArgumentException(i, t, "the same output twice; give each output its own name");
            }
            return;
        }
        if (t.equals(INPUT) || t.equals(OVERLAY)) {
            throw new RejectedArgumentException(i, t, "an input cannot be an output; outputs are {{output.EXT}}");
        }
        if (t.startsWith("{{") || t.contains("{{")) {
            throw new RejectedArgumentException(i, t, "malformed placeholder; outputs are {{output.EXT}} "
                    + "(EXT: 1 to 5 letters or digits) or {{output-%03d.EXT}} for image sequences");
        }
        if (t.equals("-")) {
            throw new RejectedArgumentException(i, t, "standard output is not allowed; outputs are {{output.EXT}}");
        }
        throw new RejectedArgumentException(i, t, describe(t, "outputs must be placeholders such as {{output.mp4}}"));
    }

    private static final Pattern PROTOCOL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

    /** Why a file name is not acceptable, most specific first, then the rule. */
    private static String describe(String v, String rule) {
        var m = PROTOCOL.matcher(v);
        if (m.find()) {
            return "names the " + m.group(1) + ": protocol; " + rule;
        }
        if (v.contains("://")) {
            return "names a URL; " + rule;
        }
        if (v.startsWith("/") || v.startsWith("~")) {
            return "an absolute path; " + rule;
        }
        if (v.equals("..") || v.startsWith("../") || v.contains("/../") || v.endsWith("/..")) {
            return "leaves the work directory; " + rule;
        }
        if (v.startsWith("{{")) {
            return "malformed placeholder; " + rule;
        }
        return rule;
    }
}
