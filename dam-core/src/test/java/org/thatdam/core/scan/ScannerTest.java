package org.thatdam.core.scan;

import org.thatdam.model.DamException;

import org.thatdam.model.ScanReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.thatdam.core.testing.DamTesting.age;
import static org.thatdam.core.testing.DamTesting.all;
import static org.thatdam.core.testing.DamTesting.allLocations;
import static org.thatdam.core.testing.DamTesting.at;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.record;
import static org.thatdam.core.testing.DamTesting.scan;
import static org.thatdam.core.testing.DamTesting.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.AssetVersion;
import org.thatdam.model.Location;
import org.thatdam.model.MediaInfo;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.media.testing.TestMedia;

/** Scanning a folder of real media into a real catalog (SQLite, then PostgreSQL), probed by the bundled ffprobe. */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(org.thatdam.catalog.CatalogUrl.Engine.class)
class ScannerTest {

    @org.junit.jupiter.params.Parameter
    org.thatdam.catalog.CatalogUrl.Engine engine;

    @TempDir
    Path tmp;
    Path media;
    Dam dam;

    @BeforeEach
    void open() throws Exception {
        media = Files.createDirectories(tmp.resolve("media")).toRealPath();
        dam = openDam(tmp, engine);
    }

    @AfterEach
    void close() {
        dam.close();
    }

    /** The mixed folder of test 1: 13 good media files, 4 broken ones and a text file. */
    private Path mixedFolder() {
        Path shoot = media.resolve("shoot");
        TestMedia.copy(TestMedia.h264Mp4(), shoot, "h264.mp4");
        TestMedia.copy(TestMedia.mkv(), shoot, "clip.mkv");
        TestMedia.copy(TestMedia.webm(), shoot, "clip.webm");
        TestMedia.copy(TestMedia.rotatedMov(), shoot, "phone.mov");
        TestMedia.copy(TestMedia.mp3(), shoot, "tone.mp3");
        TestMedia.copy(TestMedia.wav(), shoot, "tone.wav");
        TestMedia.copy(TestMedia.png(), shoot, "frame.png");
        TestMedia.copy(TestMedia.jpegWithExif(), shoot, "photo.jpg");
        TestMedia.copy(TestMedia.shortClip(), shoot, "short.mp4");
        Path legacy = shoot.resolve("legacy");
        TestMedia.copy(TestMedia.aviMsmpeg4v3(), legacy, "msmpeg4v3.avi");
        TestMedia.copy(TestMedia.aviCinepak(), legacy, "cinepak.avi");
        TestMedia.copy(TestMedia.aviMpeg4Ac3(), legacy, "xvid.avi");
        TestMedia.copy(TestMedia.mpeg2ProgramStream(), legacy, "dvd.mpg");
        Path broken = shoot.resolve("broken");
        TestMedia.copy(TestMedia.truncatedMp4(), broken, "truncated.mp4");
        TestMedia.copy(TestMedia.randomBytesMp4(), broken, "random.mp4");
        TestMedia.copy(TestMedia.zeroBytes(), broken, "zero.mp4");
        TestMedia.copy(TestMedia.damagedAvi(), broken, "damaged.avi");
        write(shoot.resolve("notes.txt"), "shot list: nothing to see here\n");
        return shoot;
    }

    private static final int GOOD = 13, BROKEN = 4, NOT_MEDIA = 1;

    @Test
    void scanCataloguesGoodFilesAndRecordsPreciseErrorsForBrokenOnes() {
        Path shoot = mixedFolder();
        List<DamEvent> events = record(dam);

        ScanReport r = scan(dam, media);

        assertThat(r.added()).as("added: %s", r).isEqualTo(GOOD);
        assertThat(r.failed()).as("failed: %s", r).isEqualTo(BROKEN);
        assertThat(r.skipped()).as("skipped: %s", r).isEqualTo(NOT_MEDIA);
        assertThat(r.updated()).isZero();
        assertThat(r.unchanged()).isZero();
        assertThat(r.deferred()).isZero();
        assertThat(r.scanned()).isEqualTo(GOOD + BROKEN);
        assertThat(r.problems()).extracting(ScanReport.Problem::path).containsExactlyInAnyOrder(
                shoot.resolve("broken/truncated.mp4").toString(), shoot.resolve("broken/random.mp4").toString(),
                shoot.resolve("broken/zero.mp4").toString(), shoot.resolve("broken/damaged.avi").toString());
        assertThat(dam.assets().count(AssetQuery.all(1))).isEqualTo(GOOD + BROKEN);
        assertThat(dam.assets().count(new AssetQuery(null, null, AssetStatus.FAILED, null, 100, 0))).isEqualTo(BROKEN);
        assertThatThrownBy(() -> at(dam, shoot.resolve("notes.txt"))).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND));

        // Broken files: catalogued as failed, with the reason.
        AssetDetails zero = at(dam, shoot.resolve("broken/zero.mp4"));
        assertThat(zero.asset().status()).isEqualTo(AssetStatus.FAILED);
        assertThat(zero.asset().error()).isEqualTo("empty file (0 bytes)");
        assertThat(zero.asset().kind()).isEqualTo(AssetKind.VIDEO); // guessed from the name
        assertThat(zero.current().error()).isEqualTo("empty file (0 bytes)");
        assertThat(zero.current().sizeBytes()).isZero();
        AssetDetails truncated = at(dam, shoot.resolve("broken/truncated.mp4"));
        assertThat(truncated.asset().status()).isEqualTo(AssetStatus.FAILED);
        assertThat(truncated.asset().error()).contains("moov atom not found")
                .doesNotContain(shoot.toString()); // the user knows which file; no absolute path noise
        AssetDetails random = at(dam, shoot.resolve("broken/random.mp4"));
        assertThat(random.asset().status()).isEqualTo(AssetStatus.FAILED);
        assertThat(random.asset().error()).startsWith("not readable as media: ");
        AssetDetails damaged = at(dam, shoot.resolve("broken/damaged.avi"));
        assertThat(damaged.asset().status()).isEqualTo(AssetStatus.FAILED);
        assertThat(damaged.asset().error()).isNotBlank();
        assertThat(damaged.asset().kind()).isEqualTo(AssetKind.VIDEO);

        // Good files: kind, codecs, durations and display dimensions as probed.
        Asset h264 = at(dam, shoot.resolve("h264.mp4")).asset();
        assertThat(h264.status()).isEqualTo(AssetStatus.OK);
        assertThat(h264.error()).isNull();
        assertThat(h264.kind()).isEqualTo(AssetKind.VIDEO);
        assertThat(h264.videoCodec()).isEqualTo("h264");
        assertThat(h264.audioCodec()).isEqualTo("aac");
        assertThat(h264.width()).isEqualTo(320);
        assertThat(h264.height()).isEqualTo(240);
        assertThat(h264.fps()).isEqualTo(25.0);
        assertThat(h264.durationSec()).isBetween(1.9, 2.2);
        assertThat(h264.container()).isEqualTo("mp4");
        assertThat(h264.title()).isEqualTo("h264");
        assertThat(h264.batch()).isEqualTo("shoot");
        assertThat(h264.path()).isEqualTo(shoot.resolve("h264.mp4").toString());
        assertThat(h264.sizeBytes()).isEqualTo(size(shoot.resolve("h264.mp4")));

        Asset mkv = at(dam, shoot.resolve("clip.mkv")).asset();
        assertThat(mkv.container()).isEqualTo("matroska");
        assertThat(mkv.videoCodec()).isEqualTo("h264");
        assertThat(mkv.audioCodec()).isEqualTo("mp3");
        assertThat(mkv.width()).isEqualTo(256);
        assertThat(mkv.height()).isEqualTo(144);
        assertThat(mkv.fps()).isEqualTo(30.0);

        Asset webm = at(dam, shoot.resolve("clip.webm")).asset();
        assertThat(webm.videoCodec()).isEqualTo("vp9");
        assertThat(webm.audioCodec()).isEqualTo("opus");
        assertThat(webm.width()).isEqualTo(160);
        assertThat(webm.height()).isEqualTo(120);
        assertThat(webm.durationSec()).isBetween(0.9, 1.2);

        AssetDetails mov = at(dam, shoot.resolve("phone.mov"));
        assertThat(mov.asset().width()).isEqualTo(360); // shown upright: portrait
        assertThat(mov.asset().height()).isEqualTo(640);
        MediaInfo movInfo = mov.current().media();
        assertThat(movInfo.rotation()).isEqualTo(90);
        assertThat(movInfo.creationTime()).startsWith("2024-03-05T10:20:30");
        assertThat(movInfo.gpsLatitude()).isEqualTo(48.8584);
        assertThat(movInfo.gpsLongitude()).isEqualTo(2.2945);
        assertThat(movInfo.streams()).hasSize(2);
        assertThat(movInfo.streams().get(0).width()).isEqualTo(640); // coded size kept per stream

        Asset mp3 = at(dam, shoot.resolve("tone.mp3")).asset();
        assertThat(mp3.kind()).isEqualTo(AssetKind.AUDIO);
        assertThat(mp3.audioCodec()).isEqualTo("mp3");
        assertThat(mp3.videoCodec()).isNull();
        assertThat(mp3.width()).isNull();
        assertThat(mp3.durationSec()).isBetween(1.9, 2.2);

        AssetDetails wav = at(dam, shoot.resolve("tone.wav"));
        assertThat(wav.asset().kind()).isEqualTo(AssetKind.AUDIO);
        assertThat(wav.asset().audioCodec()).isEqualTo("pcm_s16le");
        assertThat(wav.asset().durationSec()).isCloseTo(1.0, within(0.05));
        assertThat(wav.current().media().streams()).singleElement().satisfies(s -> {
            assertThat(s.sampleRate()).isEqualTo(22050);
            assertThat(s.channels()).isEqualTo(1);
        });

        Asset png = at(dam, shoot.resolve("frame.png")).asset();
        assertThat(png.kind()).isEqualTo(AssetKind.IMAGE);
        assertThat(png.width()).isEqualTo(200);
        assertThat(png.height()).isEqualTo(100);
        assertThat(png.durationSec()).isNull();

        AssetDetails jpg = at(dam, shoot.resolve("photo.jpg"));
        assertThat(jpg.asset().kind()).isEqualTo(AssetKind.IMAGE);
        assertThat(jpg.asset().width()).isEqualTo(200); // EXIF orientation 6: 320x200 shown upright
        assertThat(jpg.asset().height()).isEqualTo(320);
        assertThat(jpg.current().media().cameraMake()).isEqualTo("DamCam");
        assertThat(jpg.current().media().cameraModel()).isEqualTo("Model 7");
        assertThat(jpg.current().media().creationTime()).isEqualTo("2023-07-14T09:08:07");
        assertThat(jpg.current().media().gpsLatitude()).isCloseTo(48.8584, within(1e-4));

        Asset shortClip = at(dam, shoot.resolve("short.mp4")).asset();
        assertThat(shortClip.kind()).isEqualTo(AssetKind.VIDEO);
        assertThat(shortClip.durationSec()).isBetween(0.25, 0.4);

        Asset ms = at(dam, shoot.resolve("legacy/msmpeg4v3.avi")).asset();
        assertThat(ms.container()).isEqualTo("avi");
        assertThat(ms.videoCodec()).isEqualTo("msmpeg4v3");
        assertThat(ms.audioCodec()).isEqualTo("mp3");
        assertThat(ms.durationSec()).isBetween(1.9, 2.2);
        assertThat(ms.batch()).isEqualTo("legacy");
        Asset cinepak = at(dam, shoot.resolve("legacy/cinepak.avi")).asset();
        assertThat(cinepak.videoCodec()).isEqualTo("cinepak");
        assertThat(cinepak.audioCodec()).isNull();
        assertThat(cinepak.width()).isEqualTo(160);
        assertThat(cinepak.height()).isEqualTo(120);
        Asset xvid = at(dam, shoot.resolve("legacy/xvid.avi")).asset();
        assertThat(xvid.videoCodec()).isEqualTo("mpeg4");
        assertThat(xvid.audioCodec()).isEqualTo("ac3");
        assertThat(xvid.width()).isEqualTo(352);
        assertThat(xvid.height()).isEqualTo(288);
        Asset mpg = at(dam, shoot.resolve("legacy/dvd.mpg")).asset();
        assertThat(mpg.kind()).isEqualTo(AssetKind.VIDEO);
        assertThat(mpg.container()).isEqualTo("mpeg");
        assertThat(mpg.videoCodec()).isEqualTo("mpeg2video");
        assertThat(mpg.audioCodec()).isEqualTo("mp2");
        assertThat(mpg.durationSec()).isBetween(1.5, 2.5);

        // Kinds across the catalog, and one event per file.
        Map<AssetKind, Long> kinds = all(dam).stream().collect(Collectors.groupingBy(Asset::kind, Collectors.counting()));
        assertThat(kinds).containsEntry(AssetKind.VIDEO, 13L).containsEntry(AssetKind.AUDIO, 2L)
                .containsEntry(AssetKind.IMAGE, 2L);
        assertThat(events).filteredOn(e -> e instanceof DamEvent.AssetIngested).hasSize(GOOD)
                .allMatch(e -> ((DamEvent.AssetIngested) e).newAsset());
        assertThat(events).filteredOn(e -> e instanceof DamEvent.AssetFailed).hasSize(BROKEN);
        assertThat(events).filteredOn(e -> e instanceof DamEvent.ScanFinished).singleElement()
                .satisfies(e -> assertThat(((DamEvent.ScanFinished) e).report()).isEqualTo(r));
        // Every asset has exactly one version and one location.
        for (Asset a : all(dam)) {
            AssetDetails d = dam.assets().details(a.id()).orElseThrow();
            assertThat(d.versions()).as("versions of %s", a.path()).hasSize(1);
            assertThat(d.locations()).as("locations of %s", a.path()).hasSize(1);
        }
    }

    @Test
    void anAssetsEventIsPublishedOnlyOnceItsCommitGroupIsCommitted() {
        mixedFolder();
        List<String> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> notYetCommitted = new java.util.concurrent.CopyOnWriteArrayList<>();
        dam.events().subscribe(e -> {
            long id;
            String path;
            if (e instanceof DamEvent.AssetIngested i) {
                id = i.assetId();
                path = i.path();
            } else if (e instanceof DamEvent.AssetFailed f) {
                id = f.assetId();
                path = f.path();
            } else {
                return;
            }
            published.add(path);
            // Another connection than the scan's transaction: it sees committed rows only.
            if (dam.catalog().read(s -> s.assets().find(id)).isEmpty()) notYetCommitted.add(path);
        });

        ScanReport r = scan(dam, media);

        assertThat(r.added() + r.failed()).isEqualTo(GOOD + BROKEN);
        assertThat(published).hasSize(GOOD + BROKEN);
        assertThat(notYetCommitted).isEmpty();
    }

    @Test
    void rescanOfAnUnchangedFolderReadsNothingAndChangesNothing() throws Exception {
        mixedFolder();
        ScanReport first = scan(dam, media);
        assertThat(first.added() + first.failed()).isEqualTo(GOOD + BROKEN);
        Map<Long, Asset> before = all(dam).stream().collect(Collectors.toMap(Asset::id, a -> a));
        List<Location> locationsBefore = allLocations(dam);
        List<DamEvent> events = record(dam);

        ScanReport second = scan(dam, media);

        assertThat(second.unchanged()).isEqualTo(GOOD + BROKEN).isEqualTo(first.scanned());
        assertThat(second.added()).isZero();
        assertThat(second.updated()).isZero();
        assertThat(second.failed()).isZero(); // known failures are not tried again while unchanged
        assertThat(second.deferred()).isZero();
        assertThat(second.skipped()).isEqualTo(NOT_MEDIA);
        assertThat(second.problems()).isEmpty();
        // Nothing was probed or written: no ingest events, same rows, same timestamps.
        assertThat(events).noneMatch(e -> e instanceof DamEvent.AssetIngested || e instanceof DamEvent.AssetFailed);
        assertThat(all(dam).stream().collect(Collectors.toMap(Asset::id, a -> a))).isEqualTo(before);
        assertThat(allLocations(dam)).isEqualTo(locationsBefore);
        for (Asset a : before.values()) {
            assertThat(dam.assets().details(a.id()).orElseThrow().versions()).hasSize(1);
        }
    }

    @Test
    void rescanDoesNotRunTheProberOnUnchangedFiles() {
        mixedFolder();
        scan(dam, media);
        dam.close();
        // The same library with an "ffprobe" that always fails: any file probed again would turn failed.
        Path home = tmp.resolve("home");
        Map<ConfigKey, String> flags = new java.util.HashMap<>(org.thatdam.core.testing.DamTesting.catalogOn(home, engine));
        flags.putAll(Map.of(ConfigKey.HOME, home.toString(), ConfigKey.SCAN_SETTLE_SECONDS, "0", ConfigKey.FFPROBE_PATH, "/bin/false"));
        dam = Dam.open(ConfigLoader.load(Map.of(), null, flags));

        ScanReport again = scan(dam, media);

        assertThat(again.unchanged()).isEqualTo(GOOD + BROKEN);
        assertThat(again.failed()).isZero();
        assertThat(dam.assets().count(new AssetQuery(null, null, AssetStatus.OK, null, 100, 0))).isEqualTo(GOOD);
    }

    @Test
    void modifiedFileBecomesANewVersionOfTheSameAsset() throws Exception {
        Path dir = media.resolve("day1");
        Path clip = TestMedia.copy(TestMedia.h264Mp4(), dir, "clip.mp4");
        TestMedia.copy(TestMedia.mp3(), dir, "other.mp3");
        age(clip, Duration.ofHours(2));
        scan(dam, media);
        AssetDetails before = at(dam, clip);
        assertThat(before.versions()).hasSize(1);

        // Re-exported in place: new content, same path.
        byte[] replacement = Files.readAllBytes(TestMedia.clip(1.0, "160x120"));
        Files.write(clip, replacement);
        age(clip, Duration.ofHours(1));
        ScanReport r = scan(dam, media);

        assertThat(r.updated()).isEqualTo(1);
        assertThat(r.added()).isZero();
        assertThat(r.unchanged()).isEqualTo(1);
        AssetDetails after = at(dam, clip);
        assertThat(after.asset().id()).isEqualTo(before.asset().id());
        assertThat(after.versions()).hasSize(2);
        AssetVersion current = after.current();
        assertThat(current.versionNo()).isEqualTo(2);
        assertThat(current.sizeBytes()).isEqualTo(replacement.length);
        assertThat(current.media().width()).isEqualTo(160);
        assertThat(current.media().durationSec()).isBetween(0.9, 1.2);
        assertThat(after.versions().get(1).versionNo()).isEqualTo(1);
        assertThat(after.versions().get(1).media().width()).isEqualTo(320); // history kept
        assertThat(after.asset().sizeBytes()).isEqualTo(replacement.length);
        assertThat(after.asset().width()).isEqualTo(160);
        assertThat(after.asset().currentVersionId()).isEqualTo(current.id());
        assertThat(after.locations()).singleElement().satisfies(l -> {
            assertThat(l.sizeBytes()).isEqualTo(replacement.length);
            assertThat(l.mtimeMillis()).isEqualTo(Files.getLastModifiedTime(clip).toMillis());
        });
        assertThat(all(dam)).hasSize(2);

        // And the new content is now "unchanged".
        ScanReport third = scan(dam, media);
        assertThat(third.unchanged()).isEqualTo(2);
        assertThat(third.updated()).isZero();
        assertThat(at(dam, clip).versions()).hasSize(2);
    }

    @Test
    void touchedButIdenticalFileIsNotANewVersion() throws Exception {
        Path clip = TestMedia.copy(TestMedia.shortClip(), media.resolve("d"), "clip.mp4");
        age(clip, Duration.ofHours(3));
        scan(dam, media);
        age(clip, Duration.ofHours(1)); // e.g. copied back with a new date

        ScanReport r = scan(dam, media);

        assertThat(r.unchanged()).isEqualTo(1);
        assertThat(r.updated()).isZero();
        AssetDetails d = at(dam, clip);
        assertThat(d.versions()).hasSize(1);
        assertThat(d.locations().get(0).mtimeMillis()).isEqualTo(Files.getLastModifiedTime(clip).toMillis());
    }

    @Test
    void growingFileIsDeferredUntilItSettles() throws Exception {
        dam.close();
        dam = openDam(tmp.resolve("home-settle"), "30");
        Path dir = media.resolve("card");
        Path old = TestMedia.copy(TestMedia.mp3(), dir, "old.mp3");
        age(old, Duration.ofHours(1));
        Path growing = TestMedia.copy(TestMedia.h264Mp4(), dir, "recording.mp4"); // just written

        ScanReport first = scan(dam, media);

        assertThat(first.deferred()).isEqualTo(1);
        assertThat(first.added()).isEqualTo(1);
        assertThat(first.failed()).isZero();
        assertThat(all(dam)).extracting(Asset::path).containsExactly(old.toString());
        assertThatThrownBy(() -> at(dam, growing)).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND));

        // Nothing written for a minute: it is finished.
        age(growing, Duration.ofMinutes(1));
        ScanReport second = scan(dam, media);

        assertThat(second.deferred()).isZero();
        assertThat(second.added()).isEqualTo(1);
        assertThat(second.unchanged()).isEqualTo(1);
        AssetDetails d = at(dam, growing);
        assertThat(d.asset().status()).isEqualTo(AssetStatus.OK);
        assertThat(d.asset().videoCodec()).isEqualTo("h264");
    }

    @Test
    void changeToAKnownFileIsAlsoDeferredWhileItIsBeingWritten() throws Exception {
        dam.close();
        dam = openDam(tmp.resolve("home-settle"), "30");
        Path clip = TestMedia.copy(TestMedia.h264Mp4(), media.resolve("d"), "clip.mp4");
        age(clip, Duration.ofHours(1));
        scan(dam, media);
        Files.write(clip, Files.readAllBytes(TestMedia.shortClip())); // being rewritten right now

        ScanReport r = scan(dam, media);

        assertThat(r.deferred()).isEqualTo(1);
        assertThat(r.updated()).isZero();
        assertThat(at(dam, clip).versions()).hasSize(1);
        assertThat(at(dam, clip).asset().videoCodec()).isEqualTo("h264");
    }

    @Test
    @Timeout(60)
    void symlinkLoopsTerminateAndLinksOutsideTheRootAreNotFollowed() throws Exception {
        Path dir = media.resolve("dir");
        Path inside = TestMedia.copy(TestMedia.shortClip(), dir, "inside.mp4");
        Files.createSymbolicLink(dir.resolve("loop"), dir);
        Files.createSymbolicLink(dir.resolve("up"), media);
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path secret = TestMedia.copy(TestMedia.mp3(), outside, "secret.mp3");
        Path secret2 = TestMedia.copy(TestMedia.png(), outside, "secret.png");
        Files.createSymbolicLink(media.resolve("elsewhere"), outside);
        Files.createSymbolicLink(media.resolve("linked.png"), secret2); // a link to a file outside

        ScanReport r = scan(dam, media);

        assertThat(r.added()).isEqualTo(1);
        assertThat(r.skipped()).isEqualTo(4); // the four links
        assertThat(r.problems()).isEmpty();
        assertThat(all(dam)).extracting(Asset::path).containsExactly(inside.toString());
        assertThat(allLocations(dam)).extracting(Location::path).containsExactly(inside.toString());
        assertThatThrownBy(() -> at(dam, secret)).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> at(dam, media.resolve("elsewhere/secret.mp3"))).isInstanceOfSatisfying(org.thatdam.model.DamException.class, e -> assertThat(e.code()).isEqualTo(org.thatdam.model.ErrorCode.NOT_FOUND));
    }

    @Test
    void unicodeSpacesAndShellCharactersInNamesAreCataloguedAsIs() throws Exception {
        Path ete = media.resolve("Été 2024");
        Path unicode = TestMedia.copy(TestMedia.h264Mp4(), ete, "clip ✓ 01.mp4");
        Path dash = TestMedia.copy(TestMedia.shortClip(), media.resolve("odd"), "-i -y.mp4");
        Path pipe = TestMedia.copy(TestMedia.mp3(), media.resolve("odd"), "a|b; $(x) 'q'.mp3");
        Path colon = TestMedia.copy(TestMedia.png(), media.resolve("odd"), "concat:x|y.png");
        Path nfd = TestMedia.copy(TestMedia.wav(), media.resolve("odd"), "Cafe\u0301 日本 🎬.wav");

        ScanReport r = scan(dam, media);

        assertThat(r.added()).as("%s", r).isEqualTo(5);
        assertThat(r.failed()).isZero();
        AssetDetails u = at(dam, unicode);
        assertThat(u.asset().status()).isEqualTo(AssetStatus.OK);
        assertThat(u.asset().videoCodec()).isEqualTo("h264");
        assertThat(u.asset().title()).isEqualTo("clip ✓ 01");
        assertThat(u.asset().batch()).isEqualTo("Été 2024");
        assertThat(u.asset().path()).isEqualTo(media + "/Été 2024/clip ✓ 01.mp4");
        AssetDetails d = at(dam, dash);
        assertThat(d.asset().status()).isEqualTo(AssetStatus.OK);
        assertThat(d.asset().title()).isEqualTo("-i -y");
        assertThat(d.asset().durationSec()).isBetween(0.25, 0.4);
        AssetDetails p = at(dam, pipe);
        assertThat(p.asset().status()).isEqualTo(AssetStatus.OK);
        assertThat(p.asset().audioCodec()).isEqualTo("mp3");
        assertThat(p.locations()).extracting(Location::path).containsExactly(pipe.toString());
        assertThat(at(dam, colon).asset().kind()).isEqualTo(AssetKind.IMAGE);
        AssetDetails n = at(dam, nfd);
        assertThat(n.asset().status()).isEqualTo(AssetStatus.OK);
        assertThat(n.asset().title()).isEqualTo("Cafe\u0301 日本 🎬");
        assertThat(n.asset().path()).isEqualTo(nfd.toString());
        // The names round-trip through the catalog: a second scan finds them all unchanged.
        ScanReport again = scan(dam, media);
        assertThat(again.unchanged()).isEqualTo(5);
        assertThat(again.added() + again.updated()).isZero();
    }

    @Test
    void hiddenAndSystemFoldersAndTheLibraryHomeAreNotScanned() throws Exception {
        dam.close();
        Path home = media.resolve("library"); // the library's own data inside the scanned root
        dam = openDam(home, "0");
        Path visible = TestMedia.copy(TestMedia.h264Mp4(), media.resolve("visible"), "a.mp4");
        TestMedia.copy(TestMedia.mkv(), media.resolve(".hidden"), "b.mkv");
        TestMedia.copy(TestMedia.webm(), media.resolve("$RECYCLE.BIN/S-1-5-21"), "c.webm");
        TestMedia.copy(TestMedia.mp3(), media.resolve(".Trash-1000/files"), "d.mp3");
        TestMedia.copy(TestMedia.wav(), media.resolve("@eaDir"), "e.wav");
        TestMedia.copy(TestMedia.png(), media.resolve("visible"), ".f.png"); // hidden file
        Files.createDirectories(media.resolve("visible/ascmhl")); // an offload's hash lists
        Files.writeString(media.resolve("visible/ascmhl/ascmhl_chain.xml"), "<ascmhldirectory/>");
        TestMedia.copy(TestMedia.shortClip(), home.resolve("derivatives/00/00/1"), "proxy.mp4");
        TestMedia.copy(TestMedia.aviCinepak(), home.resolve("uploads"), "staged.avi");
        Path stray = TestMedia.copy(TestMedia.mpeg2ProgramStream(), home, "stray.mpg"); // top level of the home

        ScanReport r = scan(dam, media);

        assertThat(r.added()).isEqualTo(1);
        assertThat(r.failed()).isZero();
        assertThat(r.problems()).isEmpty();
        assertThat(all(dam)).extracting(Asset::path).containsExactly(visible.toString());
        assertThat(allLocations(dam)).extracting(Location::path).allMatch(p -> !p.startsWith(home.toString()));
        // Naming the home, a folder in it or a file in it as a root scans nothing either, and says why.
        ScanReport homeScan = scan(dam, home, home.resolve("uploads"), stray);
        assertThat(homeScan.added() + homeScan.failed() + homeScan.scanned()).isZero();
        assertThat(homeScan.problems()).hasSize(3)
                .allSatisfy(p -> assertThat(p.error()).contains("library's own data folder"));
        assertThat(all(dam)).hasSize(1);
    }

    @Test
    void theHomesLibraryFolderIsScannedButNoOtherPartOfTheHome() throws Exception {
        dam.close();
        Path home = media.resolve("home");
        dam = openDam(home, "0");
        Path received = TestMedia.copy(TestMedia.h264Mp4(), home.resolve("library/uploads/2026-01-02"), "a.mp4");
        TestMedia.copy(TestMedia.shortClip(), home.resolve("derivatives/00/00/1"), "proxy.mp4");
        TestMedia.copy(TestMedia.aviCinepak(), home.resolve("uploads"), "staged.avi");

        ScanReport r = scan(dam, home.resolve("library"));
        assertThat(r.added()).isEqualTo(1);
        assertThat(all(dam)).extracting(Asset::path).containsExactly(received.toString());
        // walking a folder that holds the home still skips all of it, the library folder too (a root of its own)
        ScanReport outer = scan(dam, media);
        assertThat(outer.added()).isZero();
        assertThat(all(dam)).hasSize(1);
    }

    @Test
    void aSingleFileCanBeScannedAndAMissingRootIsAProblemNotACrash() {
        Path clip = TestMedia.copy(TestMedia.shortClip(), media.resolve("x"), "one.mp4");
        Path nowhere = tmp.resolve("does-not-exist");

        ScanReport r = scan(dam, nowhere, clip);

        assertThat(r.added()).isEqualTo(1);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(nowhere.toString());
            assertThat(p.error()).contains("cannot scan");
        });
        assertThat(at(dam, clip).asset().batch()).isEqualTo("x");
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
