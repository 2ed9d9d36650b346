package org.thatdam.media.console;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an ffmpeg filter graph ({@code -vf}, {@code -af}, {@code -filter_complex}) the way
 * ffmpeg will read it: chains split on {@code ,} and {@code ;}, {@code [labels]}, then
 * {@code name[@id]=args}; the args are unquoted once for the graph ({@code '…'} keeps {@code ,;[]}
 * together) and split on {@code :} into {@code key=value} or positional values for the filter.
 *
 * <p>Emulating both levels matters: {@code curves=master='0/0 1/1:psfile=/x.acv'} reaches the
 * filter as two options. Backslash escapes are refused outright (the levels treat them
 * differently, and what cannot be parsed the same way as ffmpeg cannot be checked); after
 * one level of quotes no quote can survive, so the second level is a plain split.
 *
 * <p>Every filter must be in {@link #ALLOWED}; no option may name a file.
 */
final class FilterGraphs {

    private FilterGraphs() {}

    /** Common filters that only transform frames they are given (checked against the bundled ffmpeg by a test). */
    static final Set<String> ALLOWED = Set.of(
            // geometry and time
            "scale", "fps", "trim", "atrim", "setpts", "asetpts", "crop", "pad", "transpose", "rotate", "hflip",
            "vflip", "format", "aformat", "setsar", "setdar", "settb", "asettb", "framerate", "minterpolate",
            "reverse", "areverse", "tpad", "apad", "zoompan", "deshake", "cropdetect",
            // drawing and compositing
            "drawbox", "overlay", "hstack", "vstack", "xstack", "blend", "tile", "split", "asplit",
            "concat", "palettegen", "paletteuse", "fade", "afade", "xfade", "acrossfade",
            // selection and analysis
            "thumbnail", "select", "aselect", "scdet", "freezedetect", "blackdetect", "blackframe", "silencedetect",
            "mpdecimate", "signalstats", "ebur128", "volumedetect", "astats", "idet", "showinfo", "ashowinfo",
            "showwavespic", "showspectrumpic", "null", "anull",
            // colour and picture
            "eq", "hue", "unsharp", "boxblur", "gblur", "avgblur", "smartblur", "yadif", "bwdif", "hqdn3d", "nlmeans",
            "vignette", "colorbalance", "colorchannelmixer", "colorlevels", "colortemperature", "curves", "lut",
            "lutyuv", "lutrgb", "geq", "negate", "edgedetect", "chromakey", "colorkey", "deflicker", "deband",
            "noise", "monochrome", "setfield", "fieldorder",
            // audio
            "loudnorm", "volume", "atempo", "aresample", "silenceremove", "dynaudnorm", "highpass", "lowpass",
            "bandpass", "bandreject", "equalizer", "bass", "treble", "acompressor", "alimiter", "agate", "afftdn",
            "adelay", "aecho", "pan", "amix", "amerge", "channelsplit", "join", "stereotools", "extrastereo");

    /** Filters refused by name, with the reason: they read or write files, devices, the network, or plug-ins. */
    static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("movie", "reads another file"),
            Map.entry("amovie", "reads another file"),
            Map.entry("sendcmd", "reads commands from a file"),
            Map.entry("asendcmd", "reads commands from a file"),
            Map.entry("zmq", "listens on the network"),
            Map.entry("azmq", "listens on the network"),
            Map.entry("subtitles", "reads a subtitle file"),
            Map.entry("ass", "reads a subtitle file"),
            Map.entry("lut3d", "reads a LUT file"),
            Map.entry("lut1d", "reads a LUT file"),
            Map.entry("haldclut", "applies a LUT from another input"),
            Map.entry("frei0r", "loads a plug-in library"),
            Map.entry("frei0r_src", "loads a plug-in library"),
            Map.entry("ladspa", "loads a plug-in library"),
            Map.entry("lv2", "loads a plug-in library"),
            Map.entry("metadata", "can write frame metadata to a file"),
            Map.entry("ametadata", "can write frame metadata to a file"),
            Map.entry("vidstabdetect", "writes a transforms file"),
            Map.entry("vidstabtransform", "reads a transforms file"),
            Map.entry("libvmaf", "reads model files and writes logs"),
            Map.entry("psnr", "can write a stats file"),
            Map.entry("ssim", "can write a stats file"),
            Map.entry("arnndn", "reads a model file"),
            Map.entry("dnn_processing", "reads a model file"),
            Map.entry("sr", "reads a model file"),
            Map.entry("derain", "reads a model file"),
            Map.entry("removelogo", "reads a mask file"),
            Map.entry("cover_rect", "reads an image file"),
            Map.entry("find_rect", "reads an image file"),
            Map.entry("sofalizer", "reads a SOFA file"),
            Map.entry("firequalizer", "can write a dump file"),
            Map.entry("showcqt", "reads a font file"),
            Map.entry("ocr", "reads tessdata files"),
            Map.entry("signature", "writes signature files"),
            Map.entry("libplacebo", "reads shader files"),
            Map.entry("program_opencl", "reads a kernel file"),
            Map.entry("openclsrc", "reads a kernel file"),
            Map.entry("coreimage", "runs Core Image filters"),
            Map.entry("coreimagesrc", "runs Core Image filters"),
            Map.entry("qrencode", "can read a text file"),
            Map.entry("nnedi", "reads a weights file"),
            Map.entry("lensfun", "reads a lens database"),
            Map.entry("drawtext", "is not in the bundled ffmpeg and reads font and text files (the watermark "
                    + "preset writes texts)"));

    /** Option names that read or write files in some filter ({@code f} is a frequency in the EQ filters). */
    static final Set<String> FILE_KEYS = Set.of("file", "filename", "textfile", "fontfile", "font", "psfile", "plot",
            "stats_file", "stats", "log_path", "model", "f", "path", "debug_kdtree", "dumpfile", "shader",
            "custom_shader_path", "sofa");

    private static final Set<String> FREQUENCY_F = Set.of("highpass", "lowpass", "bandpass", "bandreject",
            "equalizer", "bass", "treble");

    /**
     * Allowed filters with a file option somewhere in their positional order (curves: psfile 7th;
     * deshake: filename 11th; paletteuse: debug_kdtree 6th). Their options must be named.
     */
    static final Set<String> NAMED_ONLY = Set.of("curves", "deshake", "paletteuse");

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_:.-]{1,64}");
    /** What ffmpeg's av_opt_get_key_value reads as a key before '='. */
    private static final Pattern KEY = Pattern.compile("^([A-Za-z0-9_./-]+)=");

    /** Throws {@link RejectedArgumentException} for {@code tokens[index]} unless the graph is allowed. */
    static void check(String graph, int index) {
        new Parser(graph, index).graph();
    }

    private static final class Parser {
        private final String s;
        private final int index;
        private int i;

        Parser(String s, int index) {
            this.s = s;
            this.index = index;
        }

        private RejectedArgumentException reject(String reason) {
            return new RejectedArgumentException(index, s, reason);
        }

        private RejectedArgumentException unparseable(String why) {
            return reject("unparseable filter graph: " + why);
        }

        void graph() {
            if (s.indexOf('\\') >= 0) {
                throw unparseable("backslash escapes are not allowed (use '…' quotes)");
            }
            if (s.isBlank()) {
                throw unparseable("empty");
            }
            while (true) {
                spaces();
                labels();
                String name = name();
                String args = null;
                spaces();
                if (i < s.length() && s.charAt(i) == '=') {
                    i++;
                    args = args();
                }
                filter(name, args);
                spaces();
                labels();
                spaces();
                if (i == s.length()) {
                    return;
                }
                char c = s.charAt(i);
                if (c != ',' && c != ';') {
                    throw unparseable("unexpected '" + c + "' at position " + (i + 1));
                }
                i++;
                if (s.substring(i).isBlank()) {
                    throw unparseable("ends with '" + c + "'");
                }
            }
        }

        private void spaces() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n')) {
                i++;
            }
        }

        private void labels() {
            while (i < s.length() && s.charAt(i) == '[') {
                int end = s.indexOf(']', i);
                if (end < 0) {
                    throw unparseable("unclosed '[' at position " + (i + 1));
                }
                String label = s.substring(i + 1, end);
                if (!LABEL.matcher(label).matches()) {
                    throw unparseable("bad label [" + label + "]");
                }
                i = end + 1;
                spaces();
            }
        }

        /** {@code name} or {@code name@id}; quotes in names (which ffmpeg would strip) are refused. */
        private String name() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            if (i == start) {
                throw unparseable(i < s.length() ? "expected a filter name at position " + (i + 1) + ", found '"
                        + s.charAt(i) + "'" : "expected a filter name at the end");
            }
            String name = s.substring(start, i);
            if (i < s.length() && s.charAt(i) == '@') {
                int id = ++i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                if (i == id) {
                    throw unparseable("empty instance name after " + name + "@");
                }
            }
            return name;
        }

        /** ffmpeg's first unquoting: up to an unquoted {@code [ ] , ;}, quotes removed. */
        private String args() {
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\'') {
                    int end = s.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw unparseable("unbalanced quote at position " + (i + 1));
                    }
                    b.append(s, i + 1, end);
                    i = end + 1;
                } else if (c == '[' || c == ']' || c == ',' || c == ';') {
                    break;
                } else {
                    b.append(c);
                    i++;
                }
            }
            return b.toString().strip();
        }

        private void filter(String name, String args) {
            String why = REFUSED.get(name);
            if (why != null) {
                throw reject("filter " + name + " " + why + "; not allowed");
            }
            if (!ALLOWED.contains(name)) {
                throw reject("filter " + name + " is not allowed");
            }
            if (args == null || args.isEmpty()) {
                return;
            }
            for (String part : args.split(":", -1)) {
                var m = KEY.matcher(part);
                if (!m.find()) {
                    if (NAMED_ONLY.contains(name)) {
                        throw reject("filter " + name + " takes its options by name here (key=value): a value "
                                + "by position could land on a file option");
                    }
                    continue;
                }
                String key = m.group(1);
                if (key.startsWith("/")) {
                    throw reject("filter " + name + " option " + key + " reads its value from a file; not allowed");
                }
                if (!key.matches("[A-Za-z0-9_-]+")) {
                    throw unparseable("bad option name " + key + " in filter " + name);
                }
                if (FILE_KEYS.contains(key) && !(key.equals("f") && FREQUENCY_F.contains(name))) {
                    throw reject("filter " + name + " option " + key + " names a file; not allowed");
                }
            }
        }
    }
}
