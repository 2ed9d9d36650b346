package org.thatdam.media.libav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.frames.FrameGrabber;
import org.thatdam.media.libav.FrameRequest.PixelFormat;
import org.thatdam.media.libav.FrameRequest.Sampling;
import org.thatdam.media.libav.FrameRequest.Scaler;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.DamException;

class LibavFramesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** 8 s of testsrc2 (moving patterns: every frame differs), B-frames, a key frame every second exactly. */
    private static Path gopClip() {
        return TestMedia.make("frames-gop.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=8"),
                "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-keyint_min", "25", "-sc_threshold", "0",
                "-bf", "2", "-pix_fmt", "yuv420p");
    }

    private static FrameRequest at(List<Double> times, int maxW, int maxH, PixelFormat f, Scaler s,
                                   boolean keyframesOnly, boolean upright) {
        return new FrameRequest(times, null, maxW, maxH, f, s, keyframesOnly, false, upright, false);
    }

    private static List<DecodedFrame> decode(Path file, FrameRequest r) {
        List<DecodedFrame> out = new ArrayList<>();
        int n = LibavFrames.decode(file, r, f -> out.add(f), () -> false);
        assertThat(n).isEqualTo(out.size());
        return out;
    }

    /** Mean absolute difference per channel value of two RGB images of one size. */
    private static double mad(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) sum += Math.abs((p >> s & 0xff) - (q >> s & 0xff));
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    private static double mad(byte[] a, int aOff, byte[] b, int bOff, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) sum += Math.abs((a[aOff + i] & 0xff) - (b[bOff + i] & 0xff));
        return sum / (double) n;
    }

    @Test
    void framesAtTimesAreTheOnesFfmpegSelects() {
        Path clip = gopClip();
        // Forward within a GOP, times between frames, jumps over GOPs (seeks), one past the end.
        List<Double> times = List.of(0.0, 0.5, 0.53, 0.6, 3.3, 3.35, 5.01, 7.95, 9.0);
        List<FrameGrabber.Frame> theirs = new FrameGrabber(FfmpegTools.bundled(), TIMEOUT)
                .grabAll(clip, times, 320, () -> false);
        List<DecodedFrame> ours = decode(clip, at(times, 320, 4096, PixelFormat.RGB, Scaler.BICUBIC, false, false));
        assertThat(ours).hasSize(theirs.size()).hasSize(8);
        double[] expectedPts = {0.0, 0.52, 0.56, 0.6, 3.32, 3.36, 5.04, 7.96};
        for (int k = 0; k < ours.size(); k++) {
            DecodedFrame f = ours.get(k);
            assertThat(f.index()).isEqualTo(k);
            assertThat(f.timeSec()).isEqualTo(times.get(k));
            assertThat(f.ptsSec()).as("frame %d", k).isCloseTo(expectedPts[k], org.assertj.core.data.Offset.offset(1e-6));
            assertThat(f.width()).isEqualTo(320);
            assertThat(f.height()).isEqualTo(240);
            BufferedImage mine = f.toImage();
            double same = mad(mine, theirs.get(k).image());
            assertThat(same).as("frame %d against ffmpeg's", k).isLessThan(2.0);
        }
        // The frames differ from one to the next, so a match is not an accident.
        assertThat(mad(ours.get(0).toImage(), ours.get(1).toImage())).isGreaterThan(5);
        assertThat(mad(ours.get(1).toImage(), ours.get(2).toImage())).isGreaterThan(3);
        // Two times within one frame: the picture shown at each is the same frame (ffmpeg's select
        // cannot take a frame twice; the sprites and posters never ask so).
        assertThat(decode(clip, at(List.of(0.5, 0.51), 320, 240, PixelFormat.GRAY, Scaler.AREA, false, false)))
                .extracting(DecodedFrame::ptsSec).containsExactly(0.52, 0.52);
    }

    @Test
    void keyframesOnlyGivesTheKeyFrameAtOrBeforeEachTime() {
        Path clip = gopClip();
        List<Double> times = List.of(0.5, 1.7, 1.9, 5.2, 7.99);
        List<DecodedFrame> ours = decode(clip, at(times, 160, 160, PixelFormat.GRAY, Scaler.AREA, true, false));
        assertThat(ours).extracting(DecodedFrame::ptsSec).containsExactly(0.0, 1.0, 1.0, 5.0, 7.0);
        assertThat(ours).allSatisfy(f -> {
            assertThat(f.keyframe()).isTrue();
            assertThat(f.width()).isEqualTo(160);
            assertThat(f.height()).isEqualTo(120);
            assertThat(f.pixels()).hasSize(160 * 120);
        });
        assertThat(ours.get(1).pixels()).isEqualTo(ours.get(2).pixels());
    }

    @Test
    void samplingPicksWhatFfmpegsFpsFilterPicks() {
        Path clip = gopClip();
        ProcessResult r = ToolRunner.run(FfmpegTools.bundled().ffmpeg(), FfmpegArgs.ffmpeg().input(clip)
                .add("-an", "-vf", "fps=3:start_time=1.3,scale=80:60:flags=area,format=gray",
                        "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1").list(), TIMEOUT);
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        int size = 80 * 60;
        int theirCount = r.stdout().length / size;
        FrameRequest req = new FrameRequest(null, new Sampling(1.3, 0, 3), 80, 60, PixelFormat.GRAY, Scaler.AREA,
                false, false, false, false);
        List<DecodedFrame> ours = decode(clip, req);
        assertThat(ours).hasSize(theirCount);
        assertThat(theirCount).isBetween(19, 21);
        for (int k = 0; k < ours.size(); k++) {
            DecodedFrame f = ours.get(k);
            assertThat(f.index()).isEqualTo(k);
            assertThat(f.timeSec()).isCloseTo((4 + k) / 3.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(mad(f.pixels(), 0, r.stdout(), k * size, size)).as("sample %d", k).isLessThan(2.0);
        }
        // A duration keeps the samples before start + duration.
        List<DecodedFrame> part = decode(clip, new FrameRequest(null, new Sampling(1.3, 2.0, 3), 80, 60,
                PixelFormat.GRAY, Scaler.AREA, false, false, false, false));
        assertThat(part).extracting(DecodedFrame::ptsSec)
                .containsExactlyElementsOf(ours.subList(0, 6).stream().map(DecodedFrame::ptsSec).toList());
        // Fast: B-frames are not decoded, so a sample where one falls repeats the frame before it.
        FrameRequest every = new FrameRequest(null, new Sampling(0, 2, 25), 80, 60, PixelFormat.GRAY, Scaler.AREA,
                false, false, false, false);
        List<DecodedFrame> all = decode(clip, every);
        List<DecodedFrame> fast = decode(clip, new FrameRequest(null, every.sampling(), 80, 60, PixelFormat.GRAY,
                Scaler.AREA, false, true, false, false));
        assertThat(all).hasSize(50);
        assertThat(all).extracting(DecodedFrame::ptsSec).doesNotHaveDuplicates();
        assertThat(fast).hasSize(50);
        assertThat(fast.stream().map(DecodedFrame::ptsSec).distinct().count()).isLessThan(40);
    }

    @Test
    void rotatedClipsComeUpright() {
        // Coded 320x180 with a white block top-left, displayed turned a quarter clockwise.
        List<DecodedFrame> f = decode(TestMedia.rotatedCornerMov(),
                at(List.of(0.2), 1280, 1280, PixelFormat.RGB, Scaler.LANCZOS, false, true));
        assertThat(f).hasSize(1);
        BufferedImage img = f.get(0).toImage();
        assertThat(img.getWidth()).isEqualTo(180);
        assertThat(img.getHeight()).isEqualTo(320);
        assertThat(luma(img, 140, 10, 30, 60)).isGreaterThan(200); // top right: the block
        assertThat(luma(img, 10, 10, 30, 60)).isLessThan(40);
        assertThat(luma(img, 10, 250, 30, 60)).isLessThan(40);
        // Not upright: as stored.
        BufferedImage stored = decode(TestMedia.rotatedCornerMov(),
                at(List.of(0.2), 1280, 1280, PixelFormat.RGB, Scaler.LANCZOS, false, false)).get(0).toImage();
        assertThat(stored.getWidth()).isEqualTo(320);
        assertThat(luma(stored, 10, 10, 40, 20)).isGreaterThan(200);
        // Fitted: never upscaled, aspect kept, even sides.
        DecodedFrame small = decode(TestMedia.rotatedMov(),
                at(List.of(0.1), 100, 100, PixelFormat.RGB, Scaler.AREA, false, true)).get(0);
        assertThat(small.width()).isEqualTo(56);
        assertThat(small.height()).isEqualTo(100);
    }

    private static double luma(BufferedImage img, int x0, int y0, int w, int h) {
        double sum = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int p = img.getRGB(x, y);
                sum += 0.299 * (p >> 16 & 0xff) + 0.587 * (p >> 8 & 0xff) + 0.114 * (p & 0xff);
            }
        }
        return sum / (w * h);
    }

    @Test
    void damagedAndUnsuitableInputsFailCleanly() {
        FrameRequest r = at(List.of(0.5), 64, 64, PixelFormat.GRAY, Scaler.AREA, false, false);
        assertThatThrownBy(() -> LibavFrames.decode(TestMedia.randomBytesMp4(), r, f -> true, () -> false))
                .isInstanceOf(MediaException.class).hasMessageContaining("Invalid data found")
                .hasMessageNotContaining(TestMedia.randomBytesMp4().getParent().toString());
        assertThatThrownBy(() -> LibavFrames.decode(TestMedia.truncatedMp4(), r, f -> true, () -> false))
                .isInstanceOf(MediaException.class).hasMessageContaining("moov atom not found");
        assertThatThrownBy(() -> LibavFrames.decode(TestMedia.mp3(), r, f -> true, () -> false))
                .isInstanceOf(MediaException.class).hasMessageContaining("no video stream");
        // Damage inside the stream: whatever decodes is handed over, or a MediaException says why not.
        try {
            LibavFrames.decode(TestMedia.damagedAvi(), r, f -> true, () -> false);
        } catch (MediaException expected) {
            assertThat(expected.getMessage()).doesNotContain(TestMedia.damagedAvi().getParent().toString());
        }
        assertThatThrownBy(() -> LibavFrames.decode(TestMedia.h264Mp4(),
                at(List.of(1.0, 0.5), 64, 64, PixelFormat.GRAY, Scaler.AREA, false, false), f -> true, () -> false))
                .isInstanceOf(DamException.class).hasMessageContaining("strictly increasing");
    }

    @Test
    void theSinkStopsAndCancelInterrupts() {
        Path clip = gopClip();
        List<Double> times = List.of(1.0, 2.0, 3.0, 4.0);
        FrameRequest r = at(times, 64, 64, PixelFormat.GRAY, Scaler.AREA, false, false);
        List<DecodedFrame> got = new ArrayList<>();
        assertThat(LibavFrames.decode(clip, r, f -> got.add(f) && got.size() < 2, () -> false)).isEqualTo(2);
        assertThat(got).hasSize(2);
        boolean[] cancelled = {false};
        List<DecodedFrame> before = new ArrayList<>();
        assertThatThrownBy(() -> LibavFrames.decode(clip, r, f -> {
            before.add(f);
            cancelled[0] = true;
            return true;
        }, () -> cancelled[0])).isInstanceOf(ToolRunner.CancelledException.class);
        assertThat(before).hasSize(1);
    }
}
