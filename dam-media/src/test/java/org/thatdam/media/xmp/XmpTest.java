package org.thatdam.media.xmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.testing.Exiftool;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.AssetKind;
import org.thatdam.storage.FileNames;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

class XmpTest {

    @TempDir
    Path dir;

    private static XmpValues values(byte[] packet) {
        return Xmp.values(Xmp.parse(packet, "test.xmp"));
    }

    private static JsonNode exifJson(Path file) throws Exception {
        return new ObjectMapper().readTree(Exiftool.run("-j", "-struct", "-XMP:all", file.toString())).get(0);
    }

    @Test
    void roundTripOfWhatWeWrite() {
        byte[] packet = Xmp.write((byte[]) null, "new.xmp", "Harbour at dawn", "Fog over the water", List.of("Places/Europe/Lisbon", "boats"), 4, "red");
        XmpValues v = values(packet);
        assertThat(v.title()).contains("Harbour at dawn");
        assertThat(v.description()).contains("Fog over the water");
        assertThat(v.tags()).contains(List.of("Places/Europe/Lisbon", "boats"));
        assertThat(v.rating()).contains(4);
        assertThat(v.label()).contains("red");
    }

    @Test
    void sidecarWrittenByExiftoolIsRead() throws Exception {
        Path sidecar = dir.resolve("clip.xmp");
        Exiftool.run("-o", sidecar.toString(), "-XMP-dc:Title=Interview A", "-XMP-dc:Description=First take",
                "-XMP-dc:Subject=Lisbon", "-XMP-dc:Subject=Europe", "-XMP-dc:Subject=Places", "-XMP-dc:Subject=night",
                "-XMP-lr:HierarchicalSubject=Places|Europe|Lisbon", "-XMP-xmp:Rating=4", "-XMP-xmp:Label=Red",
                "-XMP-xmpDM:LogComment=good light");
        XmpValues v = Sidecars.values(sidecar);
        assertThat(v.title()).contains("Interview A");
        assertThat(v.description()).contains("First take");
        // the flat levels of the hierarchical keyword are the same tag said again
        assertThat(v.tags()).contains(List.of("Places/Europe/Lisbon", "night"));
        assertThat(v.rating()).contains(4);
        assertThat(v.label()).contains("red");
        assertThat(v.logComment()).contains("good light");
    }

    @Test
    void ourSidecarIsReadByExiftoolAndKeepsOtherToolsProperties() throws Exception {
        Path sidecar = dir.resolve("photo.jpg.xmp");
        Exiftool.run("-o", sidecar.toString(), "-XMP-photoshop:City=Lisbon", "-XMP-dc:Title=old title",
                "-XMP-xmp:Rating=2");
        byte[] ours = Xmp.write(Sidecars.read(sidecar), "photo.jpg.xmp", "New title", "", List.of("Trips/2026", "sea"), 5, "purple");
        Files.write(sidecar, ours);
        JsonNode j = exifJson(sidecar);
        assertThat(j.get("Title").asText()).isEqualTo("New title");
        assertThat(j.get("City").asText()).isEqualTo("Lisbon");
        assertThat(j.get("Rating").asInt()).isEqualTo(5);
        assertThat(j.get("Label").asText()).isEqualTo("Purple");
        assertThat(j.get("HierarchicalSubject").toString()).contains("Trips|2026");
        assertThat(j.get("Subject").toString()).contains("2026", "sea");
        assertThat(j.has("Description")).isFalse();
        assertThat(Xmp.text(ours)).contains("x:xmptk=\"That DAM Toolbox\"").doesNotContain("Adobe XMP Core");
    }

    @Test
    void ratingsAndLabels() {
        assertThat(values(rdf("xmp:Rating=\"-1\"")).rating()).isEmpty(); // rejected: no such state here
        assertThat(values(rdf("xmp:Rating=\"7\"")).rating()).contains(5);
        assertThat(values(rdf("xmp:Rating=\"2.6\"")).rating()).contains(3);
        assertThat(values(rdf("xmp:Rating=\"many\"")).rating()).isEmpty();
        assertThat(values(rdf("xmp:Label=\"gReEn\"")).label()).contains("green");
        assertThat(values(rdf("xmp:Label=\"Approved\"")).label()).isEmpty();
        assertThat(values(rdf("xmp:Label=\"Approved\"")).isEmpty()).isTrue();
    }

    @Test
    void markersOfTheFileAndItsTracks() {
        String xml = """
                <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                 <rdf:Description rdf:about="" xmlns:xmpDM="http://ns.adobe.com/xmp/1.0/DynamicMedia/">
                  <xmpDM:Tracks><rdf:Bag><rdf:li rdf:parseType="Resource">
                    <xmpDM:trackName>Markers</xmpDM:trackName><xmpDM:frameRate>f25</xmpDM:frameRate>
                    <xmpDM:markers><rdf:Seq>
                      <rdf:li rdf:parseType="Resource"><xmpDM:startTime>50</xmpDM:startTime><xmpDM:name>Slate</xmpDM:name>
                        <xmpDM:comment>take 2</xmpDM:comment></rdf:li>
                    </rdf:Seq></xmpDM:markers></rdf:li></rdf:Bag></xmpDM:Tracks>
                 </rdf:Description></rdf:RDF></x:xmpmeta>""";
        XmpValues v = values(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(v.markers()).containsExactly(new XmpMarker("Slate", "50", 2.0, "take 2"));
    }

    @Test
    void embeddedInJpegPngAndMp4WrittenByExiftool() throws Exception {
        Path jpg = Files.copy(TestMedia.jpegWithExif(), dir.resolve("a.jpg"));
        Path png = Files.copy(TestMedia.png(), dir.resolve("b.png"));
        Path mp4 = Files.copy(TestMedia.shortClip(), dir.resolve("c.mp4"));
        Path mov = Files.copy(TestMedia.rotatedMov(), dir.resolve("d.mov"));
        for (Path f : List.of(jpg, png, mp4, mov)) {
            Exiftool.run("-overwrite_original", "-XMP-dc:Title=in " + f.getFileName(), "-XMP-dc:Subject=embedded",
                    "-XMP-xmp:Rating=3", f.toString());
            Optional<byte[]> packet = EmbeddedXmp.find(f);
            assertThat(packet).as(f.getFileName().toString()).isPresent();
            XmpValues v = values(packet.get());
            assertThat(v.title()).contains("in " + f.getFileName());
            assertThat(v.tags()).contains(List.of("embedded"));
            assertThat(v.rating()).contains(3);
        }
        assertThat(EmbeddedXmp.find(Files.copy(TestMedia.wav(), dir.resolve("e.wav")))).isEmpty();
        assertThat(EmbeddedXmp.find(Files.copy(TestMedia.shortClip(), dir.resolve("plain.mp4")))).isEmpty();
        assertThat(EmbeddedXmp.find(Files.copy(TestMedia.truncatedMp4(), dir.resolve("cut.mp4")))).isEmpty();
    }

    @Test
    void embeddedInTiffWrittenByExiftool() throws Exception {
        Path tif = dir.resolve("scan.tif");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(16, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "tiff",
                tif.toFile());
        Exiftool.run("-overwrite_original", "-XMP-dc:Title=in a TIFF", "-XMP-xmp:Label=Blue", tif.toString());
        XmpValues v = values(EmbeddedXmp.find(tif).orElseThrow());
        assertThat(v.title()).contains("in a TIFF");
        assertThat(v.label()).contains("blue");
    }

    @Test
    void quickTimeUserDataXmpAndBoxesThatLie() throws Exception {
        byte[] packet = Xmp.write((byte[]) null, "p", "in udta", "", List.of(), 2, "");
        byte[] xmpBox = box("XMP_", packet);
        Path mov = Files.write(dir.resolve("u.mov"), concat(box("ftyp", "qt  ".getBytes(StandardCharsets.US_ASCII)),
                box("mdat", new byte[1000]), box("moov", concat(box("mvhd", new byte[100]), box("udta", xmpBox)))));
        assertThat(values(EmbeddedXmp.find(mov).orElseThrow()).title()).contains("in udta");

        // a box claiming to be far larger than the file, and one claiming a size smaller than its header
        java.nio.ByteBuffer lie = java.nio.ByteBuffer.allocate(32).putInt(1).put("uuid".getBytes(StandardCharsets.US_ASCII))
                .putLong(1L << 40);
        Path big = Files.write(dir.resolve("big.mp4"), concat(box("ftyp", "isom".getBytes(StandardCharsets.US_ASCII)), lie.array()));
        assertThat(EmbeddedXmp.find(big)).isEmpty();
        Path tiny = Files.write(dir.resolve("tiny.mp4"), concat(box("ftyp", "isom".getBytes(StandardCharsets.US_ASCII)),
                new byte[] {0, 0, 0, 3, 'm', 'o', 'o', 'v'}));
        assertThat(EmbeddedXmp.find(tiny)).isEmpty();
    }

    @Test
    void aPacketBehindFiveGigabytesOfSparseMediaDataIsReachedByHeadersAlone() throws Exception {
        long mdat = 5L << 30;
        byte[] ftyp = box("ftyp", "isom".getBytes(StandardCharsets.US_ASCII));
        byte[] uuid = concat(hex16("BE7ACFCB97A942E89C71999491E3AFAC"),
                Xmp.write((byte[]) null, "p", "after the media data", "", List.of(), 0, ""));
        Path f = dir.resolve("long.mp4");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.write(ftyp);
            raf.write(java.nio.ByteBuffer.allocate(16).putInt(1).put("mdat".getBytes(StandardCharsets.US_ASCII)).putLong(mdat).array());
            raf.seek(ftyp.length + mdat); // a hole: nothing of it is ever written or read
            raf.write(box("uuid", uuid));
        }
        assertThat(values(EmbeddedXmp.find(f).orElseThrow()).title()).contains("after the media data");
    }

    private static byte[] hex16(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    private static byte[] box(String type, byte[] body) {
        return java.nio.ByteBuffer.allocate(8 + body.length).putInt(8 + body.length)
                .put(type.getBytes(StandardCharsets.US_ASCII)).put(body).array();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    @Test
    void hostileXmpIsRefusedWithAPreciseError() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>&e;</dc:title>"
                + "</rdf:Description></rdf:RDF></x:xmpmeta>";
        assertThatThrownBy(() -> values(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(XmpException.class).hasMessage("test.xmp is not valid XMP (it has a DOCTYPE, which is refused)");
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">&b;</x:xmpmeta>";
        assertThatThrownBy(() -> values(laughs.getBytes(StandardCharsets.UTF_8))).isInstanceOf(XmpException.class);
        assertThatThrownBy(() -> values("<x:xmpmeta".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(XmpException.class).hasMessageStartingWith("test.xmp is not valid XMP");

        Path huge = dir.resolve("huge.xmp");
        Files.write(huge, new byte[Xmp.MAX_PACKET + 1]);
        assertThatThrownBy(() -> Sidecars.values(huge)).isInstanceOf(XmpException.class)
                .satisfies(e -> assertThat(((DamException) e).code()).isEqualTo(ErrorCode.TOO_LARGE))
                .hasMessageContaining("huge.xmp is " + (Xmp.MAX_PACKET + 1) + " bytes");
    }

    @Test
    void sidecarNames() throws Exception {
        Path mov = Files.writeString(dir.resolve("clip.mov"), "x");
        assertThat(Sidecars.find(mov)).isEmpty();
        assertThat(Sidecars.newSidecar(mov, AssetKind.VIDEO)).isEqualTo(dir.resolve("clip.xmp"));
        assertThat(Sidecars.newSidecar(dir.resolve("p.jpg"), AssetKind.IMAGE)).isEqualTo(dir.resolve("p.jpg.xmp"));
        Path shared = Files.writeString(dir.resolve("clip.xmp"), "x");
        Files.writeString(dir.resolve("clip.txt"), "x"); // not media: clip.xmp is still clip.mov's alone
        assertThat(Sidecars.find(mov)).contains(shared);
        assertThat(Sidecars.mediaOf(shared, List.of(mov))).containsExactly(mov);

        // clip.wav beside it: clip.xmp may be either's, so it is neither's, and a new sidecar names its file
        Path wav = Files.writeString(dir.resolve("clip.wav"), "x");
        assertThat(Sidecars.find(mov)).isEmpty();
        assertThat(Sidecars.find(wav)).isEmpty();
        assertThat(Sidecars.mediaOf(shared, List.of(mov, wav))).isEmpty();
        assertThat(Sidecars.newSidecar(mov, AssetKind.VIDEO)).isEqualTo(dir.resolve("clip.mov.xmp"));
        assertThat(Sidecars.newSidecar(wav, AssetKind.AUDIO)).isEqualTo(dir.resolve("clip.wav.xmp"));
        Path own = Files.writeString(dir.resolve("clip.mov.xmp"), "x");
        assertThat(Sidecars.find(mov)).contains(own); // names one file
        assertThat(Sidecars.mediaOf(own, List.of(mov, wav))).containsExactly(mov);
    }

    /** Names that are not valid UTF-8: the sidecar's name is made of the media file's own bytes. */
    @Test
    void sidecarNamesOfRawBytes() throws Exception {
        Path media = TestMedia.copyToRawName(TestMedia.shortClip(), dir, TestMedia.latin1("caf\u00e9.mp4"));
        Path sidecar = TestMedia.copyToRawName(TestMedia.shortClip(), dir, TestMedia.latin1("caf\u00e9.xmp"));
        assertThat(Sidecars.find(media)).contains(sidecar);
        assertThat(Sidecars.newSidecar(media, AssetKind.VIDEO)).isEqualTo(sidecar);
        assertThat(FileNames.text(Sidecars.candidates(media).get(0))).isEqualTo(FileNames.text(media) + ".xmp");
        assertThat(Sidecars.mediaOf(sidecar, List.of(media))).containsExactly(media);
    }

    private static byte[] rdf(String attrs) {
        return ("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" " + attrs + "/>"
                + "</rdf:RDF></x:xmpmeta>").getBytes(StandardCharsets.UTF_8);
    }

}
