package org.thatdam.search;

import java.time.Instant;
import java.util.List;

/** A fluent builder of {@link IndexedAsset}s for tests. */
final class TestAssets {

    private long id;
    private String path;
    private String title;
    private String batch;
    private List<String> tags = List.of();
    private String kind = "video";
    private String status = "ok";
    private String videoCodec = "h264";
    private String audioCodec = "aac";
    private String container = "mp4";
    private Double duration = 10.0;
    private Integer width = 1920;
    private Integer height = 1080;
    private Double fps = 25.0;
    private Instant created = Instant.parse("2024-01-01T00:00:00Z");
    private long size = 1000;
    private String text;
    private int rating;
    private boolean favourite;
    private String label;

    static TestAssets asset(long id, String path) {
        TestAssets a = new TestAssets();
        a.id = id;
        a.path = path;
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        a.title = dot > 0 ? name.substring(0, dot) : name;
        return a;
    }

    TestAssets title(String v) { title = v; return this; }
    TestAssets batch(String v) { batch = v; return this; }
    TestAssets tags(String... v) { tags = List.of(v); return this; }
    TestAssets kind(String v) { kind = v; return this; }
    TestAssets status(String v) { status = v; return this; }
    TestAssets codecs(String v, String a) { videoCodec = v; audioCodec = a; return this; }
    TestAssets container(String v) { container = v; return this; }
    TestAssets duration(Double v) { duration = v; return this; }
    TestAssets size(int w, int h) { width = w; height = h; return this; }
    TestAssets noPicture() { width = null; height = null; videoCodec = null; fps = null; return this; }
    TestAssets fps(Double v) { fps = v; return this; }
    TestAssets created(String iso) { created = Instant.parse(iso); return this; }
    TestAssets bytes(long v) { size = v; return this; }
    TestAssets text(String v) { text = v; return this; }
    TestAssets marked(int stars, boolean fav, String colour) { rating = stars; favourite = fav; label = colour; return this; }

    IndexedAsset build() {
        return new IndexedAsset(id, path, title, batch, tags, kind, status, videoCodec, audioCodec, container, duration,
                width, height, fps, created, size, text, rating, favourite, label);
    }
}
