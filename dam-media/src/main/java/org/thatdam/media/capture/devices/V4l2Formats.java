package org.thatdam.media.capture.devices;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.thatdam.model.DamException;
import org.thatdam.model.FrameRate;

/**
 * What the answers of V4L2 devices mean to ffmpeg: pixel formats by their four-character code, frame
 * rates from the fps a tool prints, and the sizes worth offering from a stepwise or continuous range.
 */
final class V4l2Formats {

    /** The most sizes and formats one device may list; a driver that lists more is cut, not believed. */
    static final int MAX_FORMATS = 256;
    static final int MAX_RATES = 32;
    static final int MAX_SIDE = 16384;

    /**
     * V4L2 four-character codes → ffmpeg's name for {@code -input_format} (a pixel format, or a codec
     * for compressed ones), as libavdevice's v4l2 conversion table has them. Others cannot be read.
     */
    private static final Map<String, String> FFMPEG_NAMES = Map.ofEntries(
            Map.entry("YUYV", "yuyv422"), Map.entry("UYVY", "uyvy422"),
            Map.entry("YU12", "yuv420p"), Map.entry("YV12", "yuv420p"),
            Map.entry("422P", "yuv422p"), Map.entry("411P", "yuv411p"),
            Map.entry("YUV9", "yuv410p"), Map.entry("YVU9", "yuv410p"),
            Map.entry("NV12", "nv12"),
            Map.entry("RGB3", "rgb24"), Map.entry("BGR3", "bgr24"),
            Map.entry("RGBP", "rgb565le"), Map.entry("RGBR", "rgb565be"),
            Map.entry("RGBO", "rgb555le"), Map.entry("RGBQ", "rgb555be"),
            Map.entry("BGR4", "bgr0"), Map.entry("RGB4", "0rgb"),
            Map.entry("XR24", "bgr0"), Map.entry("BX24", "0rgb"),
            Map.entry("AR24", "bgra"), Map.entry("BA24", "argb"),
            Map.entry("GREY", "gray"), Map.entry("Y16 ", "gray16le"),
            Map.entry("BA81", "bayer_bggr8"), Map.entry("GBRG", "bayer_gbrg8"),
            Map.entry("GRBG", "bayer_grbg8"), Map.entry("RGGB", "bayer_rggb8"),
            Map.entry("MJPG", "mjpeg"), Map.entry("JPEG", "mjpeg"),
            Map.entry("H264", "h264"), Map.entry("HEVC", "hevc"), Map.entry("MPG4", "mpeg4"));

    /** Sizes offered from a range, when the device names none itself; plus the range's largest. */
    private static final int[][] COMMON_SIZES = {
            {320, 240}, {640, 360}, {640, 480}, {800, 600}, {1024, 768}, {1280, 720}, {1280, 960},
            {1920, 1080}, {2560, 1440}, {3840, 2160}, {4096, 2160}};

    /** Rates offered from a range of intervals, fastest first. */
    private static final List<FrameRate> COMMON_RATES = List.of(
            new FrameRate(60, 1), FrameRate.NTSC_DOUBLE, new FrameRate(50, 1), new FrameRate(30, 1), FrameRate.NTSC,
            new FrameRate(25, 1), new FrameRate(24, 1), new FrameRate(24000, 1001), new FrameRate(15, 1),
            new FrameRate(10, 1), new FrameRate(5, 1));

    private V4l2Formats() {}

    /** ffmpeg's name for a four-character code ({@code YUYV} → {@code yuyv422}); null when it cannot read it. */
    static String ffmpegName(String fourcc) {
        return FFMPEG_NAMES.get(fourcc);
    }

    /**
     * The rate an fps figure printed to the thousandth stands for: {@code 30.000} → 30/1,
     * {@code 29.970} → 30000/1001, {@code 7.500} → 15/2. Null for what is not a usable rate ({@code inf}).
     */
    static FrameRate rate(String fps) {
        BigDecimal d;
        try {
            d = new BigDecimal(fps.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        if (d.signum() <= 0 || d.compareTo(BigDecimal.valueOf(1000)) > 0) return null;
        if (d.stripTrailingZeros().scale() <= 0) return new FrameRate(d.intValueExact(), 1);
        // The NTSC family: n·1000/1001 prints as n − n/1000 rounded to the thousandth (29.970, 59.940, 23.976).
        long n = d.multiply(BigDecimal.valueOf(1001)).divide(BigDecimal.valueOf(1000), 0, RoundingMode.HALF_UP).longValue();
        double ntsc = n * 1000.0 / 1001.0;
        if (n > 0 && Math.abs(ntsc - d.doubleValue()) < 0.0006) {
            return new FrameRate((int) n * 1000, 1001);
        }
        try {
            return new FrameRate(d.movePointRight(3).setScale(0, RoundingMode.HALF_UP).intValueExact(), 1000);
        } catch (ArithmeticException | DamException e) {
            return null;
        }
    }

    /** The common rates between two fps figures (either order), fastest first. */
    static List<FrameRate> ratesBetween(FrameRate a, FrameRate b) {
        double lo = Math.min(a.fps(), b.fps()) - 1e-6;
        double hi = Math.max(a.fps(), b.fps()) + 1e-6;
        List<FrameRate> out = new ArrayList<>();
        for (FrameRate r : COMMON_RATES) {
            if (r.fps() >= lo && r.fps() <= hi) out.add(r);
        }
        return out;
    }

    /** The sizes worth offering from a stepwise (or, with steps of 1, continuous) range: common ones that fit, and the largest. */
    static List<int[]> sizesBetween(int minW, int minH, int maxW, int maxH, int stepW, int stepH) {
        List<int[]> out = new ArrayList<>();
        if (minW <= 0 || minH <= 0 || maxW < minW || maxH < minH || maxW > MAX_SIDE || maxH > MAX_SIDE) return out;
        int sw = Math.max(1, stepW);
        int sh = Math.max(1, stepH);
        for (int[] s : COMMON_SIZES) {
            if (s[0] >= minW && s[0] <= maxW && s[1] >= minH && s[1] <= maxH
                    && (s[0] - minW) % sw == 0 && (s[1] - minH) % sh == 0) {
                out.add(s);
            }
        }
        if (out.isEmpty() || out.getLast()[0] != maxW || out.getLast()[1] != maxH) out.add(new int[] {maxW, maxH});
        return out;
    }

    static boolean saneSize(int w, int h) {
        return w > 0 && h > 0 && w <= MAX_SIDE && h <= MAX_SIDE;
    }
}
