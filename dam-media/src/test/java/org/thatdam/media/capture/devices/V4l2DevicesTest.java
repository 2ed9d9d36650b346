package org.thatdam.media.capture.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.FrameRate;
import org.thatdam.model.LiveFormat;

/**
 * Device discovery on the answers of real devices: a fake sysfs and /dev in a temporary folder, the
 * tools' replies from fixtures captured on machines with a webcam, an HDMI capture dongle, a camera
 * with a range of sizes, a raw sensor and broken devices.
 */
class V4l2DevicesTest {

    private static final FrameRate F30 = new FrameRate(30, 1);

    @TempDir
    Path root;
    Path sysfs;
    Path dev;

    @BeforeEach
    void machine() throws IOException {
        sysfs = Files.createDirectories(root.resolve("sys/class/video4linux"));
        dev = Files.createDirectories(root.resolve("dev"));
        node(0, "HD Pro Webcam C920", 0, "1-2:1.0", "uvcvideo");
        node(1, "HD Pro Webcam C920", 1, "1-2:1.0", "uvcvideo");
        node(2, "Cam Link 4K: Cam Link 4K", 0, "1-3:1.0", "uvcvideo");
        node(3, "mmal service 16.1", 0, "bcm2835-v4l2-0", "bcm2835-v4l2");
        node(4, "USB Camera", 0, "1-4:1.0", "uvcvideo");
        byId("usb-046d_HD_Pro_Webcam_C920_8C6B2E5F-video-index0", "video0");
        byId("usb-046d_HD_Pro_Webcam_C920_8C6B2E5F-video-index1", "video1");
        byId("usb-Elgato_Cam_Link_4K_0005A8D1D7000-video-index0", "video2");
    }

    private void node(int n, String name, int index, String busDir, String driver) throws IOException {
        Path d = Files.createDirectories(sysfs.resolve("video" + n));
        Files.writeString(d.resolve("name"), name + "\n");
        Files.writeString(d.resolve("index"), index + "\n");
        Path device = Files.createDirectories(root.resolve("sys/devices").resolve(busDir));
        Path drv = Files.createDirectories(root.resolve("sys/bus/drivers").resolve(driver));
        if (!Files.exists(device.resolve("driver"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(device.resolve("driver"), drv);
        }
        Files.createSymbolicLink(d.resolve("device"), device);
        Files.writeString(dev.resolve("video" + n), "");
    }

    private void byId(String name, String node) throws IOException {
        Path dir = Files.createDirectories(dev.resolve("v4l/by-id"));
        Files.createSymbolicLink(dir.resolve(name), Path.of("../../" + node));
    }

    private FixtureRunner v4l2ctl() {
        return new FixtureRunner(CommandRunner.V4L2_CTL, CommandRunner.FFMPEG)
                .reply("v4l2-ctl", path(0), 0, "v4l2/uvc-webcam-video0.txt", null)
                .reply("v4l2-ctl", path(1), 0, "v4l2/uvc-webcam-video1-metadata.txt", null)
                .reply("v4l2-ctl", path(2), 0, "v4l2/hdmi-capture-video2.txt", null)
                .reply("v4l2-ctl", path(3), 0, "v4l2/stepwise-camera-video3.txt", null)
                .reply("v4l2-ctl", path(4), 1, null, "v4l2/broken-cannot-open-video4.stderr");
    }

    private String path(int n) {
        return dev.resolve("video" + n).toString();
    }

    private Map<String, DeviceSource> list(CommandRunner runner) {
        return new V4l2Devices(sysfs, dev, runner).list().stream()
                .collect(Collectors.toMap(DeviceSource::id, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void aWebcamIsListedUnderItsStableNameAndItsMetadataNodeIsNot() {
        Map<String, DeviceSource> devices = list(v4l2ctl());

        assertThat(devices.keySet()).containsExactly("usb-046d-hd-pro-webcam-c920-8c6b2e5f-video0",
                "usb-elgato-cam-link-4k-0005a8d1d7000-video0", "video3", "video4");
        DeviceSource cam = devices.get("usb-046d-hd-pro-webcam-c920-8c6b2e5f-video0");
        assertThat(cam.name()).isEqualTo("HD Pro Webcam C920");
        assertThat(cam.path()).isEqualTo(path(0));
        assertThat(cam.busInfo()).isEqualTo("usb-0000:00:14.0-2");
        assertThat(cam.driver()).isEqualTo("uvcvideo");
        assertThat(cam.available()).isTrue();
        assertThat(cam.error()).isNull();
        assertThat(cam.formats()).hasSize(12);
        assertThat(cam.formats().getFirst()).isEqualTo(new LiveFormat("yuyv422", 640, 480, List.of(F30,
                new FrameRate(24, 1), new FrameRate(20, 1), new FrameRate(15, 1), new FrameRate(10, 1),
                new FrameRate(15, 2), new FrameRate(5, 1))));
        assertThat(cam.formats()).contains(new LiveFormat("yuyv422", 1920, 1080, List.of(new FrameRate(5, 1))));
        assertThat(cam.formats()).filteredOn(f -> f.format().equals("mjpeg")).hasSize(6)
                .allSatisfy(f -> assertThat(f.rates().getFirst()).isEqualTo(F30));
    }

    @Test
    void anHdmiDongleAt5994HasTheExactNtscRates() {
        DeviceSource card = list(v4l2ctl()).get("usb-elgato-cam-link-4k-0005a8d1d7000-video0");

        assertThat(card.name()).isEqualTo("Cam Link 4K: Cam Link 4K");
        assertThat(card.formats()).containsExactly(
                new LiveFormat("yuyv422", 1920, 1080, List.of(FrameRate.NTSC_DOUBLE, FrameRate.NTSC)),
                new LiveFormat("nv12", 1920, 1080, List.of(FrameRate.NTSC_DOUBLE, FrameRate.NTSC)));
        assertThat(card.formats().getFirst().rates().getFirst().dropFrame()).isTrue();
    }

    @Test
    void aRangeOfSizesOffersTheCommonOnesUpToTheLargestAndSkipsFormatsFfmpegCannotRead() {
        DeviceSource pi = list(v4l2ctl()).get("video3");

        assertThat(pi.driver()).isEqualTo("bm2835 mmal"); // the device's word wins over sysfs
        assertThat(pi.busInfo()).isEqualTo("platform:bcm2835-v4l2-0");
        assertThat(pi.formats()).extracting(LiveFormat::format).containsOnly(
                "yuv420p", "yuyv422", "rgb24", "mjpeg", "h264", "uyvy422", "nv12", "bgr24");
        assertThat(pi.formats()).filteredOn(f -> f.format().equals("h264"))
                .extracting(f -> f.width() + "x" + f.height())
                .containsExactly("320x240", "640x360", "640x480", "800x600", "1024x768", "1280x720", "1280x960",
                        "1920x1080", "2560x1440", "2592x1944");
        assertThat(pi.formats()).allSatisfy(f -> assertThat(f.rates()).isEmpty()); // ranges list no intervals
        // JPEG and MJPG are both ffmpeg's mjpeg: each size once
        assertThat(pi.formats()).filteredOn(f -> f.format().equals("mjpeg")).hasSize(10);
    }

    @Test
    void aDeviceThatCannotBeOpenedIsListedAsUnavailableWithTheReason() {
        DeviceSource broken = list(v4l2ctl()).get("video4");

        assertThat(broken.available()).isFalse();
        assertThat(broken.error()).isEqualTo("Cannot open device /dev/video4, exiting."); // as captured
        assertThat(broken.name()).isEqualTo("USB Camera");
        assertThat(broken.driver()).isEqualTo("uvcvideo");
        assertThat(broken.formats()).isEmpty();
    }

    @Test
    void aDeviceThatDoesNotAnswerIsListedAsUnavailableAndTheOthersStillAre() {
        // video3 gets no reply: the runner reports it as timed out, as the real one does at PROBE_TIMEOUT
        Map<String, DeviceSource> devices = list(new FixtureRunner(CommandRunner.V4L2_CTL)
                .reply("v4l2-ctl", path(0), 0, "v4l2/uvc-webcam-video0.txt", null)
                .reply("v4l2-ctl", path(1), 0, "v4l2/uvc-webcam-video1-metadata.txt", null)
                .reply("v4l2-ctl", path(2), 0, "v4l2/hdmi-capture-video2.txt", null)
                .reply("v4l2-ctl", path(4), 1, null, "v4l2/broken-cannot-open-video4.stderr"));

        assertThat(devices.get("video3").available()).isFalse();
        assertThat(devices.get("video3").error()).isEqualTo("the device did not answer within 5 s");
        assertThat(devices.get("video3").name()).isEqualTo("mmal service 16.1");
        assertThat(devices.get("usb-046d-hd-pro-webcam-c920-8c6b2e5f-video0").available()).isTrue();
    }

    @Test
    void aTruncatedAnswerKeepsWhatWasWholeAndBelievesNoAbsurdSize() throws IOException {
        node(6, "USB2.0 HD UVC WebCam", 0, "1-5:1.0", "uvcvideo");
        DeviceSource d = list(v4l2ctl().reply("v4l2-ctl", path(6), 0, "v4l2/broken-truncated-video6.txt", null)).get("video6");

        assertThat(d.available()).isTrue();
        assertThat(d.formats()).containsExactly(new LiveFormat("mjpeg", 1280, 720, List.of(F30)));
    }

    @Test
    void aCaptureNodeWithOnlyFormatsNoOneReadsIsUnavailableAndSaysWhich() throws IOException {
        node(5, "unicam", 0, "fe801000.csi", "unicam");
        DeviceSource d = list(v4l2ctl().reply("v4l2-ctl", path(5), 0, "v4l2/raw-sensor-video5.txt", null)).get("video5");

        assertThat(d.available()).isFalse();
        assertThat(d.error()).isEqualTo("none of its picture formats can be read (pRAA)");
    }

    @Test
    void ratesGivenAsARangeBecomeTheCommonRatesWithinIt() throws IOException {
        node(7, "Integrated Camera", 0, "1-8:1.0", "uvcvideo");
        DeviceSource d = list(v4l2ctl().reply("v4l2-ctl", path(7), 0, "v4l2/continuous-rates-video7.txt", null)).get("video7");

        assertThat(d.formats().getFirst()).isEqualTo(new LiveFormat("mjpeg", 1280, 720, List.of(F30, FrameRate.NTSC,
                new FrameRate(25, 1), new FrameRate(24, 1), new FrameRate(24000, 1001), new FrameRate(15, 1),
                new FrameRate(10, 1), new FrameRate(5, 1))));
        assertThat(d.formats()).extracting(f -> f.format() + " " + f.width() + "x" + f.height())
                .containsExactly("mjpeg 1280x720", "yuyv422 320x240", "yuyv422 640x360", "yuyv422 640x480");
    }

    @Test
    void withoutV4l2CtlFfmpegIsAskedAndItsSizesRunAtTheDevicesDefaultRate() throws IOException {
        node(10, "Not a camera", 0, "encoder", "bcm2835-codec");
        FixtureRunner runner = new FixtureRunner(CommandRunner.FFMPEG)
                .reply("ffmpeg", path(0), 1, null, "v4l2/ffmpeg-uvc-webcam-video0.stderr")
                .reply("ffmpeg", path(1), 1, null, "v4l2/ffmpeg-uvc-webcam-video1-metadata.stderr")
                .reply("ffmpeg", path(2), 1, null, "v4l2/ffmpeg-uvc-webcam-video0.stderr")
                .reply("ffmpeg", path(3), 1, null, "v4l2/ffmpeg-stepwise-camera-video3.stderr")
                .reply("ffmpeg", path(4), 1, null, "v4l2/ffmpeg-cannot-open-video4.stderr")
                .reply("ffmpeg", path(10), 1, null, "v4l2/ffmpeg-not-capture.stderr");
        Map<String, DeviceSource> devices = list(runner);

        assertThat(devices.keySet()).containsExactly("usb-046d-hd-pro-webcam-c920-8c6b2e5f-video0",
                "usb-elgato-cam-link-4k-0005a8d1d7000-video0", "video3", "video4");
        DeviceSource cam = devices.get("usb-046d-hd-pro-webcam-c920-8c6b2e5f-video0");
        assertThat(cam.name()).isEqualTo("HD Pro Webcam C920"); // from sysfs
        assertThat(cam.driver()).isEqualTo("uvcvideo");
        assertThat(cam.formats()).hasSize(12).allSatisfy(f -> assertThat(f.rates()).isEmpty());
        assertThat(cam.formats().getFirst()).isEqualTo(new LiveFormat("yuyv422", 640, 480, List.of()));
        assertThat(cam.formats()).contains(new LiveFormat("mjpeg", 1920, 1080, List.of()));

        DeviceSource pi = devices.get("video3");
        assertThat(pi.formats()).extracting(LiveFormat::format).containsOnly("yuv420p", "yuyv422", "mjpeg", "h264", "nv12");
        assertThat(pi.formats()).filteredOn(f -> f.format().equals("nv12")).last()
                .isEqualTo(new LiveFormat("nv12", 2592, 1944, List.of()));

        assertThat(devices.get("video4").available()).isFalse();
        assertThat(devices.get("video4").error()).isEqualTo("Cannot open video device /dev/video4: Device or resource busy");
        // the nodes are asked in the order the folder lists them, which the file system decides
        assertThat(runner.calls).anySatisfy(c -> assertThat(c).containsSubsequence("-f", "v4l2", "-list_formats", "all", "-i", path(0)));
    }

    @Test
    void withoutSysfsTheNodesInDevAreAsked() throws IOException {
        Path noSysfs = root.resolve("nothing-here");
        List<DeviceSource> devices = new V4l2Devices(noSysfs, dev, v4l2ctl()).list();

        assertThat(devices).extracting(DeviceSource::path).containsExactly(path(0), path(2), path(3), path(4));
        assertThat(devices.getFirst().name()).isEqualTo("HD Pro Webcam C920"); // the device's own word
    }

    @Test
    void aMachineWithoutVideoDevicesListsNoneAndRunsNothing() {
        FixtureRunner runner = new FixtureRunner(CommandRunner.V4L2_CTL);
        assertThat(new V4l2Devices(root.resolve("none"), root.resolve("nodev"), runner).list()).isEmpty();
        assertThat(runner.calls).isEmpty();
    }

    @Test
    void hostileAnswersAreReadWithoutHarm() throws IOException {
        node(8, "\u001b[31mevil\u0007 " + "x".repeat(500), 0, "1-9:1.0", "uvcvideo");
        Path garbage = root.resolve("garbage.txt");
        StringBuilder sb = new StringBuilder("Driver Info:\n\tCard type        : \u001b]0;pwned\u0007Cam\n");
        sb.append("\tDevice Caps      : 0x04200001\n\t\tVideo Capture\n");
        sb.append("\t[0]: 'MJPG' (Motion-JPEG, compressed)\n");
        for (int i = 0; i < 5000; i++) sb.append("\t\tSize: Discrete ").append(i + 1).append("x").append(i + 1).append('\n');
        sb.append("\t\t\tInterval: Discrete 0.000s (").append("9".repeat(400)).append(" fps)\n");
        sb.append("\t\tSize: Stepwise 0x0 - 99999x99999 with step 0/0\n");
        sb.append(new String(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2}, java.nio.charset.StandardCharsets.ISO_8859_1));
        Files.writeString(garbage, sb.toString());
        CommandRunner runner = new CommandRunner() {
            @Override
            public boolean has(String program) {
                return program.equals(V4L2_CTL);
            }

            @Override
            public Answer run(String program, List<String> args, Duration timeout) {
                try {
                    return new Answer(0, Files.readString(garbage), "");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
        DeviceSource d = new V4l2Devices(sysfs, dev, runner).list().stream()
                .filter(x -> x.path().equals(path(8))).findFirst().orElseThrow();

        assertThat(d.name()).isEqualTo("]0;pwnedCam").doesNotContain("\u001b", "\u0007");
        assertThat(d.formats()).hasSize(V4l2Formats.MAX_FORMATS).allSatisfy(f -> assertThat(f.rates()).isEmpty());
    }

    @Test
    void stableIdsAreShortSlugsOfUdevsNames() {
        assertThat(V4l2Devices.slug("usb-046d_HD_Pro_Webcam_C920_8C6B2E5F-video-index0"))
                .isEqualTo("usb-046d-hd-pro-webcam-c920-8c6b2e5f-video0");
        String long1 = V4l2Devices.slug("usb-Some_Very_Long_Vendor_Name_Inc._A_Much_Longer_Product_Name_4K_SN0001-video-index0");
        String long2 = V4l2Devices.slug("usb-Some_Very_Long_Vendor_Name_Inc._A_Much_Longer_Product_Name_4K_SN0002-video-index0");
        assertThat(long1).hasSizeLessThanOrEqualTo(48).matches("[a-z0-9-]+").startsWith("usb-some-very-long-vendor");
        assertThat(long1).isNotEqualTo(long2);
        assertThat(V4l2Devices.slug("../../etc/passwd")).isEqualTo("etc-passwd");
        assertThat(V4l2Devices.slug("___")).isNull();
    }

    @Test
    void aByIdLinkOutsideDevIsNotBelieved() throws IOException {
        Path dir = dev.resolve("v4l/by-id");
        Files.createSymbolicLink(dir.resolve("usb-Spoof-video-index0"), Path.of("../../../elsewhere/video3"));
        assertThat(new V4l2Devices(sysfs, dev, v4l2ctl()).stableNames()).doesNotContainKey("video3")
                .containsEntry("video0", "usb-046d-hd-pro-webcam-c920-8c6b2e5f-video0");
    }

    @Test
    void fpsFiguresBecomeExactRates() {
        assertThat(V4l2Formats.rate("30.000")).isEqualTo(F30);
        assertThat(V4l2Formats.rate("29.970")).isEqualTo(FrameRate.NTSC);
        assertThat(V4l2Formats.rate("59.940")).isEqualTo(FrameRate.NTSC_DOUBLE);
        assertThat(V4l2Formats.rate("23.976")).isEqualTo(new FrameRate(24000, 1001));
        assertThat(V4l2Formats.rate("7.500")).isEqualTo(new FrameRate(15, 2));
        assertThat(V4l2Formats.rate("12.500")).isEqualTo(new FrameRate(25, 2));
        assertThat(V4l2Formats.rate("inf")).isNull();
        assertThat(V4l2Formats.rate("0.000")).isNull();
        assertThat(V4l2Formats.rate("100000.000")).isNull();
    }

    @Test
    void theRealRunnerStopsATimedOutToolAndSaysSo() {
        CommandRunner real = CommandRunner.system(FfmpegTools.bundled());
        assumeTrue(real.has("sleep"));
        assertThatThrownBy(() -> real.run("sleep", List.of("60"), Duration.ofMillis(300)))
                .isInstanceOfSatisfying(DamException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).startsWith("sleep did not answer");
                });
        assertThatThrownBy(() -> real.run("no-such-tool-here", List.of(), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    /** The bundled ffmpeg asked for real about nodes that are no video devices: it says so, and they are not listed. */
    @Test
    void theBundledFfmpegTurnsDownANodeThatIsNoVideoDevice() throws IOException {
        CommandRunner real = CommandRunner.system(FfmpegTools.bundled());
        CommandRunner ffmpegOnly = new CommandRunner() {
            @Override
            public boolean has(String program) {
                return program.equals(FFMPEG);
            }

            @Override
            public Answer run(String program, List<String> args, Duration timeout) {
                return real.run(program, args, timeout);
            }
        };
        Path onlyFiles = Files.createDirectories(root.resolve("files"));
        Files.writeString(onlyFiles.resolve("video0"), "not a device");
        assertThat(new V4l2Devices(root.resolve("no-sysfs"), onlyFiles, ffmpegOnly).list()).isEmpty();
        var answer = real.run(CommandRunner.FFMPEG, org.thatdam.media.ffmpeg.FfmpegArgs.ffmpeg().logLevel("info")
                .add("-f", "v4l2", "-list_formats", "all", "-i", onlyFiles.resolve("video0").toString()).list(), Duration.ofSeconds(30));
        assertThat(answer.stderr()).contains("[video4linux2,v4l2 @ ").contains("Inappropriate ioctl for device");
    }

    /** On a machine with a camera, the real devices answer the real tools. */
    @Test
    void theRealDevicesOfThisMachine() throws IOException {
        boolean any;
        try (var s = Files.newDirectoryStream(Path.of("/dev"), "video*")) {
            any = s.iterator().hasNext();
        }
        assumeTrue(any, "no /dev/video* on this machine");
        List<DeviceSource> devices = V4l2Devices.system(FfmpegTools.bundled()).list();
        assertThat(devices).allSatisfy(d -> {
            assertThat(d.id()).matches("[a-z0-9-]{1,48}");
            assertThat(d.path()).startsWith("/dev/video");
            if (d.available()) assertThat(d.formats()).isNotEmpty();
            else assertThat(d.error()).isNotBlank();
        });
    }
}
