package org.thatdam.core.scan;

import org.thatdam.model.ScanReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.at;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetStatus;
import org.thatdam.core.Dam;
import org.thatdam.media.testing.HostileMedia;

/**
 * A library folder holding files that point at other files: a scan with the real ffprobe
 * catalogues each as failed with the reason (or as its own content), never with the duration or
 * picture of the file it names.
 */
class HostileScanTest {

    @TempDir
    Path tmp;
    Path media;
    Dam dam;

    @BeforeEach
    void open() throws Exception {
        media = Files.createDirectories(tmp.resolve("media")).toRealPath();
        dam = openDam(tmp);
    }

    @AfterEach
    void close() {
        dam.close();
    }

    @Test
    void manifestsAndListsAreCataloguedAsFailedWithTheReason() {
        Path secret = HostileMedia.secretClip(tmp.resolve("private"), "private.mp4"); // outside the library
        List<Path> lists = HostileMedia.writeReferenceLists(media.resolve("shoot"), secret);
        Path sibling = HostileMedia.secretClip(media.resolve("shoot"), "private.mp4"); // what relative lists name

        ScanReport r = scan(dam, media);

        assertThat(r.failed()).as("%s", r).isEqualTo(lists.size());
        assertThat(r.added()).as("%s", r).isEqualTo(1);
        for (Path f : lists) {
            Asset a = at(dam, f).asset();
            assertThat(a.status()).as(f.toString()).isEqualTo(AssetStatus.FAILED);
            assertThat(a.error()).as(f.toString()).startsWith("not a media file: it is ").endsWith("; not opened");
            assertThat(a.durationSec()).as(f.toString()).isNull();
            assertThat(a.width()).as(f.toString()).isNull();
        }
        assertThat(at(dam, media.resolve("shoot/dash-comment.mp4")).asset().error())
                .isEqualTo("not a media file: it is a DASH manifest (a playlist that points at other files); not opened");
        assertThat(at(dam, sibling).asset().status()).isEqualTo(AssetStatus.OK);
    }

    @Test
    void aPercentNameIsCataloguedAsItsOwnPicture() {
        List<Path> pics = HostileMedia.patternNamedPictures(media.resolve("stills"));

        ScanReport r = scan(dam, media);

        assertThat(r.added()).as("%s", r).isEqualTo(3);
        Asset shot = at(dam, pics.get(0)).asset();
        assertThat(shot.kind()).isEqualTo(AssetKind.IMAGE);
        assertThat(shot.width()).isEqualTo(16); // not shot1.png's 32
        assertThat(at(dam, pics.get(1)).asset().width()).isEqualTo(32);
        Asset lonely = at(dam, pics.get(2)).asset();
        assertThat(lonely.status()).isEqualTo(AssetStatus.OK);
        assertThat(lonely.width()).isEqualTo(24);
    }
}
