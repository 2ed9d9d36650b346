package org.thatdam.media.capture.devices;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thatdam.model.LiveFormat;

/**
 * What {@code ffmpeg -f v4l2 -list_formats all -i /dev/videoN} writes to stderr, for machines
 * without v4l2-ctl: one line per format,
 * {@code [video4linux2,v4l2 @ 0x…] Raw       :     yuyv422 :           YUYV 4:2:2 : 640x480 1280x720}
 * (the description may itself hold colons; sizes are discrete {@code WxH} or a range
 * {@code {16-1920, 16}x{16-1080, 16}}). ffmpeg lists no rates: every size runs at the device's default.
 *
 * @param captures false when ffmpeg said the node is not a video capture device
 */
record FfmpegFormatList(boolean captures, List<LiveFormat> formats, List<String> unreadable) {

    private static final Pattern LINE = Pattern.compile(
            "^\\[[^\\]]*\\]\\s*(Raw|Compressed)\\s*:\\s*(\\S+)\\s*:\\s*(.*?)\\s*:((?:\\s*Emulated\\s*:)?(?:\\s+(?:\\d{1,6}x\\d{1,6}|\\{\\d{1,6}-\\d{1,6}, \\d{1,6}\\}x\\{\\d{1,6}-\\d{1,6}, \\d{1,6}\\}))*)\\s*$");
    private static final Pattern DISCRETE = Pattern.compile("(?<![{\\d-])(\\d{1,6})x(\\d{1,6})");
    private static final Pattern RANGE = Pattern.compile("\\{(\\d{1,6})-(\\d{1,6}), (\\d{1,6})\\}x\\{(\\d{1,6})-(\\d{1,6}), (\\d{1,6})\\}");

    FfmpegFormatList {
        formats = List.copyOf(formats);
        unreadable = List.copyOf(unreadable);
    }

    static FfmpegFormatList parse(String stderr) {
        List<LiveFormat> formats = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> unreadable = new LinkedHashSet<>();
        boolean captures = true;
        for (String raw : stderr.split("\n", 20_000)) {
            String line = raw.strip();
            if (line.contains("Not a video capture device")) captures = false;
            Matcher m = LINE.matcher(line);
            if (!m.matches()) continue;
            String name = m.group(2);
            if (name.equals("Unsupported") || !name.matches("[a-z0-9_]{1,32}")) {
                unreadable.add(V4l2CtlAnswer.clean(m.group(3)));
                continue;
            }
            String sizes = m.group(4);
            Matcher r = RANGE.matcher(sizes);
            while (r.find()) {
                for (int[] s : V4l2Formats.sizesBetween(Integer.parseInt(r.group(1)), Integer.parseInt(r.group(4)),
                        Integer.parseInt(r.group(2)), Integer.parseInt(r.group(5)),
                        Integer.parseInt(r.group(3)), Integer.parseInt(r.group(6)))) {
                    add(formats, seen, name, s[0], s[1]);
                }
            }
            Matcher d = DISCRETE.matcher(RANGE.matcher(sizes).replaceAll(" "));
            while (d.find()) {
                add(formats, seen, name, Integer.parseInt(d.group(1)), Integer.parseInt(d.group(2)));
            }
        }
        return new FfmpegFormatList(captures, formats, List.copyOf(unreadable));
    }

    private static void add(List<LiveFormat> formats, Set<String> seen, String name, int w, int h) {
        if (formats.size() < V4l2Formats.MAX_FORMATS && V4l2Formats.saneSize(w, h) && seen.add(name + " " + w + "x" + h)) {
            formats.add(new LiveFormat(name, w, h, List.of()));
        }
    }
}
