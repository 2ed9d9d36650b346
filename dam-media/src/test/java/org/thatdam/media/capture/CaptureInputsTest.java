package org.thatdam.media.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thatdam.media.MediaException;
import org.thatdam.model.DamException;
import org.thatdam.model.FrameRate;
import org.thatdam.model.LiveSettings;
import org.thatdam.model.LiveSourceKind;

/** The pure parts of live capture: input arguments, URL rules, the multipart and YUV4MPEG2 parsers. */
class CaptureInputsTest {

    private static SourceSpec net(String url, String secret, String transport) {
        return new SourceSpec(LiveSourceKind.NETWORK, "n", url, new LiveSettings(null, null, null, null, null, transport), secret);
    }

    @Test
    void networkInputsAllowOnlyTheProtocolsTheirSchemeNeeds() {
        List<String> rtsp = CaptureInputs.args(net("rtsp://cam.local:554/live", "admin:p@ss:w/rd", "udp"), Duration.ofSeconds(5)).args();
        assertThat(rtsp).containsSequence("-rtsp_transport", "udp").containsSequence("-timeout", "5000000")
                .containsSequence("-protocol_whitelist", "rtsp,rtp,udp,tcp")
                .contains("rtsp://admin:p%40ss%3Aw%2Frd@cam.local:554/live");
        List<String> http = CaptureInputs.args(net("https://cam/live.m3u8", null, null), Duration.ofSeconds(5)).args();
        assertThat(http).containsSequence("-rw_timeout", "5000000")
                .containsSequence("-protocol_whitelist", "http,https,tcp,tls,crypto")
                .containsSequence("-fflags", "nobuffer").last().isEqualTo("https://cam/live.m3u8");
        for (List<String> a : List.of(rtsp, http)) {
            String wl = a.get(a.indexOf("-protocol_whitelist") + 1);
            assertThat(wl).doesNotContain("file").doesNotContain("pipe").doesNotContain("concat")
                    .doesNotContain("data").doesNotContain("subfile");
        }
        assertThat(CaptureInputs.args(net("srt://h:9000", null, null), Duration.ofSeconds(5)).args())
                .containsSequence("-protocol_whitelist", "srt,udp");
        assertThat(CaptureInputs.args(net("rtmp://h/app/key", null, null), Duration.ofSeconds(5)).args())
                .containsSequence("-protocol_whitelist", "rtmp,tcp");
        assertThatThrownBy(() -> CaptureInputs.args(net("rtsp://cam/x", null, "http"), Duration.ofSeconds(5)))
                .isInstanceOf(DamException.class).hasMessageContaining("tcp or udp");
        assertThat(CaptureInputs.withoutSecrets("rtsp://u:p@cam:554/live?token=abc#x")).isEqualTo("rtsp://cam:554/live");
    }

    @Test
    void deviceInputsAskTheDeviceForTheChosenFormat() {
        SourceSpec dev = new SourceSpec(LiveSourceKind.DEVICE, "d", "/dev/video0",
                new LiveSettings(1920, 1080, FrameRate.NTSC, "MJPG", "alsa:hw:1,0", null), null);
        CaptureInputs.Input in = CaptureInputs.args(dev, Duration.ofSeconds(5));
        assertThat(in.args()).containsSequence("-f", "v4l2").containsSequence("-input_format", "mjpeg")
                .containsSequence("-video_size", "1920x1080").containsSequence("-framerate", "30000/1001")
                .containsSequence("-i", "/dev/video0").containsSequence("-f", "alsa").containsSequence("-i", "hw:1,0");
        assertThat(in.audioMap()).isEqualTo("1:a:0");
        assertThat(CaptureInputs.args(new SourceSpec(LiveSourceKind.DEVICE, "d", "/dev/video2", LiveSettings.DEFAULT, null),
                Duration.ofSeconds(5)).audio()).isFalse();
    }

    @Test
    void theTestPatternDrawsTheClockFromTheStartTime() {
        Instant start = Instant.parse("2026-01-01T10:20:30.5Z");
        String g = TestPattern.videoGraph(1280, 720, new FrameRate(25, 1), start, ZoneOffset.UTC);
        assertThat(g).startsWith("testsrc2=size=1280x720:rate=25/1").endsWith(",realtime")
                .contains("(37230.5+t)").doesNotContain("drawtext");
        assertThat(g.split("drawbox").length - 1).isEqualTo(1 + 8 * 7 + 6);
        assertThat(TestPattern.audioGraph(start, ZoneOffset.UTC)).contains("sine=frequency=1000").contains("mod(0.5+t,1)")
                .endsWith("arealtime");
        assertThat(TestPattern.litWhen("D", 'c')).isEqualTo("not(eq(D,2))");
        assertThat(TestPattern.format(LiveSettings.DEFAULT)).isEqualTo(new RawFormat(1280, 720, new FrameRate(25, 1), true));
    }

    @Test
    void yuv4mpegHeadersAreParsedAndDamagedOnesRefused() {
        assertThat(LiveIngest.parseHeader("YUV4MPEG2 W640 H360 F30000:1001 Ip A1:1 C420jpeg XYSCSS=420JPEG", false))
                .isEqualTo(new RawFormat(640, 360, FrameRate.NTSC, false));
        for (String bad : List.of("YUV4MPEG2 W640 H360 F25:1 C444", "YUV4MPEG2 W99999 H360 F25:1", "YUV4MPEG2 W640 F25:1",
                "YUV4MPEG2 W640 H360 F0:1", "YUV4MPEG2 Wx H360 F25:1", "MPEG W640 H360 F25:1", "YUV4MPEG2 W640 H360 F25")) {
            assertThatThrownBy(() -> LiveIngest.parseHeader(bad, false)).as(bad).isInstanceOf(MediaException.class);
        }
    }

    private static byte[] multipart(String... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String p : parts) b.writeBytes(p.getBytes(StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }

    @Test
    void multipartJpegPartsAreReadByLengthWithinBounds() throws Exception {
        MjpegParts ok = new MjpegParts(new ByteArrayInputStream(multipart(
                "--ffmpeg\r\nContent-type: image/jpeg\r\nContent-length: 3\r\n\r\nabc\r\n--ffmpeg\r\n",
                "Content-Type: image/jpeg\r\nContent-Length: 2\r\n\r\nde\r\n--ffmpeg--\r\n")));
        // ffmpeg writes the boundary after each part; a server writes it before: both read the same
        MjpegParts before = new MjpegParts(new ByteArrayInputStream(multipart(
                "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 3\r\n\r\nabc\r\n",
                "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 2\r\n\r\nde\r\n")), "frame");
        for (MjpegParts p : List.of(ok, before)) {
            assertThat(new String(p.next(), StandardCharsets.US_ASCII)).isEqualTo("abc");
            assertThat(new String(p.next(), StandardCharsets.US_ASCII)).isEqualTo("de");
            assertThat(p.next()).isNull();
        }
        List<String> damaged = List.of(
                "--b\r\nContent-Length: 99999999\r\n\r\n",
                "--b\r\nX: " + "y".repeat(9000) + "\r\n\r\n",
                "--b\r\nContent-Type: image/jpeg\r\n\r\nabc",
                "--b\r\nContent-Length: -1\r\n\r\n",
                "--b\r\nContent-Length: 12abc\r\n\r\n",
                "garbage\r\n",
                "--b\r\n" + "X: y\r\n".repeat(100) + "\r\n");
        for (String d : damaged) {
            MjpegParts p = new MjpegParts(new ByteArrayInputStream(multipart(d)));
            assertThatThrownBy(p::next).as(d.substring(0, Math.min(30, d.length()))).isInstanceOf(MediaException.class)
                    .hasMessageContaining("damaged");
        }
        MjpegParts cut = new MjpegParts(new ByteArrayInputStream(multipart("--b\r\nContent-Length: 10\r\n\r\nabc")));
        assertThatThrownBy(cut::next).isInstanceOf(EOFException.class);
        MjpegParts other = new MjpegParts(new ByteArrayInputStream(multipart("--x\r\nContent-Length: 1\r\n\r\na\r\n")), "b");
        assertThatThrownBy(other::next).isInstanceOf(MediaException.class).hasMessageContaining("--b");
    }
}
