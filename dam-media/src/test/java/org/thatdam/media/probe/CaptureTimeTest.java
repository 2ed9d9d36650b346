package org.thatdam.media.probe;

import org.thatdam.media.libav.DisplaySize;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.thatdam.model.AssetKind;
import org.thatdam.model.CaptureSource;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.probe.CaptureTime.Capture;

class CaptureTimeTest {

    private static final long MTIME = Instant.parse("2025-02-03T04:05:06Z").toEpochMilli();

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void containerTimesInTheirUsualSpellings() {
        assertThat(CaptureTime.iso("2021-05-06T07:08:09.000000Z")).contains(t("2021-05-06T07:08:09Z"));
        assertThat(CaptureTime.iso("2021-05-06 07:08:09")).contains(t("2021-05-06T07:08:09Z"));
        assertThat(CaptureTime.iso("2024-01-31T14:25:01+0100")).contains(t("2024-01-31T13:25:01Z"));
        assertThat(CaptureTime.iso("2024-01-31T14:25:01-05:30")).contains(t("2024-01-31T19:55:01Z"));
        assertThat(CaptureTime.iso("2024-01-31T14:25:01.5+01")).contains(t("2024-01-31T13:25:01.500Z"));
        assertThat(CaptureTime.iso("2024-01-31")).contains(t("2024-01-31T00:00:00Z"));
    }

    @Test
    void zeroDatesAndNonsenseAreIgnored() {
        assertThat(CaptureTime.iso("1904-01-01T00:00:00.000000Z")).isEmpty();
        assertThat(CaptureTime.iso("1970-01-01T00:00:00.000000Z")).isEmpty();
        assertThat(CaptureTime.iso("2150-01-01T00:00:00Z")).isEmpty();
        assertThat(CaptureTime.iso("2024-13-01T00:00:00Z")).isEmpty();
        assertThat(CaptureTime.iso("2024-02-30T00:00:00Z")).isEmpty();
        assertThat(CaptureTime.iso("2024-01-01T25:00:00Z")).isEmpty();
        assertThat(CaptureTime.iso("2024-01-01T10:00:00+99:00")).isEmpty();
        assertThat(CaptureTime.iso("yesterday")).isEmpty();
        assertThat(CaptureTime.iso("")).isEmpty();
        assertThat(CaptureTime.iso(null)).isEmpty();
        assertThat(CaptureTime.exif("0000:00:00 00:00:00", null)).isEmpty();
        assertThat(CaptureTime.exif("    :  :     :  :  ", null)).isEmpty();
    }

    @Test
    void exifWithAndWithoutItsOffset() {
        assertThat(CaptureTime.exif("2022:12:24 18:30:00", "+02:00")).contains(t("2022-12-24T16:30:00Z"));
        assertThat(CaptureTime.exif("2022:12:24 18:30:00", null)).contains(t("2022-12-24T18:30:00Z"));
        assertThat(CaptureTime.exif("2022:12:24 18:30:00", "  :  ")).as("blank offset: local time")
                .contains(t("2022-12-24T18:30:00Z"));
    }

    @Test
    void cameraFileNames() {
        Instant expected = t("2024-01-31T14:25:01Z");
        for (String name : new String[] {"20240131_142501.mp4", "VID_20240131_142501.mp4", "PXL_20240131_142501123.mp4",
                "IMG_20240131_142501.jpg", "Screen Recording 2024-01-31 at 14.25.01.mov", "2024-01-31 14-25-01.mkv",
                "holiday 2024-01-31_14-25-01 (2).mp4"}) {
            assertThat(CaptureTime.fromFileName(name)).as(name).contains(expected);
        }
        for (String name : new String[] {"clip.mp4", "IMG_1234.jpg", "120240131_142501.mp4", "20241331_142501.mp4",
                "19000101_000000.mp4", "DSC_0001.MOV"}) {
            assertThat(CaptureTime.fromFileName(name)).as(name).isEmpty();
        }
    }

    @Test
    void theFirstPlausibleClueWinsInOrder() {
        assertThat(CaptureTime.resolve("2021-05-06T07:08:09Z", "2020:01:01 00:00:00", null, "2019-01-01T00:00:00Z",
                "VID_20180101_000000.mp4", MTIME)).isEqualTo(new Capture(t("2021-05-06T07:08:09Z"), CaptureSource.QUICKTIME));
        assertThat(CaptureTime.resolve("1904-01-01T00:00:00Z", "2020:01:01 00:00:00", "+01:00", null, null, MTIME))
                .isEqualTo(new Capture(t("2019-12-31T23:00:00Z"), CaptureSource.EXIF));
        assertThat(CaptureTime.resolve(null, null, null, "2019-01-01T10:00:00+01:00", "VID_20180101_000000.mp4", MTIME))
                .isEqualTo(new Capture(t("2019-01-01T09:00:00Z"), CaptureSource.XMP));
        assertThat(CaptureTime.resolve(null, "garbage", null, null, "VID_20230102_030405.mp4", MTIME))
                .isEqualTo(new Capture(t("2023-01-02T03:04:05Z"), CaptureSource.FILENAME));
        assertThat(CaptureTime.resolve(null, null, null, null, "clip.mp4", MTIME))
                .isEqualTo(new Capture(Instant.ofEpochMilli(MTIME), CaptureSource.MTIME));
    }

    @Test
    void completeKeepsAMetadataTimeAndOtherwiseFallsBack() {
        MediaInfo shot = MediaInfo.unknown(AssetKind.VIDEO).withCapture(t("2021-05-06T07:08:09Z"), CaptureSource.QUICKTIME);
        assertThat(CaptureTime.complete(shot, "VID_20230102_030405.mp4", MTIME)).isSameAs(shot);
        MediaInfo named = CaptureTime.complete(MediaInfo.unknown(AssetKind.VIDEO), "VID_20230102_030405.mp4", MTIME);
        assertThat(named.capturedAt()).isEqualTo(t("2023-01-02T03:04:05Z"));
        assertThat(named.captureSource()).isEqualTo(CaptureSource.FILENAME);
        assertThat(CaptureTime.complete(MediaInfo.unknown(AssetKind.VIDEO), "x.mp4", MTIME).captureSource())
                .isEqualTo(CaptureSource.MTIME);
    }

    @Test
    void displaySizeStretchesTheGrowingSideThenRotates() {
        assertThat(DisplaySize.of(1280, 720, 3.0 / 4, null)).isEqualTo(new DisplaySize(1280, 960));
        assertThat(DisplaySize.of(720, 576, 16.0 / 11, null)).isEqualTo(new DisplaySize(1047, 576));
        assertThat(DisplaySize.of(1920, 1080, 1, 90)).isEqualTo(new DisplaySize(1080, 1920));
        assertThat(DisplaySize.of(1280, 720, 3.0 / 4, 270)).isEqualTo(new DisplaySize(960, 1280));
        assertThat(DisplaySize.of(640, 360, 1, 180)).isEqualTo(new DisplaySize(640, 360));
        assertThat(DisplaySize.sar("3:4")).isEqualTo(0.75);
        assertThat(DisplaySize.sar("0:1")).isEqualTo(1.0);
        assertThat(DisplaySize.sar("1:0")).isEqualTo(1.0);
        assertThat(DisplaySize.sar("1000:1")).isEqualTo(1.0);
        assertThat(DisplaySize.sar("x:y")).isEqualTo(1.0);
        assertThat(DisplaySize.sar(null)).isEqualTo(1.0);
        assertThat(DisplaySize.fromProbeJson("{not json", null)).isEmpty();
        assertThat(DisplaySize.fromProbeJson("""
                {"streams":[{"codec_type":"video","disposition":{"attached_pic":1},"width":500,"height":500},
                            {"codec_type":"video","width":1280,"height":720,"sample_aspect_ratio":"3:4"}]}""", null))
                .contains(new DisplaySize(1280, 960));
    }
}
