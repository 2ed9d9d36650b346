package org.thatdam.media.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.media.worker.MediaWorkers;
import org.thatdam.media.worker.WorkerOptions;
import org.thatdam.model.MediaInfo;

/** Probing in media workers gives what probing with ffprobe gives, EXIF of images and errors included. */
class MediaProberWorkersTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final MediaWorkers WORKERS = new MediaWorkers(WorkerOptions.of(1));

    private final MediaProber inWorkers = new MediaProber(FfmpegTools.bundled(), TIMEOUT, WORKERS);
    private final MediaProber withFfprobe = new MediaProber(FfmpegTools.bundled(), TIMEOUT, null);

    @AfterAll
    static void stopWorkers() {
        WORKERS.close();
    }

    @Test
    void sameInfoAsFfprobe() {
        for (Path file : List.of(TestMedia.h264Mp4(), TestMedia.rotatedMov(), TestMedia.anamorphicMp4(),
                TestMedia.clipAt(-33.8568, 151.2153), TestMedia.wav(), TestMedia.jpegWithExif(),
                TestMedia.jpegWithOrientation(6), TestMedia.aviMpeg4Ac3(), TestMedia.mpeg2ProgramStream())) {
            MediaInfo ours = inWorkers.probe(file), theirs = withFfprobe.probe(file);
            assertThat(withoutRaw(ours)).as(file.getFileName().toString()).isEqualTo(withoutRaw(theirs));
            assertThat(ours.rawJson()).startsWith("{\n    \"streams\": [");
        }
        MediaInfo photo = inWorkers.probe(TestMedia.jpegWithExif());
        assertThat(photo.cameraMake()).isNotBlank(); // EXIF read in this process, after the worker's answer
        assertThat(WORKERS.stats().requests()).isPositive();
    }

    @Test
    void damagedFilesFailAlike(@TempDir Path dir) throws Exception {
        for (Path file : List.of(TestMedia.truncatedMp4(), TestMedia.randomBytesMp4(), TestMedia.zeroBytes())) {
            String theirs = failure(withFfprobe, file), ours = failure(inWorkers, file);
            assertThat(ours).as(file.getFileName().toString()).isEqualTo(theirs);
        }
        Path playlist = Files.writeString(dir.resolve("clip.mp4"), "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n");
        assertThatThrownBy(() -> inWorkers.probe(playlist)).isInstanceOf(MediaInput.NotMediaException.class)
                .hasMessageContaining("HLS playlist");
    }

    private static String failure(MediaProber prober, Path file) {
        try {
            prober.probe(file);
            return "read";
        } catch (MediaException e) {
            return e.getMessage();
        }
    }

    private static MediaInfo withoutRaw(MediaInfo m) {
        return new MediaInfo(m.kind(), m.container(), m.durationSec(), m.bitRate(), m.width(), m.height(), m.fps(),
                m.videoCodec(), m.audioCodec(), m.rotation(), m.creationTime(), m.timecode(), m.gpsLatitude(),
                m.gpsLongitude(), m.cameraMake(), m.cameraModel(), m.titleTag(), m.commentTag(), m.capturedAt(),
                m.captureSource(), m.streams(), null);
    }
}
