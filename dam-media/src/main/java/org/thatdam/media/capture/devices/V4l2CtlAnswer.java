package org.thatdam.media.capture.devices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thatdam.model.FrameRate;
import org.thatdam.model.LiveFormat;

/**
 * What {@code v4l2-ctl -D --list-formats-ext -d /dev/videoN} says about a node: its driver, card and
 * bus, whether the node itself captures video (the "Device Caps" block: a UVC camera's second node has
 * the whole device's "Video Capture" under "Capabilities" but only "Metadata Capture" of its own), and
 * its formats at each size with their rates. Lines it does not understand are passed over; nothing in
 * the answer is trusted beyond the limits of {@link V4l2Formats}.
 *
 * @param unreadable the four-character codes of formats ffmpeg cannot read (said when nothing else is left)
 */
record V4l2CtlAnswer(String card, String driver, String busInfo, boolean videoCapture,
                     List<LiveFormat> formats, List<String> unreadable) {

    private static final Pattern FIELD = Pattern.compile("^\\s*(Driver name|Card type|Bus info)\\s*:\\s*(.*?)\\s*$");
    private static final Pattern FORMAT = Pattern.compile("^\\s*\\[\\d+\\]:\\s*'(.{4})(?:-BE)?'");
    private static final Pattern DISCRETE = Pattern.compile("^\\s*Size:\\s*Discrete\\s+(\\d{1,6})x(\\d{1,6})\\s*$");
    private static final Pattern RANGE = Pattern.compile(
            "^\\s*Size:\\s*(Stepwise|Continuous)\\s+(\\d{1,6})x(\\d{1,6})\\s*-\\s*(\\d{1,6})x(\\d{1,6})(?:\\s+with step\\s+(\\d{1,6})/(\\d{1,6}))?\\s*$");
    private static final Pattern INTERVAL = Pattern.compile("^\\s*Interval:\\s*Discrete\\s+\\S+s\\s*\\(([0-9.]+) fps\\)\\s*$");
    private static final Pattern INTERVAL_RANGE = Pattern.compile(
            "^\\s*Interval:\\s*(?:Stepwise|Continuous)\\s.*\\(([0-9.]+)-([0-9.]+) fps\\)\\s*$");
    /** Lines of a capabilities list, e.g. {@code \t\tVideo Capture}; only the node's own list ("Device Caps") counts. */
    private static final Pattern CAPS_HEADER = Pattern.compile("^\\s*(Capabilities|Device Caps)\\s*:.*$");

    V4l2CtlAnswer {
        formats = List.copyOf(formats);
        unreadable = List.copyOf(unreadable);
    }

    static V4l2CtlAnswer parse(String text) {
        String card = null;
        String driver = null;
        String bus = null;
        boolean sawDeviceCaps = false;
        boolean deviceCapture = false;
        boolean physicalCapture = false;
        String caps = null; // which capabilities block we are in
        Map<String, List<FrameRate>> sizes = new LinkedHashMap<>(); // "fmt WxH" → rates, in the device's order
        Set<String> unreadable = new LinkedHashSet<>();
        String format = null; // ffmpeg's name of the format being listed; null while in one it cannot read
        String size = null;
        for (String raw : text.split("\n", 20_000)) {
            String line = raw.stripTrailing();
            Matcher m;
            if ((m = CAPS_HEADER.matcher(line)).matches()) {
                caps = m.group(1);
                if (caps.equals("Device Caps")) sawDeviceCaps = true;
                continue;
            }
            if (caps != null && line.startsWith("\t\t") && !line.contains(":")) {
                if (line.strip().equals("Video Capture")) {
                    if (caps.equals("Device Caps")) deviceCapture = true;
                    else physicalCapture = true;
                }
                continue;
            }
            caps = null;
            if (card == null || driver == null || bus == null) {
                if ((m = FIELD.matcher(line)).matches()) {
                    // The first block (the V4L2 node) wins over the media controller's repeat of the same fields.
                    switch (m.group(1)) {
                        case "Driver name" -> driver = driver == null ? clean(m.group(2)) : driver;
                        case "Card type" -> card = card == null ? clean(m.group(2)) : card;
                        default -> bus = bus == null ? clean(m.group(2)) : bus;
                    }
                    continue;
                }
            }
            if ((m = FORMAT.matcher(line)).find()) {
                String fourcc = m.group(1);
                format = V4l2Formats.ffmpegName(fourcc);
                if (format == null) unreadable.add(clean(fourcc.strip()));
                size = null;
                continue;
            }
            if (format == null) continue;
            if ((m = DISCRETE.matcher(line)).matches()) {
                int w = Integer.parseInt(m.group(1));
                int h = Integer.parseInt(m.group(2));
                size = null;
                if (V4l2Formats.saneSize(w, h) && sizes.size() < V4l2Formats.MAX_FORMATS) {
                    size = format + " " + w + "x" + h;
                    sizes.putIfAbsent(size, new ArrayList<>());
                }
                continue;
            }
            if ((m = RANGE.matcher(line)).matches()) {
                size = null; // a range lists no intervals: its sizes run at the device's default rate
                int stepW = m.group(6) == null ? 1 : Integer.parseInt(m.group(6));
                int stepH = m.group(7) == null ? 1 : Integer.parseInt(m.group(7));
                for (int[] s : V4l2Formats.sizesBetween(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), stepW, stepH)) {
                    if (sizes.size() >= V4l2Formats.MAX_FORMATS) break;
                    sizes.putIfAbsent(format + " " + s[0] + "x" + s[1], new ArrayList<>());
                }
                continue;
            }
            if (size == null) continue;
            List<FrameRate> rates = sizes.get(size);
            if ((m = INTERVAL.matcher(line)).matches()) {
                FrameRate r = V4l2Formats.rate(m.group(1));
                if (r != null && !rates.contains(r) && rates.size() < V4l2Formats.MAX_RATES) rates.add(r);
            } else if ((m = INTERVAL_RANGE.matcher(line)).matches()) {
                FrameRate a = V4l2Formats.rate(m.group(1));
                FrameRate b = V4l2Formats.rate(m.group(2));
                if (a != null && b != null) {
                    for (FrameRate r : V4l2Formats.ratesBetween(a, b)) {
                        if (!rates.contains(r) && rates.size() < V4l2Formats.MAX_RATES) rates.add(r);
                    }
                }
            }
        }
        List<LiveFormat> formats = new ArrayList<>(sizes.size());
        sizes.forEach((key, rates) -> {
            int sp = key.indexOf(' ');
            int x = key.indexOf('x', sp);
            formats.add(new LiveFormat(key.substring(0, sp), Integer.parseInt(key.substring(sp + 1, x)),
                    Integer.parseInt(key.substring(x + 1)), rates));
        });
        // A driver too old to report its node's own capabilities has only the device's to go by.
        boolean capture = sawDeviceCaps ? deviceCapture : physicalCapture;
        return new V4l2CtlAnswer(card, driver, bus, capture, formats, List.copyOf(unreadable));
    }

    /** What a device says about itself, kept printable and short (it reaches a page and a log). */
    static String clean(String s) {
        if (s == null) return null;
        String t = s.replaceAll("\\p{Cntrl}", "").strip();
        if (t.length() > 120) t = t.substring(0, 120);
        return t.isEmpty() ? null : t;
    }
}
