package org.thatdam.core.xmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.Exiftool;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.media.xmp.Xmp;
import org.thatdam.model.Actor;
import org.thatdam.model.AuditEntry;
import org.thatdam.model.ScanReport;

/** XMP through real scans of a real library: sidecars and packets written by exiftool, and sidecars we write. */
class XmpSyncTest {

    @TempDir
    Path tmp;

    private static Dam open(Path home, boolean writeBack) {
        return Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString(),
                ConfigKey.SCAN_SETTLE_SECONDS, "0", ConfigKey.XMP_WRITE_SIDECARS, Boolean.toString(writeBack))));
    }

    private static JsonNode exif(Path file) throws Exception {
        return new ObjectMapper().readTree(Exiftool.run("-j", "-XMP:all", file.toString())).get(0);
    }

    @Test
    void scanReadsSidecarsAndEmbeddedXmpAndFollowsChangedSidecars() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Path clip = Files.copy(TestMedia.shortClip(), lib.resolve("clip.mp4"));
        Exiftool.run("-o", lib.resolve("clip.xmp").toString(), "-XMP-dc:Title=Harbour", "-XMP-dc:Subject=Lisbon",
                "-XMP-dc:Subject=Europe", "-XMP-dc:Subject=Places", "-XMP-dc:Subject=night",
                "-XMP-lr:HierarchicalSubject=Places|Europe|Lisbon", "-XMP-xmp:Rating=4", "-XMP-xmp:Label=Red",
                "-XMP-xmpDM:LogComment=good light");
        Path photo = Files.copy(TestMedia.jpegWithExif(), lib.resolve("photo.jpg"));
        Exiftool.run("-overwrite_original", "-XMP-dc:Title=Embedded title", "-XMP-xmp:Label=Green", photo.toString());
        Path two = Files.copy(TestMedia.shortClip(), lib.resolve("two.mov"));
        Files.write(two, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND); // other content than clip.mp4
        Exiftool.run("-o", lib.resolve("two.xmp").toString(), "-XMP-dc:Title=from two.xmp");
        Exiftool.run("-o", lib.resolve("two.mov.xmp").toString(), "-XMP-dc:Title=from two.mov.xmp");
        Path bad = Files.copy(TestMedia.wav(), lib.resolve("bad.wav"));
        Files.writeString(lib.resolve("bad.wav.xmp"), "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">&e;</x:xmpmeta>");
        Path huge = Files.copy(TestMedia.mp3(), lib.resolve("huge.mp3"));
        Files.write(lib.resolve("huge.mp3.xmp"), new byte[Xmp.MAX_PACKET + 10]);

        try (Dam dam = open(tmp.resolve("home"), false)) {
            ScanReport r = DamTesting.scan(dam, lib);
            assertThat(r.added()).isEqualTo(5); // sidecars are not assets
            assertThat(DamTesting.allLocations(dam)).noneMatch(l -> l.path().endsWith(".xmp"));

            AssetDetails c = DamTesting.at(dam, clip);
            assertThat(c.asset().title()).isEqualTo("Harbour");
            assertThat(c.tags()).containsExactly("Places/Europe/Lisbon", "night");
            assertThat(c.asset().rating()).isEqualTo(4);
            assertThat(c.asset().label().id()).isEqualTo("red");
            assertThat(c.description()).isEqualTo("good light"); // the log comment, as there is no description
            XmpStatus cs = dam.xmp().status(c.asset().id());
            assertThat(cs.source()).isEqualTo("sidecar");
            assertThat(cs.sidecar()).isEqualTo(lib.resolve("clip.xmp").toString());
            assertThat(cs.logComment()).isEqualTo("good light");

            AssetDetails p = DamTesting.at(dam, photo);
            assertThat(p.asset().title()).isEqualTo("Embedded title");
            assertThat(p.asset().label().id()).isEqualTo("green");
            assertThat(dam.xmp().status(p.asset().id()).source()).isEqualTo("embedded");

            assertThat(DamTesting.at(dam, two).asset().title()).isEqualTo("from two.mov.xmp");

            // hostile sidecars: a clear error, recorded; the asset and the scan carry on
            assertThat(r.problems()).anySatisfy(pr -> {
                assertThat(pr.path()).isEqualTo(bad.toString());
                assertThat(pr.error()).isEqualTo("bad.wav.xmp: bad.wav.xmp is not valid XMP (it has a DOCTYPE, which is refused)");
            });
            assertThat(dam.xmp().status(DamTesting.at(dam, bad).asset().id()).error()).contains("DOCTYPE");
            assertThat(dam.xmp().status(DamTesting.at(dam, huge).asset().id()).error())
                    .contains("more than the " + Xmp.MAX_PACKET + " bytes");
            assertThat(DamTesting.at(dam, bad).asset().title()).isEqualTo("bad");

            List<AuditEntry> edits = dam.audit().query("xmp", null, "asset.edit", 100);
            assertThat(edits).hasSize(3);

            // another tool changes the sidecar; the media file is untouched, and the rescan does not probe it
            Exiftool.run("-overwrite_original", "-XMP-xmp:Rating=2", "-XMP-dc:Subject+=rain", lib.resolve("clip.xmp").toString());
            DamTesting.age(lib.resolve("clip.xmp"), Duration.ofSeconds(-5));
            ScanReport again = DamTesting.scan(dam, lib);
            assertThat(again.added() + again.updated()).isZero();
            c = DamTesting.at(dam, clip);
            assertThat(c.asset().rating()).isEqualTo(2);
            assertThat(c.tags()).containsExactly("Places/Europe/Lisbon", "night", "rain");
            assertThat(c.asset().title()).isEqualTo("Harbour");

            // a sidecar appears beside an asset catalogued earlier: it is read, merged with what the embedded XMP said
            Exiftool.run("-o", lib.resolve("photo.jpg.xmp").toString(), "-XMP-xmp:Rating=5", "-XMP-xmp:Label=Green",
                    "-XMP-dc:Title=Embedded title");
            DamTesting.scan(dam, lib);
            p = DamTesting.at(dam, photo);
            assertThat(p.asset().rating()).isEqualTo(5);
            assertThat(p.asset().title()).isEqualTo("Embedded title");
            assertThat(dam.xmp().status(p.asset().id()).source()).isEqualTo("sidecar");

            // unchanged sidecars are not applied again
            DamTesting.scan(dam, lib);
            assertThat(dam.audit().query("xmp", null, "asset.edit", 100)).hasSize(5);

            // both sides change the title: the newer wins, and it is reported
            dam.assets().update(c.asset().id(), AssetPatch.none().withTitle("Catalog title"), Actor.commandLine());
            Exiftool.run("-overwrite_original", "-XMP-dc:Title=Sidecar title", lib.resolve("clip.xmp").toString());
            DamTesting.age(lib.resolve("clip.xmp"), Duration.ofHours(-1)); // edited after the catalog
            DamTesting.scan(dam, lib);
            assertThat(DamTesting.at(dam, clip).asset().title()).isEqualTo("Sidecar title");
            assertThat(dam.xmp().status(c.asset().id()).conflicts())
                    .containsExactly(new XmpConflict("title", "Catalog title", "Sidecar title", "sidecar"));
            assertThat(dam.audit().query(null, null, "xmp.conflict", 10)).hasSize(1);
        }
    }

    @Test
    void editsAreWrittenBackAndMergedWithOtherToolsChanges() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Path clip = Files.copy(TestMedia.shortClip(), lib.resolve("clip.mp4"));
        Path sidecar = lib.resolve("clip.xmp");
        try (Dam dam = open(tmp.resolve("home"), true)) {
            DamTesting.scan(dam, lib);
            long id = DamTesting.at(dam, clip).asset().id();
            assertThat(sidecar).doesNotExist(); // nothing edited yet
            dam.assets().update(id, AssetPatch.none().withFavourite(true), Actor.commandLine());
            assertThat(sidecar).doesNotExist(); // XMP has no favourite

            dam.assets().update(id, AssetPatch.none().withTitle("Dawn").withTags(List.of("Places/Europe/Lisbon", "boats"))
                    .withRating(5).withLabel("purple").withDescription("Fog"), Actor.commandLine());
            JsonNode j = exif(sidecar);
            assertThat(j.get("Title").asText()).isEqualTo("Dawn");
            assertThat(j.get("Description").asText()).isEqualTo("Fog");
            assertThat(j.get("Rating").asInt()).isEqualTo(5);
            assertThat(j.get("Label").asText()).isEqualTo("Purple");
            assertThat(j.get("HierarchicalSubject").asText()).isEqualTo("Places|Europe|Lisbon");
            assertThat(j.get("Subject").toString()).contains("Lisbon", "boats");
            assertThat(dam.xmp().status(id).lastSync()).isNotNull();

            // another tool edits the sidecar (and adds a property of its own); then we edit again
            Exiftool.run("-overwrite_original", "-XMP-xmp:Rating=1", "-XMP-photoshop:City=Lisbon",
                    "-XMP-dc:Title=Their title", sidecar.toString());
            DamTesting.age(sidecar, Duration.ofHours(1)); // before our next edit
            dam.assets().update(id, AssetPatch.none().withTitle("Our title"), Actor.commandLine());
            AssetDetails d = DamTesting.at(dam, clip);
            assertThat(d.asset().title()).isEqualTo("Our title"); // both changed it: ours is newer
            assertThat(d.asset().rating()).isEqualTo(1); // only they changed it: merged, not clobbered
            j = exif(sidecar);
            assertThat(j.get("Title").asText()).isEqualTo("Our title");
            assertThat(j.get("Rating").asInt()).isEqualTo(1);
            assertThat(j.get("City").asText()).isEqualTo("Lisbon");
            assertThat(dam.xmp().status(id).conflicts())
                    .containsExactly(new XmpConflict("title", "Our title", "Their title", "catalog"));

            // our own write is not read back as a change on the next scan
            int edits = dam.audit().query(null, null, "asset.edit", 100).size();
            DamTesting.scan(dam, lib);
            assertThat(dam.audit().query(null, null, "asset.edit", 100)).hasSize(edits);

            // a sidecar that cannot be written: a recorded error, the edit itself stands
            Path other = Files.copy(TestMedia.wav(), lib.resolve("other.wav"));
            DamTesting.scan(dam, lib);
            Files.createDirectory(lib.resolve("other.xmp")); // a folder where the sidecar would go
            long otherId = DamTesting.at(dam, other).asset().id();
            dam.assets().update(otherId, AssetPatch.none().withRating(3), Actor.commandLine());
            assertThat(DamTesting.at(dam, other).asset().rating()).isEqualTo(3);
            assertThat(dam.xmp().status(otherId).error()).contains("other.xmp").contains("directory");
            assertThat(Optional.ofNullable(dam.xmp().write(otherId, Actor.commandLine()).error())).isPresent();
        }
    }

    /** clip.xmp beside take1.mp4 and take1.wav may be either's: it is read into neither, and each writes its own. */
    @Test
    void aSidecarSharedByTwoMediaFilesIsNeithersAndAFirstWriteKeepsTheEdit() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Path mp4 = Files.copy(TestMedia.shortClip(), lib.resolve("take1.mp4"));
        Path wav = Files.copy(TestMedia.wav(), lib.resolve("take1.wav"));
        Path shared = lib.resolve("take1.xmp");
        Exiftool.run("-o", shared.toString(), "-XMP-dc:Title=Whose?", "-XMP-xmp:Rating=2");
        Path alone = Files.copy(TestMedia.shortClip(), lib.resolve("alone.mp4"));
        Files.write(alone, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        try (Dam dam = open(tmp.resolve("home"), true)) {
            ScanReport first = DamTesting.scan(dam, lib);
            assertThat(first.added()).isEqualTo(3);
            assertThat(DamTesting.at(dam, mp4).asset().title()).isEqualTo("take1");
            assertThat(DamTesting.at(dam, wav).asset().title()).isEqualTo("take1");
            assertThat(DamTesting.at(dam, mp4).asset().rating()).isZero();
            long mp4Id = DamTesting.at(dam, mp4).asset().id();
            long wavId = DamTesting.at(dam, wav).asset().id();

            dam.assets().update(mp4Id, AssetPatch.none().withTitle("Take one, picture"), Actor.commandLine());
            assertThat(exif(lib.resolve("take1.mp4.xmp")).get("Title").asText()).isEqualTo("Take one, picture");
            assertThat(exif(shared).get("Title").asText()).isEqualTo("Whose?"); // untouched
            DamTesting.age(lib.resolve("take1.mp4.xmp"), Duration.ofSeconds(-5));
            DamTesting.scan(dam, lib);
            assertThat(DamTesting.at(dam, wav).asset().title()).isEqualTo("take1"); // nothing of the picture's edit
            assertThat(DamTesting.at(dam, mp4).asset().title()).isEqualTo("Take one, picture");
            assertThat(dam.audit().query("xmp", null, "asset.edit", 100)).isEmpty();
            assertThat(dam.xmp().status(wavId).sidecar()).isEqualTo(lib.resolve("take1.wav.xmp").toString());

            // a sidecar not read yet (no scan since it came): the first write meets it unread;
            // the edit stands, what else it says is taken
            Exiftool.run("-o", lib.resolve("alone.xmp").toString(), "-XMP-dc:Title=Sidecar title", "-XMP-xmp:Rating=4",
                    "-XMP-xmp:Label=Red");
            long aloneId = DamTesting.at(dam, alone).asset().id();
            dam.assets().update(aloneId, AssetPatch.none().withTitle("Our title"), Actor.commandLine());
            AssetDetails a = DamTesting.at(dam, alone);
            assertThat(a.asset().title()).isEqualTo("Our title");
            assertThat(a.asset().rating()).isEqualTo(4);
            assertThat(a.asset().label().id()).isEqualTo("red");
            assertThat(exif(lib.resolve("alone.xmp")).get("Title").asText()).isEqualTo("Our title");
            assertThat(dam.xmp().status(aloneId).conflicts())
                    .containsExactly(new XmpConflict("title", "Our title", "Sidecar title", "catalog"));
        }
    }

    /**
     * Each copy of a clip has a sidecar of its own (a copied card folder): one asset, several sidecars.
     * Each is read once, and again only when its own size or time changed; a broken one is reported
     * once, not on every rescan.
     */
    @Test
    void copiesWithSidecarsOfTheirOwnAreReadAgainOnlyWhenTheyChange() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Path a = Files.createDirectories(lib.resolve("a"));
        Path b = Files.createDirectories(lib.resolve("b"));
        Path clipA = Files.copy(TestMedia.shortClip(), a.resolve("clip.mp4"));
        Path clipB = Files.copy(clipA, b.resolve("clip.mp4"));
        Exiftool.run("-o", a.resolve("clip.xmp").toString(), "-XMP-dc:Title=Harbour", "-XMP-xmp:Rating=4");
        Files.copy(a.resolve("clip.xmp"), b.resolve("clip.xmp"));
        Path brokenA = Files.copy(clipA, a.resolve("broken.mp4"));
        Files.write(brokenA, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND); // other content than clip.mp4
        Path brokenB = Files.copy(brokenA, b.resolve("broken.mp4"));
        for (Path dir : List.of(a, b)) {
            Files.writeString(dir.resolve("broken.xmp"), "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF/></x:xmpmeta>\n");
        }
        try (Dam dam = open(tmp.resolve("home"), false)) {
            ScanReport first = DamTesting.scan(dam, lib);
            assertThat(first.added()).isEqualTo(2);
            assertThat(DamTesting.at(dam, clipA).asset().id()).isEqualTo(DamTesting.at(dam, clipB).asset().id());
            assertThat(DamTesting.at(dam, brokenA).asset().id()).isEqualTo(DamTesting.at(dam, brokenB).asset().id());
            assertThat(DamTesting.at(dam, clipB).asset().title()).isEqualTo("Harbour");
            assertThat(first.problems()).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.error()).contains("broken.xmp is not valid XMP"));
            int edits = dam.audit().query("xmp", null, "asset.edit", 100).size();

            for (int i = 0; i < 2; i++) { // nothing changed: no sidecar is read, so none is reported or applied
                ScanReport again = DamTesting.scan(dam, lib);
                assertThat(again.problems()).isEmpty();
                assertThat(again.unchanged()).isEqualTo(4);
                assertThat(dam.audit().query("xmp", null, "asset.edit", 100)).hasSize(edits);
            }

            // one copy's sidecar changes: noticed by its stamp, though the media files are unchanged
            Exiftool.run("-overwrite_original", "-XMP-xmp:Rating=2", b.resolve("clip.xmp").toString());
            DamTesting.age(b.resolve("clip.xmp"), Duration.ofSeconds(-5));
            ScanReport changed = DamTesting.scan(dam, lib);
            assertThat(changed.added() + changed.updated()).isZero();
            assertThat(DamTesting.at(dam, clipA).asset().rating()).isEqualTo(2);
            assertThat(dam.xmp().status(DamTesting.at(dam, clipA).asset().id()).sidecar())
                    .isEqualTo(b.resolve("clip.xmp").toString());
            // and the other copy's, unchanged, does not take it back
            DamTesting.scan(dam, lib);
            assertThat(DamTesting.at(dam, clipA).asset().rating()).isEqualTo(2);
            assertThat(dam.audit().query("xmp", null, "asset.edit", 100)).hasSize(edits + 1);
        }
    }

    /** A keyword the restricted vocabulary does not know costs the sidecar nothing else. */
    @Test
    void anUnknownKeywordIsLeftOutAndTheRestApplied() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Path clip = Files.copy(TestMedia.shortClip(), lib.resolve("clip.mp4"));
        Exiftool.run("-o", lib.resolve("clip.xmp").toString(), "-XMP-dc:Title=Harbour", "-XMP-dc:Subject=Lisboa",
                "-XMP-dc:Subject=zzunknown", "-XMP-xmp:Rating=3", "-XMP-xmp:Label=Blue");
        try (Dam dam = open(tmp.resolve("home"), false)) {
            dam.vocabulary().add("Places/Europe/Lisbon", List.of("Lisboa"), null, Actor.commandLine());
            dam.vocabulary().setRestricted(true, Actor.commandLine());
            ScanReport r = DamTesting.scan(dam, lib);
            AssetDetails c = DamTesting.at(dam, clip);
            assertThat(c.asset().title()).isEqualTo("Harbour");
            assertThat(c.asset().rating()).isEqualTo(3);
            assertThat(c.asset().label().id()).isEqualTo("blue");
            assertThat(c.tags()).containsExactly("Places/Europe/Lisbon");
            assertThat(dam.xmp().status(c.asset().id()).error()).contains("zzunknown").contains("not in the vocabulary");
            assertThat(r.problems()).anySatisfy(pr -> {
                assertThat(pr.path()).isEqualTo(clip.toString());
                assertThat(pr.error()).contains("clip.xmp").contains("zzunknown");
            });
            assertThat(r.skipped()).isZero(); // the sidecar went to the XMP step, it was not left out
        }
    }
}
