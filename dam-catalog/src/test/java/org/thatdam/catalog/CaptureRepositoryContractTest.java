package org.thatdam.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.thatdam.model.CaptureTake;
import org.thatdam.model.FrameRate;
import org.thatdam.model.LiveSettings;
import org.thatdam.model.LiveSourceKind;
import org.thatdam.model.TakeState;

/** Live capture's sources and takes, on each engine. */
@ParameterizedClass
@EnumSource(CatalogUrl.Engine.class)
class CaptureRepositoryContractTest extends OnEachEngine {

    static CaptureTake recording(String source, String name, Instant at) {
        return new CaptureTake(0, source, name, TakeState.RECORDING, at, null, null, null, 0, 0, 0, "alice", null, null, null, null);
    }

    @Test
    void sourcesKeepTheirSettingsAndReplaceAndDelete() {
        Instant t = Instant.ofEpochMilli(1_000);
        LiveSettings s = new LiveSettings(1280, 720, FrameRate.parse("30000/1001"), "mjpeg", "alsa:hw:1,0", "tcp");
        catalog.update(x -> {
            x.capture().putSource(new CaptureRepository.SourceRow("net-1", LiveSourceKind.NETWORK, "Door", "rtsp://cam.local:554/s",
                    s, t, "admin"));
            x.capture().putSource(new CaptureRepository.SourceRow("test-1", LiveSourceKind.TEST, "Test 1", null,
                    LiveSettings.DEFAULT, t.plusMillis(1), null));
        });
        CaptureRepository.SourceRow back = catalog.read(x -> x.capture().source("net-1")).orElseThrow();
        assertThat(back.settings()).isEqualTo(s);
        assertThat(back.url()).isEqualTo("rtsp://cam.local:554/s");
        assertThat(back.kind()).isEqualTo(LiveSourceKind.NETWORK);
        assertThat(back.createdAt()).isEqualTo(t);
        assertThat(catalog.read(x -> x.capture().source("test-1")).orElseThrow().settings()).isEqualTo(LiveSettings.DEFAULT);

        LiveSettings other = new LiveSettings(640, 360, FrameRate.parse("25"), null, null, "udp");
        catalog.update(x -> x.capture().putSource(new CaptureRepository.SourceRow("net-1", LiveSourceKind.NETWORK, "Gate",
                "rtsp://cam.local:554/s", other, Instant.ofEpochMilli(9_999), "bob")));
        back = catalog.read(x -> x.capture().source("net-1")).orElseThrow();
        assertThat(back.name()).isEqualTo("Gate");
        assertThat(back.settings()).isEqualTo(other);
        assertThat(back.createdAt()).as("the first creation is kept").isEqualTo(t);
        assertThat(catalog.<List<CaptureRepository.SourceRow>>read(x -> x.capture().sources()))
                .extracting(CaptureRepository.SourceRow::id).containsExactly("net-1", "test-1");

        assertThat(catalog.<Boolean>write(x -> x.capture().deleteSource("net-1"))).isTrue();
        assertThat(catalog.<Boolean>write(x -> x.capture().deleteSource("net-1"))).isFalse();
        assertThat(catalog.<java.util.Optional<CaptureRepository.SourceRow>>read(x -> x.capture().source("net-1"))).isEmpty();
    }

    @Test
    void takesAreInsertedBeforeRecordingUpdatedWhenFinishedAndListedNewestFirst() {
        Instant t = Instant.ofEpochMilli(1_700_000_000_123L);
        CaptureTake a = catalog.write(x -> x.capture().insertTake(recording("test-1", "Take A", t), "node/123@host", "/h/capture/a.mp4"));
        CaptureTake b = catalog.write(x -> x.capture().insertTake(recording("test-2", "Take B", t), "node/123@host", "/h/capture/b.mp4"));
        assertThat(b.id()).isGreaterThan(a.id());
        CaptureRepository.TakeRow row = catalog.read(x -> x.capture().take(a.id())).orElseThrow();
        assertThat(row.owner()).isEqualTo("node/123@host");
        assertThat(row.stagingPath()).isEqualTo("/h/capture/a.mp4");
        assertThat(row.take()).isEqualTo(a);

        long asset = helper.addAsset("/lib/captures/Take A.mp4", null, 10, "h1");
        CaptureTake done = new CaptureTake(a.id(), "test-1", "Take A", TakeState.FINISHED, t.plusMillis(40), t.plusSeconds(3),
                "12:00:00;02", FrameRate.parse("30000/1001"), 2.97, 123_456, 2, "alice", asset, "/lib/captures/Take A.mp4",
                "capture-2023-11-14", null);
        catalog.update(x -> x.capture().updateTake(done));
        assertThat(catalog.read(x -> x.capture().take(a.id())).orElseThrow().take()).isEqualTo(done);

        assertThat(catalog.<List<CaptureRepository.TakeRow>>read(x -> x.capture().takes(10)))
                .extracting(r -> r.take().id()).containsExactly(b.id(), a.id());
        assertThat(catalog.<List<CaptureRepository.TakeRow>>read(x -> x.capture().takes(1))).hasSize(1);
        assertThat(catalog.<List<CaptureRepository.TakeRow>>read(x -> x.capture().takesIn(TakeState.RECORDING)))
                .extracting(r -> r.take().id()).containsExactly(b.id());

        // the take outlives its asset: forgetting the asset leaves the take without one
        catalog.update(x -> x.assets().delete(asset));
        CaptureTake after = catalog.read(x -> x.capture().take(a.id())).orElseThrow().take();
        assertThat(after.assetId()).isNull();
        assertThat(after.path()).isEqualTo("/lib/captures/Take A.mp4");
    }

    @Test
    void takesWriteNoChangeRows() {
        long before = catalog.read(x -> x.changes().lastSeq());
        catalog.write(x -> x.capture().insertTake(recording("test-1", "T", Instant.ofEpochMilli(5)), "n/1@h", null));
        assertThat(catalog.<Long>read(x -> x.changes().lastSeq())).isEqualTo(before);
    }
}
