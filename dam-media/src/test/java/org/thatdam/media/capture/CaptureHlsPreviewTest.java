package org.thatdam.media.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.FrameRate;

/** The on-demand HLS preview of the test source: a playlist of decodable segments, nothing else served, gone when idle. */
class CaptureHlsPreviewTest {

    static LiveIngest feed;

    @BeforeAll
    static void start() {
        feed = LiveTestSources.start("test-1", new FrameRate(25, 1));
    }

    @AfterAll
    static void end() {
        feed.close();
    }

    @Test
    void playlistAndSegmentsOfTheLiveSourceThenGoneWhenClosed() throws Exception {
        HlsPreview hls = HlsPreview.start(feed, FfmpegTools.bundled());
        Path dir = hls.dir();
        try {
            Path playlist = hls.file("index.m3u8");
            String text = Files.readString(playlist);
            assertThat(text).startsWith("#EXTM3U").contains("#EXT-X-INDEPENDENT-SEGMENTS");
            String seg = text.lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow();
            Path segment = hls.file(seg);
            List<String> args = FfmpegArgs.ffmpeg().add("-xerror", "-i", FfmpegArgs.file(segment), "-f", "null", "-").list();
            ProcessResult r = ToolRunner.run(FfmpegTools.bundled().ffmpeg(), args, Duration.ofSeconds(30));
            assertThat(r.ok()).as(r.stderrTail()).isTrue();

            for (String hostile : new String[] {"../index.m3u8", "index.m3u8.tmp", "seg1.ts.tmp", "seg.ts", "seg1234567890.ts",
                    "/etc/passwd", "SEG1.TS", "seg1.ts/..", "", "index.m3u8\0"}) {
                assertThatThrownBy(() -> hls.file(hostile)).as(hostile)
                        .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            }
            assertThatThrownBy(() -> hls.file("seg999999999.ts"))
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        } finally {
            hls.close();
        }
        assertThat(hls.running()).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(dir));
    }

    @Test
    void stopsByItselfWhenNobodyAsks() {
        HlsPreview hls = HlsPreview.start(feed, FfmpegTools.bundled(), Duration.ofSeconds(2));
        hls.file("index.m3u8");
        await().atMost(Duration.ofSeconds(30)).until(() -> !hls.running() && !Files.exists(hls.dir()));
        assertThatThrownBy(() -> hls.file("index.m3u8"))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
