package org.thatdam.media.derive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.thatdam.media.MediaException;

/**
 * How each H.264 encoder is driven: the same settings for {@link HwAccel}'s test encode and for
 * {@link ProxyMaker}, so an encoder that passed the test is used the way it was tested.
 */
final class Encoders {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
    /** Proxies are for browsing: a cap keeps them streamable over a modest network. */
    private static final String MAXRATE = "5M", BUFSIZE = "10M";

    private Encoders() {}

    static String checkName(String encoder) {
        if (encoder == null || !NAME.matcher(encoder).matches()) {
            throw new MediaException("not an encoder name: " + encoder);
        }
        return encoder;
    }

    /** Global options that go before the inputs (a hardware device to open). */
    static List<String> globalArgs(String encoder) {
        if (encoder.endsWith("_vaapi")) {
            Path device = vaapiDevice().orElseThrow(() -> new MediaException(
                    encoder + ": no VAAPI render device (/dev/dri/renderD*)"));
            return List.of("-vaapi_device", device.toString());
        }
        return List.of();
    }

    /** The end of the video filter chain: the pixel format (and upload) the encoder takes. */
    static String filterTail(String encoder) {
        if (encoder.endsWith("_vaapi")) return "format=nv12,hwupload";
        if (encoder.endsWith("_qsv")) return "format=nv12";
        return "format=yuv420p";
    }

    /** Codec options: H.264 High profile, a quality target, a rate cap. */
    static List<String> codecArgs(String encoder) {
        List<String> a = new ArrayList<>(List.of("-c:v", encoder));
        switch (encoder) {
            case "libx264" -> a.addAll(List.of("-preset", "veryfast", "-crf", "23", "-profile:v", "high",
                    "-maxrate", MAXRATE, "-bufsize", BUFSIZE, "-pix_fmt", "yuv420p"));
            case "h264_nvenc" -> a.addAll(List.of("-preset", "p4", "-rc", "vbr", "-cq", "24", "-b:v", "0",
                    "-profile:v", "high", "-maxrate", MAXRATE, "-bufsize", BUFSIZE, "-pix_fmt", "yuv420p"));
            case "h264_qsv" -> a.addAll(List.of("-preset", "veryfast", "-global_quality", "24",
                    "-profile:v", "high", "-maxrate", MAXRATE, "-bufsize", BUFSIZE));
            case "h264_vaapi" -> a.addAll(List.of("-rc_mode", "QVBR", "-global_quality", "24", "-b:v", "3M",
                    "-maxrate", MAXRATE, "-profile:v", "high"));
            case "h264_v4l2m2m" -> a.addAll(List.of("-b:v", "3M", "-pix_fmt", "yuv420p"));
            default -> a.addAll(List.of("-b:v", "3M", "-maxrate", MAXRATE, "-bufsize", BUFSIZE,
                    "-pix_fmt", "yuv420p"));
        }
        return a;
    }

    static Optional<Path> vaapiDevice() {
        Path dri = Path.of("/dev/dri");
        if (!Files.isDirectory(dri)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dri, "renderD*")) {
            List<Path> all = new ArrayList<>();
            ds.forEach(all::add);
            return all.stream().sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
