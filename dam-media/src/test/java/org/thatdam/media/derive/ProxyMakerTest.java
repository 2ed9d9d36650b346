package org.thatdam.media.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.thatdam.media.derive.DeriveTesting.names;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;
import org.thatdam.model.StreamInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.testing.TestMedia;

class ProxyMakerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final MediaProber prober = new MediaProber(FfmpegTools.bundled(), TIMEOUT);
    private final ProxyMaker maker = new ProxyMaker(FfmpegTools.bundled(), TIMEOUT);
    @TempDir
    Path dir;

    private ProxyResult make(Path input, String out, DeriveTesting.Recorder progress) {
        MediaInfo info = prober.probe(input);
        long t0 = System.nanoTime();
        ProxyResult r = maker.make(input, info, dir.resolve(out), "libx264", progress, () -> false);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("proxy %s: %d ms for %.2f s (%.1fx real time) -> %s%n", input.getFileName(), ms,
                info.durationSec(), info.durationSec() * 1000 / ms, r);
        return r;
    }

    /** What every video proxy must be: H.264 yuv420p, even sides, <= 1280, AAC stereo, moov first. */
    private MediaInfo assertBrowserReady(ProxyResult r, boolean withAudio) throws Exception {
        MediaInfo p = prober.probe(r.file());
        assertThat(p.container()).isEqualTo("mp4");
        assertThat(p.videoCodec()).isEqualTo("h264");
        StreamInfo v = p.streams().stream().filter(s -> s.type().equals("video")).findFirst().orElseThrow();
        assertThat(v.pixFmt()).isEqualTo("yuv420p");
        assertThat(p.width() % 2).isZero();
        assertThat(p.height() % 2).isZero();
        assertThat(Math.max(p.width(), p.height())).isLessThanOrEqualTo(ProxyMaker.MAX_LONG_SIDE);
        assertThat(r.size()).isEqualTo(new Size(p.width(), p.height()));
        assertThat(p.rotation()).isNull();
        assertThat(p.streams().stream().filter(s -> s.type().equals("video")).count()).isEqualTo(1);
        if (withAudio) {
            assertThat(p.audioCodec()).isEqualTo("aac");
            StreamInfo a = p.streams().stream().filter(s -> s.type().equals("audio")).findFirst().orElseThrow();
            assertThat(a.channels()).isEqualTo(2);
        } else {
            assertThat(p.audioCodec()).isNull();
        }
        assertFastStart(r.file());
        assertThat(ProxyMaker.plan(p).reuseOriginal()).as(ProxyMaker.plan(p).reason()).isTrue();
        return p;
    }

    private static void assertFastStart(Path file) throws Exception {
        List<String> boxes = DeriveTesting.topLevelBoxes(file);
        assertThat(boxes).contains("moov", "mdat");
        assertThat(boxes.indexOf("moov")).as("boxes %s", boxes).isLessThan(boxes.indexOf("mdat"));
    }

    @Test
    void planReusesWhatBrowsersPlay() {
        ProxyPlan mp4 = ProxyMaker.plan(prober.probe(TestMedia.h264Mp4()));
        assertThat(mp4.reuseOriginal()).as(mp4.reason()).isTrue();
        assertThat(mp4.audioOnly()).isFalse();
        assertThat(mp4.reason()).startsWith("plays in browsers as is: mp4, h264");
        ProxyPlan webm = ProxyMaker.plan(prober.probe(TestMedia.webm()));
        assertThat(webm.reuseOriginal()).as(webm.reason()).isTrue();
        ProxyPlan avi = ProxyMaker.plan(prober.probe(TestMedia.aviMsmpeg4v3()));
        assertThat(avi.reuseOriginal()).isFalse();
        assertThat(avi.audioOnly()).isFalse();
        assertThat(avi.reason()).contains("container avi").contains("video codec msmpeg4v3");
        ProxyPlan mkv = ProxyMaker.plan(prober.probe(TestMedia.mkv()));
        assertThat(mkv.reuseOriginal()).isFalse();
        assertThat(mkv.reason()).contains("container matroska");
        ProxyPlan mp3 = ProxyMaker.plan(prober.probe(TestMedia.mp3()));
        assertThat(mp3.reuseOriginal()).as(mp3.reason()).isTrue();
        assertThat(mp3.audioOnly()).isTrue();
        ProxyPlan wav = ProxyMaker.plan(prober.probe(TestMedia.wav()));
        assertThat(wav.reuseOriginal()).isFalse();
        assertThat(wav.audioOnly()).isTrue();
        assertThat(wav.reason()).contains("pcm_s16le");
        ProxyPlan png = ProxyMaker.plan(prober.probe(TestMedia.png()));
        assertThat(png.reuseOriginal()).isFalse();
        assertThat(png.audioOnly()).isFalse();
    }

    @Test
    void planChecksSizeBitRateAndPixelFormat() {
        MediaInfo ok = video("mp4", "h264", "yuv420p", "aac", 1280, 720, 6_000_000L);
        assertThat(ProxyMaker.plan(ok).reuseOriginal()).as(ProxyMaker.plan(ok).reason()).isTrue();
        assertThat(ProxyMaker.plan(video("mov", "h264", "yuvj420p", null, 720, 1280, 2_000_000L)).reuseOriginal()).isTrue();
        assertThat(ProxyMaker.plan(video("webm", "vp8", "yuv420p", "vorbis", 640, 360, 1_000_000L)).reuseOriginal()).isTrue();
        assertThat(ProxyMaker.plan(video("mp4", "h264", "yuv420p", "aac", 1920, 1080, 6_000_000L)).reason())
                .contains("1920x1080 is larger than 1280 px");
        assertThat(ProxyMaker.plan(video("mp4", "h264", "yuv420p", "aac", 1280, 720, 9_000_000L)).reason())
                .contains("9.0 Mbit/s is above 8");
        assertThat(ProxyMaker.plan(video("mp4", "h264", "yuv420p10le", "aac", 1280, 720, 1_000_000L)).reason())
                .contains("yuv420p10le");
        assertThat(ProxyMaker.plan(video("mp4", "hevc", "yuv420p", "aac", 1280, 720, 1_000_000L)).reason())
                .contains("video codec hevc");
        assertThat(ProxyMaker.plan(video("mov", "h264", "yuv420p", "pcm_s16le", 1280, 720, 1_000_000L)).reason())
                .contains("audio codec pcm_s16le");
        assertThat(ProxyMaker.plan(video("mp4", "h264", "yuv420p", "aac", 1280, 720, null)).reason())
                .contains("bit rate unknown");
        ProxyPlan m4aAac = ProxyMaker.plan(audio("m4a", "aac"));
        assertThat(m4aAac.reuseOriginal()).isTrue();
        assertThat(ProxyMaker.plan(audio("ogg", "vorbis")).reuseOriginal()).isFalse();
        assertThat(ProxyMaker.plan(audio("flac", "flac")).audioOnly()).isTrue();
    }

    private static MediaInfo video(String container, String vcodec, String pixFmt, String acodec, int w, int h,
                                   Long bitRate) {
        StreamInfo v = new StreamInfo(0, "video", vcodec, null, w, h, 25.0, pixFmt, null, null, null, null, null, null);
        return new MediaInfo(AssetKind.VIDEO, container, 10.0, bitRate, w, h, 25.0, vcodec, acodec, null, null, null,
                null, null, null, null, null, null, null, null, List.of(v), null);
    }

    private static MediaInfo audio(String container, String codec) {
        StreamInfo a = new StreamInfo(0, "audio", codec, null, null, null, null, null, null, 44100, 2, "stereo",
                null, 128_000L);
        return new MediaInfo(AssetKind.AUDIO, container, 10.0, 128_000L, null, null, null, null, codec, null, null,
                null, null, null, null, null, null, null, null, null, List.of(a), null);
    }

    @Test
    void legacyAviBecomesABrowserReadyMp4() throws Exception {
        DeriveTesting.Recorder progress = new DeriveTesting.Recorder();
        ProxyResult r = make(TestMedia.aviMsmpeg4v3(), "proxy.mp4", progress);
        assertThat(r.file()).isEqualTo(dir.resolve("proxy.mp4"));
        assertThat(r.videoEncoder()).isEqualTo("libx264");
        assertThat(r.size()).isEqualTo(new Size(320, 240));
        assertThat(r.durationSec()).isCloseTo(2.0, within(0.2));
        assertBrowserReady(r, true);
        List<Double> p = progress.snapshot();
        assertThat(p).isNotEmpty().allSatisfy(f -> assertThat(f).isBetween(0.0, 1.0));
        assertThat(p.get(p.size() - 1)).isEqualTo(1.0);
        for (int i = 1; i < p.size(); i++) {
            assertThat(p.get(i)).isGreaterThanOrEqualTo(p.get(i - 1));
        }
        assertThat(names(dir)).containsExactly("proxy.mp4");
    }

    @Test
    void largeVideoIsScaledTo720pAndPortraitStaysUpright() throws Exception {
        ProxyResult big = make(TestMedia.clip(0.5, "1920x1080"), "big.mp4", null);
        assertThat(big.size()).isEqualTo(new Size(1280, 720));
        assertBrowserReady(big, true);
        ProxyResult portrait = make(TestMedia.rotatedMov(), "portrait.mp4", null);
        assertThat(portrait.size()).isEqualTo(new Size(360, 640)); // rotation applied, not flagged
        assertBrowserReady(portrait, true);
        ProxyResult corner = make(TestMedia.rotatedCornerMov(), "corner.mp4", null);
        assertThat(corner.size()).isEqualTo(new Size(180, 320));
        assertBrowserReady(corner, false);
        // Decoded without any rotation flag left to apply, the picture is already upright.
        Path still = dir.resolve("still");
        new PosterMaker(FfmpegTools.bundled(), TIMEOUT).make(corner.file(), prober.probe(corner.file()),
                still.resolve("s.jpg"), still.resolve("l.jpg"), () -> false);
        DeriveTesting.assertCornerTopRight(DeriveTesting.read(still.resolve("l.jpg")), 0, 0, 180, 320);
    }

    @Test
    void videoWithoutAudio() throws Exception {
        ProxyResult r = make(TestMedia.aviCinepak(), "silent.mp4", null);
        assertThat(r.size()).isEqualTo(new Size(160, 120));
        assertBrowserReady(r, false);
    }

    @Test
    void audioOnlyBecomesM4a() throws Exception {
        ProxyResult r = make(TestMedia.wav(), "proxy.mp4", null);
        assertThat(r.file()).isEqualTo(dir.resolve("proxy.m4a"));
        assertThat(r.size()).isNull();
        assertThat(r.videoEncoder()).isNull();
        assertThat(r.durationSec()).isCloseTo(1.0, within(0.1));
        MediaInfo p = prober.probe(r.file());
        assertThat(p.kind()).isEqualTo(AssetKind.AUDIO);
        assertThat(p.container()).isEqualTo("m4a");
        assertThat(p.audioCodec()).isEqualTo("aac");
        assertThat(p.videoCodec()).isNull();
        assertThat(p.streams()).hasSize(1);
        assertThat(p.streams().get(0).channels()).isEqualTo(2);
        assertFastStart(r.file());
        assertThat(ProxyMaker.plan(p).reuseOriginal()).isTrue();

        ProxyResult mp3 = make(TestMedia.mp3(), "tone.m4a", null);
        assertThat(mp3.file()).isEqualTo(dir.resolve("tone.m4a"));
        assertThat(prober.probe(mp3.file()).audioCodec()).isEqualTo("aac");
        assertThat(names(dir)).containsExactly("proxy.m4a", "tone.m4a");
    }

    @Test
    void cancelLeavesNoFiles() throws Exception {
        Path input = TestMedia.spriteClip();
        MediaInfo info = prober.probe(input);
        AtomicBoolean cancel = new AtomicBoolean();
        DeriveTesting.Recorder seen = new DeriveTesting.Recorder();
        assertThatThrownBy(() -> maker.make(input, info, dir.resolve("proxy.mp4"), "libx264", f -> {
            seen.progress(f);
            cancel.set(true);
        }, cancel::get)).isInstanceOf(ToolRunner.CancelledException.class);
        assertThat(seen.snapshot()).isNotEmpty();
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void cancelStopsARunningEncode() throws Exception {
        Path input = TestMedia.clip(0.5, "1920x1080");
        MediaInfo info = prober.probe(input);
        // Turns true at the second look, while ffmpeg is still encoding (ToolRunner looks every 100 ms).
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        assertThatThrownBy(() -> maker.make(input, info, dir.resolve("proxy.mp4"), "libx264", null,
                () -> looks.incrementAndGet() > 1)).isInstanceOf(ToolRunner.CancelledException.class);
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void failuresArePreciseAndWriteNothing() throws Exception {
        MediaInfo unknown = MediaInfo.unknown(AssetKind.VIDEO);
        assertThatThrownBy(() -> maker.make(TestMedia.randomBytesMp4(), unknown, dir.resolve("a.mp4"), "libx264",
                null, () -> false)).isInstanceOf(MediaException.class).hasMessageContaining("Invalid data found");
        MediaInfo healthy = prober.probe(TestMedia.h264Mp4());
        assertThatThrownBy(() -> maker.make(TestMedia.truncatedMp4(), healthy, dir.resolve("b.mp4"), "libx264",
                null, () -> false)).isInstanceOf(MediaException.class)
                .hasMessageStartingWith("cannot make a proxy: ").hasMessageContaining("moov atom not found");
        // A hardware encoder that is listed but does not work here (no device, no driver): a clean one-line reason.
        HwEncoder broken = HwAccel.detect(FfmpegTools.bundled()).candidates().stream()
                .filter(e -> e.listed() && !e.works()).findFirst().orElseThrow();
        assertThatThrownBy(() -> maker.make(TestMedia.h264Mp4(), healthy, dir.resolve("c.mp4"), broken.name(),
                null, () -> false)).as(broken.name()).isInstanceOf(MediaException.class)
                .hasMessageContaining(broken.name().endsWith("_vaapi") ? "no VAAPI render device" : "cannot make a proxy: ")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("Task finished");
        // Metadata that promises a picture the file does not have.
        assertThatThrownBy(() -> maker.make(TestMedia.mp3(), healthy, dir.resolve("e.mp4"), "libx264",
                null, () -> false)).isInstanceOf(MediaException.class)
                .hasMessage("cannot make a proxy: the file has no video stream");
        assertThatThrownBy(() -> maker.make(TestMedia.h264Mp4(), healthy, dir.resolve("d.mp4"), "-x264opts",
                null, () -> false)).isInstanceOf(MediaException.class).hasMessageContaining("not an encoder name");
        assertThat(names(dir)).isEmpty();
    }
}
