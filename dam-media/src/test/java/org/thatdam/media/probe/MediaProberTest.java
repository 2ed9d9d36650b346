package org.thatdam.media.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.testing.TestMedia;

class MediaProberTest {

    private final MediaProber prober = new MediaProber(FfmpegTools.bundled(), Duration.ofSeconds(30));

    @Test
    void h264Mp4() {
        MediaInfo m = prober.probe(TestMedia.h264Mp4());
        assertThat(m.kind()).isEqualTo(AssetKind.VIDEO);
        assertThat(m.videoCodec()).isEqualTo("h264");
        assertThat(m.audioCodec()).isEqualTo("aac");
        assertThat(m.width()).isEqualTo(320);
        assertThat(m.height()).isEqualTo(240);
        assertThat(m.fps()).isEqualTo(25.0);
        assertThat(m.durationSec()).isBetween(1.9, 2.2);
        assertThat(m.container()).isEqualTo("mp4");
        assertThat(m.streams()).hasSize(2);
        assertThat(m.streams().get(0).pixFmt()).isEqualTo("yuv420p");
        assertThat(m.streams().get(0).profile()).isNotBlank();
        assertThat(m.streams().get(1).sampleRate()).isEqualTo(44100);
        assertThat(m.streams().get(1).channels()).isEqualTo(1);
        assertThat(m.rawJson()).contains("\"streams\"");
    }

    @Test
    void matroskaAndWebm() {
        MediaInfo mkv = prober.probe(TestMedia.mkv());
        assertThat(mkv.container()).isEqualTo("matroska");
        assertThat(mkv.audioCodec()).isEqualTo("mp3");
        assertThat(mkv.titleTag()).isEqualTo("Matroska sample");
        MediaInfo webm = prober.probe(TestMedia.webm());
        assertThat(webm.videoCodec()).isEqualTo("vp9");
        assertThat(webm.container()).isEqualTo("webm");
        assertThat(webm.audioCodec()).isEqualTo("opus");
        assertThat(webm.width()).isEqualTo(160);
    }

    @Test
    void rotationGivesDisplayDimensionsAndTagsAreRead() {
        MediaInfo m = prober.probe(TestMedia.rotatedMov());
        assertThat(m.rotation()).isEqualTo(90);
        assertThat(m.container()).isEqualTo("mov");
        assertThat(m.width()).isEqualTo(360);
        assertThat(m.height()).isEqualTo(640);
        assertThat(m.streams().get(0).width()).isEqualTo(640); // coded size stays in the stream
        assertThat(m.creationTime()).startsWith("2024-03-05T10:20:30");
        assertThat(m.gpsLatitude()).isEqualTo(48.8584);
        assertThat(m.gpsLongitude()).isEqualTo(2.2945);
    }

    @Test
    void audioAndShortClips() {
        MediaInfo mp3 = prober.probe(TestMedia.mp3());
        assertThat(mp3.kind()).isEqualTo(AssetKind.AUDIO);
        assertThat(mp3.audioCodec()).isEqualTo("mp3");
        assertThat(mp3.width()).isNull();
        assertThat(mp3.durationSec()).isBetween(1.9, 2.2);
        MediaInfo wav = prober.probe(TestMedia.wav());
        assertThat(wav.audioCodec()).isEqualTo("pcm_s16le");
        assertThat(wav.streams().get(0).sampleRate()).isEqualTo(22050);
        MediaInfo shortClip = prober.probe(TestMedia.shortClip());
        assertThat(shortClip.kind()).isEqualTo(AssetKind.VIDEO);
        assertThat(shortClip.durationSec()).isBetween(0.25, 0.4);
    }

    @Test
    void imagesWithExif() {
        MediaInfo png = prober.probe(TestMedia.png());
        assertThat(png.kind()).isEqualTo(AssetKind.IMAGE);
        assertThat(png.width()).isEqualTo(200);
        assertThat(png.container()).isEqualTo("png");
        assertThat(png.durationSec()).isNull();
        MediaInfo jpg = prober.probe(TestMedia.jpegWithExif());
        assertThat(jpg.kind()).isEqualTo(AssetKind.IMAGE);
        assertThat(jpg.cameraMake()).isEqualTo("DamCam");
        assertThat(jpg.cameraModel()).isEqualTo("Model 7");
        assertThat(jpg.rotation()).isEqualTo(90);
        assertThat(jpg.width()).isEqualTo(200); // 320x200 shown upright
        assertThat(jpg.height()).isEqualTo(320);
        assertThat(jpg.creationTime()).isEqualTo("2023-07-14T09:08:07");
        assertThat(jpg.gpsLatitude()).isCloseTo(48.8584, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void legacyFormats() {
        MediaInfo ms = prober.probe(TestMedia.aviMsmpeg4v3());
        assertThat(ms.container()).isEqualTo("avi");
        assertThat(ms.videoCodec()).isEqualTo("msmpeg4v3");
        assertThat(ms.durationSec()).isBetween(1.9, 2.2);
        MediaInfo cinepak = prober.probe(TestMedia.aviCinepak());
        assertThat(cinepak.videoCodec()).isEqualTo("cinepak");
        assertThat(cinepak.width()).isEqualTo(160);
        MediaInfo xvid = prober.probe(TestMedia.aviMpeg4Ac3());
        assertThat(xvid.videoCodec()).isEqualTo("mpeg4");
        assertThat(xvid.audioCodec()).isEqualTo("ac3");
        assertThat(xvid.width()).isEqualTo(352);
        MediaInfo ps = prober.probe(TestMedia.mpeg2ProgramStream());
        assertThat(ps.container()).isEqualTo("mpeg");
        assertThat(ps.videoCodec()).isEqualTo("mpeg2video");
        assertThat(ps.audioCodec()).isEqualTo("mp2");
        assertThat(ps.durationSec()).isBetween(1.5, 2.5);
    }

    @Test
    void containerNamesArePlain() {
        assertThat(MediaProber.containerName("mov,mp4,m4a,3gp,3g2,mj2", "mp4", "isom")).isEqualTo("mp4");
        assertThat(MediaProber.containerName("mov,mp4,m4a,3gp,3g2,mj2", "mp4", "qt  ")).isEqualTo("mov");
        assertThat(MediaProber.containerName("mov,mp4,m4a,3gp,3g2,mj2", "m4a", "M4A ")).isEqualTo("m4a");
        assertThat(MediaProber.containerName("mov,mp4,m4a,3gp,3g2,mj2", null, null)).isEqualTo("mp4");
        assertThat(MediaProber.containerName("matroska,webm", "webm", null)).isEqualTo("webm");
        assertThat(MediaProber.containerName("matroska,webm", "mkv", null)).isEqualTo("matroska");
        assertThat(MediaProber.containerName("jpeg_pipe", "jpg", null)).isEqualTo("jpeg");
        assertThat(MediaProber.containerName("image2", "jpeg", null)).isEqualTo("jpg");
        assertThat(MediaProber.containerName("avi", "avi", null)).isEqualTo("avi");
        assertThat(MediaProber.containerName(null, "avi", null)).isNull();
    }

    @Test
    void damagedFilesGivePreciseErrors() {
        assertThatThrownBy(() -> prober.probe(TestMedia.zeroBytes()))
                .isInstanceOf(MediaException.class).hasMessage("empty file (0 bytes)");
        assertThatThrownBy(() -> prober.probe(TestMedia.randomBytesMp4()))
                .isInstanceOf(MediaException.class).hasMessageStartingWith("not readable as media: ")
                .hasMessageNotContaining(TestMedia.randomBytesMp4().getParent().toString());
        assertThatThrownBy(() -> prober.probe(TestMedia.truncatedMp4()))
                .isInstanceOf(MediaException.class).hasMessageContaining("moov atom not found");
    }

    @Test
    void hostileFileNamesAreNotInterpreted(@TempDir Path dir) throws Exception {
        // A name that looks like an option or a protocol must still be read as a plain file.
        Path odd = TestMedia.copy(TestMedia.h264Mp4(), dir, "-i http: concat:a|b.mp4");
        assertThat(prober.probe(odd).videoCodec()).isEqualTo("h264");
        Path missing = dir.resolve("does-not-exist.mp4");
        assertThatThrownBy(() -> prober.probe(missing)).isInstanceOf(MediaException.class)
                .hasMessageContaining("cannot read");
        assertThat(Files.exists(odd)).isTrue();
    }
}
