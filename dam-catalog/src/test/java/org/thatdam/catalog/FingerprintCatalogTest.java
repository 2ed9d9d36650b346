package org.thatdam.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.thatdam.catalog.testing.CatalogEngines;
import org.thatdam.model.AssetKind;
import org.thatdam.model.Fingerprint;

@ParameterizedClass
@EnumSource(CatalogUrl.Engine.class)
class FingerprintCatalogTest {

    @Parameter CatalogUrl.Engine engine;
    @TempDir Path dir;
    CatalogUrl url;
    Catalog catalog;

    @BeforeEach
    void open() {
        url = CatalogEngines.url(engine, dir);
        catalog = Catalogs.open(url);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    long[] asset(String name, double duration) {
        return catalog.write(s -> {
            long id = s.assets().insertAsset(AssetKind.VIDEO, name, null, 1);
            long v = s.assets().addVersion(id, 100, "h-" + name, SqliteCatalogTest.video(duration, 640, 360), null, 1);
            return new long[] {id, v};
        });
    }

    static Fingerprint fp(long asset, long version, double start, double end, long... frames) {
        return new Fingerprint(asset, version, "phash64@2fps", 2.0, frames, start, end, frames[0],
                Instant.ofEpochMilli(1234));
    }

    @Test
    void roundTripsHashesBitForBitAndReplaces() {
        long[] a = asset("a.mp4", 10);
        long[] frames = {0L, -1L, Long.MIN_VALUE, 0x0123456789abcdefL};
        catalog.update(s -> s.fingerprints().put(fp(a[0], a[1], 2.0, 9.5, frames)));
        Fingerprint back = catalog.read(s -> s.fingerprints().find(a[0])).orElseThrow();
        assertThat(back.frames()).containsExactly(frames);
        assertThat(back.contentStartSec()).isEqualTo(2.0);
        assertThat(back.contentSec()).isEqualTo(7.5);
        assertThat(back.algo()).isEqualTo("phash64@2fps");
        assertThat(back.createdAt()).isEqualTo(Instant.ofEpochMilli(1234));

        catalog.update(s -> s.fingerprints().put(fp(a[0], a[1], 0, 1, 7L)));
        assertThat(catalog.read(s -> s.fingerprints().find(a[0])).orElseThrow().frames()).containsExactly(7L);
    }

    @Test
    void currentListsOnlyCurrentVersionsByContentLengthAndForgettingCascades() {
        long[] a = asset("a.mp4", 10);
        long[] b = asset("b.mp4", 10);
        long[] c = asset("c.mp4", 10);
        catalog.update(s -> {
            s.fingerprints().put(fp(a[0], a[1], 0, 8, 1L));
            s.fingerprints().put(fp(b[0], b[1], 1, 4, 2L));
            s.fingerprints().put(fp(c[0], c[1], 0, 5, 3L));
        });
        assertThat(catalog.<List<FingerprintRepository.Summary>>read(s -> s.fingerprints().current())).extracting(FingerprintRepository.Summary::assetId)
                .containsExactly(b[0], c[0], a[0]);

        // c gets new content: its fingerprint describes the old one until its own job replaces it
        catalog.update(s -> s.assets().addVersion(c[0], 200, "h-c2", SqliteCatalogTest.video(5, 640, 360), null, 2));
        assertThat(catalog.<List<FingerprintRepository.Summary>>read(s -> s.fingerprints().current())).extracting(FingerprintRepository.Summary::assetId)
                .containsExactly(b[0], a[0]);

        catalog.update(s -> s.assets().delete(a[0]));
        assertThat(catalog.read(s -> s.fingerprints().forAssets(List.of(a[0], b[0], c[0]))).keySet())
                .containsExactlyInAnyOrder(b[0], c[0]);
    }
}
