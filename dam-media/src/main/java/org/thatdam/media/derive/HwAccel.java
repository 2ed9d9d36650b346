package org.thatdam.media.derive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;

/**
 * Finds a hardware H.264 encoder that really works here. Being listed by {@code ffmpeg -encoders}
 * only means ffmpeg was built with it; whether the GPU, driver and device are there shows only
 * when a frame is encoded. So each listed candidate encodes one frame of a generated picture to the
 * null muxer, with the settings {@link ProxyMaker} would use; the first that succeeds is chosen,
 * else {@value #SOFTWARE}.
 */
public final class HwAccel {

    public static final String SOFTWARE = "libx264";
    /** In order of preference. */
    public static final List<String> CANDIDATES = List.of("h264_nvenc", "h264_qsv", "h264_vaapi", "h264_v4l2m2m");
    static final Duration LIST_TIMEOUT = Duration.ofSeconds(20);
    static final Duration TEST_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern ENCODER_LINE = Pattern.compile("^\\s*[VAS][A-Z.]{5}\\s+(\\S+)\\s");

    private HwAccel() {}

    public static HwAccelReport detect(FfmpegTools tools) {
        Set<String> listed;
        try {
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), FfmpegArgs.ffmpeg().add("-encoders").list(),
                    LIST_TIMEOUT);
            if (!r.ok()) {
                return none("cannot list encoders: " + r.errorSummary());
            }
            listed = parseEncoders(r.stdoutText());
        } catch (MediaException e) {
            return none("cannot list encoders: " + e.getMessage());
        }
        List<HwEncoder> out = new ArrayList<>();
        String chosen = null;
        for (String name : CANDIDATES) {
            if (!listed.contains(name)) {
                out.add(new HwEncoder(name, false, false, "not in this ffmpeg build"));
                continue;
            }
            HwEncoder e = test(tools, name);
            out.add(e);
            if (e.works() && chosen == null) {
                chosen = name;
            }
        }
        return new HwAccelReport(out, chosen == null ? SOFTWARE : chosen);
    }

    private static HwAccelReport none(String why) {
        List<HwEncoder> out = new ArrayList<>();
        for (String name : CANDIDATES) {
            out.add(new HwEncoder(name, false, false, why));
        }
        return new HwAccelReport(out, SOFTWARE);
    }

    static Set<String> parseEncoders(String listing) {
        Set<String> names = new HashSet<>();
        for (String line : listing.split("\\R")) {
            Matcher m = ENCODER_LINE.matcher(line);
            if (m.find() && !m.group(1).equals("=")) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** One frame through the encoder; a missing device is reported without starting ffmpeg. */
    static HwEncoder test(FfmpegTools tools, String name) {
        if (name.endsWith("_vaapi") && Encoders.vaapiDevice().isEmpty()) {
            return new HwEncoder(name, true, false, "no VAAPI render device (/dev/dri/renderD*)");
        }
        if (name.endsWith("_v4l2m2m") && !anyVideoDevice()) {
            return new HwEncoder(name, true, false, "no V4L2 device (/dev/video*)");
        }
        try {
            FfmpegArgs args = FfmpegArgs.ffmpeg().addAll(Encoders.globalArgs(name))
                    .add("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=1",
                            "-frames:v", "1", "-vf", Encoders.filterTail(name))
                    .addAll(Encoders.codecArgs(name))
                    .add("-an", "-f", "null", "-");
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), TEST_TIMEOUT);
            return r.ok() ? new HwEncoder(name, true, true, "ok")
                    : new HwEncoder(name, true, false, r.errorSummary());
        } catch (MediaException e) {
            return new HwEncoder(name, true, false, e.getMessage());
        }
    }

    private static boolean anyVideoDevice() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/dev"), "video*")) {
            return ds.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }
}
