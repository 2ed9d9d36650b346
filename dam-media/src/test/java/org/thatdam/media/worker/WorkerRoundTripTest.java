package org.thatdam.media.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thatdam.media.libav.DecodedFrame;
import org.thatdam.media.libav.FrameRequest;
import org.thatdam.media.libav.LibavFrames;
import org.thatdam.media.libav.LibavProbe;
import org.thatdam.media.testing.TestMedia;

/** Real probe and frames requests through a worker answer exactly what the same calls answer in-process. */
class WorkerRoundTripTest {

    private static final Duration T = Duration.ofSeconds(60);
    private static MediaWorkers pool;

    @BeforeAll
    static void start() {
        pool = new MediaWorkers(WorkerOptions.of(1));
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void aProbeThroughAWorkerEqualsTheInProcessOne() {
        for (Path file : List.of(TestMedia.h264Mp4(), TestMedia.rotatedMov(), TestMedia.mp3(), TestMedia.png(),
                TestMedia.mpeg2ProgramStream())) {
            assertThat(pool.probe(file, T)).as(file.getFileName().toString()).isEqualTo(LibavProbe.probeJson(file));
        }
    }

    @Test
    void framesThroughAWorkerEqualTheInProcessOnes() {
        FrameRequest r = request(false);
        List<DecodedFrame> local = new ArrayList<>();
        int n = LibavFrames.decode(TestMedia.h264Mp4(), r, local::add, () -> false);
        List<DecodedFrame> remote = new ArrayList<>();
        assertThat(pool.frames(TestMedia.h264Mp4(), r, remote::add, () -> false, T)).isEqualTo(n).isEqualTo(3);
        assertThat(remote).hasSize(3);
        for (int i = 0; i < n; i++) {
            DecodedFrame a = local.get(i), b = remote.get(i);
            assertThat(b.index()).isEqualTo(a.index());
            assertThat(b.ptsSec()).isEqualTo(a.ptsSec());
            assertThat(b.keyframe()).isEqualTo(a.keyframe());
            assertThat(b.width()).isEqualTo(a.width());
            assertThat(b.height()).isEqualTo(a.height());
            assertThat(b.pixels()).isEqualTo(a.pixels());
        }
    }

    @Test
    void aSinkThatStopsEndsTheRequestAndTheWorkerStays() {
        pool.ping(T);
        for (boolean lazy : new boolean[] {true, false}) {
            long started = pool.stats().started();
            List<DecodedFrame> got = new ArrayList<>();
            int n = pool.frames(TestMedia.h264Mp4(), request(lazy), f -> {
                got.add(f);
                return false;
            }, () -> false, T);
            assertThat(n).as("lazy " + lazy).isEqualTo(1);
            assertThat(got).hasSize(1);
            pool.ping(T);
            assertThat(pool.stats().started()).as("no worker was replaced").isEqualTo(started);
        }
    }

    private static FrameRequest request(boolean lazy) {
        return new FrameRequest(List.of(0.2, 0.9, 1.5), null, 160, 160, FrameRequest.PixelFormat.RGB,
                FrameRequest.Scaler.AREA, false, false, true, lazy);
    }
}
