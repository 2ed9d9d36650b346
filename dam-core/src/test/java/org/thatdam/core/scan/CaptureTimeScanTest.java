package org.thatdam.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.DamException;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.CaptureSource;
import org.thatdam.model.Timeline;
import org.thatdam.core.Dam;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.search.SearchHit;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchResult;
import org.thatdam.search.SearchSort;

/** From scan to list, search, facets and timeline: everything dates by when the media was shot. */
class CaptureTimeScanTest {

    @TempDir Path tmp;

    private static void mtime(Path file, String iso) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(iso)));
    }

    private static SearchResult search(Dam dam, String query, SearchSort sort) {
        return dam.search().search(new SearchRequest(query, sort, 50, 0, true));
    }

    @Test
    void captureTimeComesFromTheBestClueAndDrivesSortingFiltersFacetsAndTheTimeline() throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.rotatedMov(), media, "rotated.mov");                     // quicktime 2024-03-05
        TestMedia.copy(TestMedia.undatedMp4(), media, "VID_20230102_030405.mp4");          // filename 2023-01-02
        TestMedia.copy(TestMedia.jpegWithExifOffset(), media, "photo.jpg");                // exif 2022-12-24 16:30Z
        TestMedia.copy(TestMedia.datedMp4(), media, "dated.mp4");                          // quicktime 2021-05-06
        TestMedia.copy(TestMedia.jpegWithXmp(), media, "xmp.jpg");                         // xmp 2020-02-29 17:34:56Z
        mtime(TestMedia.copy(TestMedia.shortClip(), media, "plain.mp4"), "2019-03-04T05:06:07Z");
        mtime(TestMedia.copy(TestMedia.anamorphicMp4(), media, "anamorphic.mp4"), "2018-01-01T00:00:00Z");

        try (Dam dam = DamTesting.openDam(tmp)) {
            DamTesting.scan(dam, media);
            List<Asset> newest = dam.assets().list(AssetQuery.all(100));
            assertThat(newest).extracting(Asset::title).containsExactly("rotated", "VID_20230102_030405", "photo",
                    "dated", "xmp", "plain", "anamorphic");
            assertThat(newest).extracting(Asset::captureSource).containsExactly(CaptureSource.QUICKTIME,
                    CaptureSource.FILENAME, CaptureSource.EXIF, CaptureSource.QUICKTIME, CaptureSource.XMP,
                    CaptureSource.MTIME, CaptureSource.MTIME);
            assertThat(newest).extracting(Asset::capturedAt).containsExactly(Instant.parse("2024-03-05T10:20:30Z"),
                    Instant.parse("2023-01-02T03:04:05Z"), Instant.parse("2022-12-24T16:30:00Z"),
                    Instant.parse("2021-05-06T07:08:09Z"), Instant.parse("2020-02-29T17:34:56Z"),
                    Instant.parse("2019-03-04T05:06:07Z"), Instant.parse("2018-01-01T00:00:00Z"));
            assertThat(newest).allSatisfy(a -> assertThat(a.addedAt()).isAfter(Instant.parse("2025-01-01T00:00:00Z")));
            assertThat(dam.assets().list(new AssetQuery(null, null, null, AssetQuery.Sort.OLDEST, 100, 0)))
                    .extracting(Asset::title).containsExactly("anamorphic", "plain", "xmp", "dated", "photo",
                            "VID_20230102_030405", "rotated");

            // Display geometry: non-square pixels and rotation.
            Asset anamorphic = newest.get(6);
            assertThat(List.of(anamorphic.width(), anamorphic.height())).containsExactly(320, 240);
            Asset rotated = newest.get(0);
            assertThat(List.of(rotated.width(), rotated.height())).containsExactly(360, 640);

            dam.search().catchUp();
            assertThat(search(dam, "year:2021", SearchSort.RELEVANCE).items()).extracting(SearchHit::title)
                    .containsExactly("dated");
            assertThat(search(dam, "created:2022-12", SearchSort.RELEVANCE).items()).extracting(SearchHit::title)
                    .containsExactly("photo");
            assertThat(search(dam, "created:2018..2019", SearchSort.NEWEST).items()).extracting(SearchHit::title)
                    .containsExactly("plain", "anamorphic");
            assertThat(search(dam, "width:320 height:240", SearchSort.RELEVANCE).items()).extracting(SearchHit::title)
                    .containsExactly("anamorphic");
            SearchResult all = search(dam, "*", SearchSort.NEWEST);
            assertThat(all.items()).extracting(SearchHit::title).containsExactly("rotated", "VID_20230102_030405",
                    "photo", "dated", "xmp", "plain", "anamorphic");
            assertThat(all.facets().get("year")).extracting(f -> f.value() + "=" + f.count())
                    .containsExactlyInAnyOrder("2024=1", "2023=1", "2022=1", "2021=1", "2020=1", "2019=1", "2018=1");

            Timeline years = dam.assets().timeline("year", null, null);
            assertThat(years.buckets()).extracting(Timeline.Bucket::period)
                    .containsExactly("2018", "2019", "2020", "2021", "2022", "2023", "2024");
            Timeline months = dam.assets().timeline("month", "2021", "2023-01");
            assertThat(months.by()).isEqualTo("month");
            assertThat(months.buckets()).extracting(Timeline.Bucket::period, Timeline.Bucket::count).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("2021-05", 1L), org.assertj.core.groups.Tuple.tuple("2022-12", 1L),
                    org.assertj.core.groups.Tuple.tuple("2023-01", 1L));
            assertThat(months.buckets().get(0).durationSec()).isGreaterThan(0.3);
            assertThatThrownBy(() -> dam.assets().timeline("week", null, null))
                    .isInstanceOf(DamException.class).hasMessageContaining("expected year, month or day");
            assertThatThrownBy(() -> dam.assets().timeline("day", "2024-13", null))
                    .isInstanceOf(DamException.class)
                    .hasMessage("invalid 'from' date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
            assertThatThrownBy(() -> dam.assets().timeline("day", "2024", "2023"))
                    .isInstanceOf(DamException.class).hasMessage("'from' is after 'to'");
        }
    }
}
