package org.thatdam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;

class CaptureBenchTest {

    /** The real graph, one frame scaled to the preview's width and JPEG-compressed, reads back as the time it was made. */
    @Test
    void aStampedFrameReadsBackAsTheWallClockOfItsMaking() throws Exception {
        List<String> args = FfmpegArgs.ffmpeg().add("-f", "lavfi", "-i", ClockStrip.lavfi(25), "-frames:v", "1",
                "-vf", "scale=640:-2", "-c:v", "mjpeg", "-q:v", "5", "-f", "image2pipe", "pipe:1").list();
        long before = System.currentTimeMillis();
        ProcessResult r = ToolRunner.run(FfmpegTools.bundled().ffmpeg(), args, Duration.ofMinutes(2));
        long after = System.currentTimeMillis();
        assertTrue(r.ok(), r.errorSummary());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.stdout()));
        assertEquals(640, img.getWidth());
        long stamp = ClockStrip.read(img);
        // made between the two clock readings (mod 2^20)
        long sinceStart = Math.floorMod(stamp - before, ClockStrip.MODULUS);
        assertTrue(sinceStart <= after - before, "stamp " + stamp + " is not between " + before % ClockStrip.MODULUS
                + " and " + after % ClockStrip.MODULUS);
        assertEquals(after - before - sinceStart, ClockStrip.latency(stamp, after));
    }

    @Test
    void latencyWrapsAroundTheModulus() {
        assertEquals(5, ClockStrip.latency(ClockStrip.MODULUS - 2, ClockStrip.MODULUS * 7 + 3));
        assertEquals(0, ClockStrip.latency(123, ClockStrip.MODULUS + 123));
    }

    @Test
    void percentilesByNearestRank() {
        double[] v = {5, 1, 4, 2, 3};
        assertEquals(3, CaptureBench.percentile(v, 50));
        assertEquals(5, CaptureBench.percentile(v, 95));
        assertEquals(1, CaptureBench.percentile(v, 1));
        assertTrue(Double.isNaN(CaptureBench.percentile(new double[0], 50)));
    }
}
