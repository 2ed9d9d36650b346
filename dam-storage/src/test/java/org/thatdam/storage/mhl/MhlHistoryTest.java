package org.thatdam.storage.mhl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.w3c.dom.ls.LSInput;

class MhlHistoryTest {

    private static final Instant T1 = Instant.parse("2026-03-01T10:15:30Z");
    private static final Instant T2 = Instant.parse("2026-03-02T08:00:00Z");

    @TempDir Path dir;

    static Path resource(String name) {
        try {
            return Path.of(MhlHistoryTest.class.getResource("/ascmhl/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** A copy of a reference example folder, so nothing a test does touches the resources. */
    static Path example(Path into, String scenario) throws Exception {
        Path from = resource(scenario + "/A002R2EC");
        Path to = into.resolve(scenario).resolve("A002R2EC");
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        return to;
    }

    /** A small "card": nested clips, names XML must escape, and OS clutter. */
    static Path card(Path into) throws Exception {
        Path root = Files.createDirectories(into.resolve("A001_card"));
        Files.createDirectories(root.resolve("DCIM/100CANON"));
        Files.writeString(root.resolve("DCIM/100CANON/MVI_0001.MOV"), "first clip");
        Files.writeString(root.resolve("DCIM/100CANON/MVI_0002.MOV"), "second clip, longer");
        Files.writeString(root.resolve("notes & <draft> ü.txt"), "x");
        Files.writeString(root.resolve(".DS_Store"), "clutter");
        Files.writeString(root.resolve("DCIM/._MVI_0001.MOV"), "clutter");
        Files.writeString(root.resolve("Thumbs.db"), "clutter");
        Files.createDirectories(root.resolve(".Trashes/501"));
        Files.writeString(root.resolve(".Trashes/501/old.MOV"), "clutter");
        return root;
    }

    static List<MhlFile> hashed(Path root, Set<HashFormat> formats, Instant when) throws Exception {
        List<MhlFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (MhlHistory.ignored(rel)) continue;
                List<MhlHash> hashes = new ArrayList<>();
                MultiHasher.hash(p, formats).forEach((f, v) -> hashes.add(new MhlHash(f, v, HashAction.ORIGINAL, when)));
                out.add(new MhlFile(rel, Files.size(p), Instant.parse("2026-02-28T12:00:00Z"), hashes));
            }
        }
        return out;
    }

    static Schema schema(String name) throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        // ASCMHLDirectory.xsd imports ASCMHL.xsd by its GitHub address: the local copy answers instead.
        f.setResourceResolver((type, ns, publicId, systemId, baseUri) ->
                systemId != null && systemId.endsWith("/ASCMHL.xsd") ? new LocalInput(resource("ASCMHL.xsd"), systemId) : null);
        return f.newSchema(resource(name).toFile());
    }

    static void validate(String xsd, Path xml) throws Exception {
        schema(xsd).newValidator().validate(new StreamSource(xml.toFile()));
    }

    @Test
    void aGenerationValidatesAgainstTheSchemasAndReadsBackAsWritten() throws Exception {
        Path root = card(dir);
        List<MhlFile> files = hashed(root, EnumSet.of(HashFormat.XXH64, HashFormat.MD5, HashFormat.SHA1), T1);
        MhlCreator creator = new MhlCreator(MhlCreator.TOOL, "1.2", "edit-bay", Optional.of("Ana"), Optional.of("card A001"));

        Path written = MhlHistory.open(root).addGeneration(files, MhlProcess.TRANSFER, creator, T1);

        assertThat(written.getFileName()).hasToString("0001_A001_card_2026-03-01_101530Z.mhl");
        validate("ASCMHL.xsd", written);
        validate("ASCMHLDirectory.xsd", root.resolve("ascmhl/ascmhl_chain.xml"));
        assertThat(files).extracting(MhlFile::path).containsExactly(
                "DCIM/100CANON/MVI_0001.MOV", "DCIM/100CANON/MVI_0002.MOV", "notes & <draft> ü.txt");

        MhlHistory read = MhlHistory.open(root);
        assertThat(read.generations()).singleElement().satisfies(g -> {
            assertThat(g.sequence()).isEqualTo(1);
            assertThat(g.created()).isEqualTo(T1);
            assertThat(g.creator()).isEqualTo(creator);
            assertThat(g.process()).isEqualTo(MhlProcess.TRANSFER);
            assertThat(g.files()).isEqualTo(files);
            assertThat(g.c4()).isEqualTo(MultiHasher.c4(written));
        });
        assertThat(read.latest()).containsOnlyKeys(files.stream().map(MhlFile::path).toList());

        // The next generation continues the numbering and the chain names both, each by its C4 id.
        Path second = read.addGeneration(files.subList(0, 1), MhlProcess.IN_PLACE, MhlCreator.ours(Optional.empty()), T2);
        assertThat(second.getFileName()).hasToString("0002_A001_card_2026-03-02_080000Z.mhl");
        validate("ASCMHL.xsd", second);
        validate("ASCMHLDirectory.xsd", root.resolve("ascmhl/ascmhl_chain.xml"));
        assertThat(chain(root)).containsExactly(
                Map.entry("0001_A001_card_2026-03-01_101530Z.mhl", MultiHasher.c4(written)),
                Map.entry("0002_A001_card_2026-03-02_080000Z.mhl", MultiHasher.c4(second)));
        MhlHistory again = MhlHistory.open(root);
        assertThat(again.generations()).extracting(MhlHistory.Generation::sequence).containsExactly(1, 2);
        assertThat(again.generations().get(1).creator().tool()).isEqualTo("That DAM Toolbox");
        assertThat(again.latest()).hasSize(3);
    }

    @Test
    void ourC4IdsAreTheReferenceToolsAndItsHistoriesRead() throws Exception {
        for (String scenario : List.of("scenario_03", "scenario_04")) {
            Path root = example(dir, scenario);
            Map<String, String> chain = chain(root);
            assertThat(chain).hasSize(2);
            for (Map.Entry<String, String> e : chain.entrySet()) {
                assertThat(c4(root.resolve("ascmhl").resolve(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
                assertThat(MultiHasher.c4(root.resolve("ascmhl").resolve(e.getKey()))).isEqualTo(e.getValue());
            }
            validate("ASCMHLDirectory.xsd", root.resolve("ascmhl/ascmhl_chain.xml"));

            MhlHistory h = MhlHistory.open(root);
            assertThat(h.generations()).hasSize(2);
            assertThat(h.generations().getFirst().creator().tool()).isEqualTo("ascmhl.py");
            assertThat(h.generations().getFirst().ignorePatterns()).contains(".DS_Store", "ascmhl");
            assertThat(h.latest()).containsOnlyKeys("Clips/A002C006_141024_R2EC.mov", "Clips/A002C007_141024_R2EC.mov", "Sidecar.txt");
        }
        MhlFile clip = MhlHistory.open(dir.resolve("scenario_03/A002R2EC")).latest().get("Clips/A002C006_141024_R2EC.mov");
        assertThat(clip.size()).isEqualTo(5);
        assertThat(clip.lastModified()).isEqualTo(Instant.parse("2020-01-15T13:00:00Z"));
        assertThat(clip.hashes()).containsExactly(
                new MhlHash(HashFormat.MD5, "f5ac8127b3b6b85cdc13f237c6005d80", HashAction.VERIFIED, Instant.parse("2020-01-17T14:30:00Z")),
                new MhlHash(HashFormat.XXH64, "0ea03b369a463d9d", HashAction.VERIFIED, Instant.parse("2020-01-17T14:30:00Z")));
        MhlFile sidecar = MhlHistory.open(dir.resolve("scenario_04/A002R2EC")).latest().get("Sidecar.txt");
        assertThat(sidecar.hashes()).singleElement().extracting(MhlHash::action).isEqualTo(HashAction.FAILED);
    }

    @Test
    void aHashListChangedAfterItWasWrittenIsNotTrusted() throws Exception {
        Path root = example(dir, "scenario_03");
        Path mhl = root.resolve("ascmhl/0001_A002R2EC_2020-01-16_091500Z.mhl");
        Files.writeString(mhl, Files.readString(mhl).replace("0ea03b369a463d9d", "0ea03b369a463d9e"));

        assertThatThrownBy(() -> MhlHistory.open(root)).isInstanceOf(DamException.class)
                .hasMessageContaining("ascmhl/0001_A002R2EC_2020-01-16_091500Z.mhl does not match the c4 id")
                .satisfies(e -> assertThat(((DamException) e).code()).isEqualTo(ErrorCode.CONFLICT));

        Files.delete(mhl);
        assertThatThrownBy(() -> MhlHistory.open(root)).isInstanceOf(DamException.class)
                .hasMessageContaining("which is missing");

        Files.delete(root.resolve("ascmhl/ascmhl_chain.xml"));
        assertThatThrownBy(() -> MhlHistory.open(root)).isInstanceOf(DamException.class)
                .hasMessageContaining("holds hash lists but no ascmhl_chain.xml");
    }

    @Test
    void hostileXmlIsRefusedWithAClearMessage() throws Exception {
        String bomb = """
                <?xml version="1.0"?>
                <!DOCTYPE hashlist [
                  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
                  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
                  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
                  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
                ]>
                <hashlist version="2.0" xmlns="urn:ASC:MHL:v2.0"><creatorinfo><hostname>&d;</hostname></creatorinfo></hashlist>
                """;
        String external = """
                <?xml version="1.0"?>
                <!DOCTYPE hashlist [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
                <hashlist version="2.0" xmlns="urn:ASC:MHL:v2.0"><creatorinfo><hostname>&x;</hostname></creatorinfo></hashlist>
                """;
        for (String xml : List.of(bomb, external)) {
            Path root = hostile(xml);
            assertThatThrownBy(() -> MhlHistory.open(root)).isInstanceOf(DamException.class)
                    .hasMessageContaining("0001_card_2026-01-01_000000Z.mhl is refused: it declares a DTD or entities")
                    .satisfies(e -> assertThat(((DamException) e).code()).isEqualTo(ErrorCode.INVALID));
        }
        assertThatThrownBy(() -> MhlHistory.open(hostile("not xml at all"))).isInstanceOf(DamException.class)
                .hasMessageContaining("is not well-formed ASC MHL XML").hasMessageNotContaining("Exception");
        assertThatThrownBy(() -> MhlHistory.open(hostile("<?xml version=\"1.0\"?><html/>"))).isInstanceOf(DamException.class)
                .hasMessageContaining("is not an ASC MHL v2 file: its root is <html>");
    }

    @Test
    void oversizeFilesAndTextsAreRefusedBeforeTheyFillTheMemory() throws Exception {
        // A 300 MiB chain (sparse: nothing is written), refused by its size before it is parsed.
        Path root = Files.createDirectories(dir.resolve("big/ascmhl")).getParent();
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("ascmhl/ascmhl_chain.xml").toFile(), "rw")) {
            f.setLength(300L << 20);
        }
        assertThatThrownBy(() -> MhlHistory.open(root)).isInstanceOf(DamException.class)
                .hasMessageContaining("ascmhl/ascmhl_chain.xml is refused: it is 300 MiB, more than the 16 MiB such a file may be here")
                .satisfies(e -> assertThat(((DamException) e).code()).isEqualTo(ErrorCode.INVALID));

        // A hash list over its limit, refused before it is even hashed for its c4 id.
        Path listed = hostile("<hashlist/>");
        try (RandomAccessFile f = new RandomAccessFile(listed.resolve("ascmhl/0001_card_2026-01-01_000000Z.mhl").toFile(), "rw")) {
            f.setLength(65L << 20);
        }
        assertThatThrownBy(() -> MhlHistory.open(listed)).isInstanceOf(DamException.class)
                .hasMessageContaining("ascmhl/0001_card_2026-01-01_000000Z.mhl is refused: it is 65 MiB, more than the 64 MiB")
                .satisfies(e -> assertThat(((DamException) e).code()).isEqualTo(ErrorCode.INVALID));

        // One text value of 1 MiB in an otherwise small, well-formed hash list.
        String path = "a".repeat(1 << 20);
        Path longText = hostile("""
                <?xml version="1.0" encoding="UTF-8"?>
                <hashlist version="2.0" xmlns="urn:ASC:MHL:v2.0">
                  <creatorinfo><creationdate>2026-01-01T00:00:00Z</creationdate><hostname>h</hostname></creatorinfo>
                  <hashes><hash><path size="1">%s</path><xxh64 action="original">0ea03b369a463d9d</xxh64></hash></hashes>
                </hashlist>
                """.formatted(path));
        assertThatThrownBy(() -> MhlHistory.open(longText)).isInstanceOf(DamException.class)
                .hasMessageContaining("0001_card_2026-01-01_000000Z.mhl is refused: the text of <path> near line 4 is longer than 64 KiB")
                .satisfies(e -> assertThat(((DamException) e).code()).isEqualTo(ErrorCode.INVALID));
        String chainPath = "b".repeat(100_000);
        Path chained = Files.createDirectories(dir.resolve("chained/ascmhl")).getParent();
        Files.writeString(chained.resolve("ascmhl/ascmhl_chain.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0">
                  <hashlist sequencenr="1"><path>%s</path><c4>c4x</c4></hashlist>
                </ascmhldirectory>
                """.formatted(chainPath));
        assertThatThrownBy(() -> MhlHistory.open(chained)).isInstanceOf(DamException.class)
                .hasMessageContaining("ascmhl/ascmhl_chain.xml is refused: the text of <path> near line 3 is longer than 64 KiB");
    }

    @Test
    void aChainCannotPointOutsideItsFolder() throws Exception {
        Path root = Files.createDirectories(dir.resolve("card/ascmhl")).getParent();
        Files.writeString(root.resolve("ascmhl/ascmhl_chain.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0">
                  <hashlist sequencenr="1"><path>../../etc/passwd</path><c4>c4x</c4></hashlist>
                </ascmhldirectory>
                """);
        assertThatThrownBy(() -> MhlHistory.open(root)).isInstanceOf(DamException.class)
                .hasMessageContaining("names '../../etc/passwd', which is not a file of ascmhl/");
    }

    @Test
    void namesXmlCannotHoldAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path root = Files.createDirectories(dir.resolve("card"));
        MhlFile bad = new MhlFile("clip\u0001.mov", 1, T1, List.of(new MhlHash(HashFormat.XXH64, "ef46db3751d8e999", HashAction.ORIGINAL, T1)));
        assertThatThrownBy(() -> MhlHistory.open(root).addGeneration(List.of(bad), MhlProcess.IN_PLACE, MhlCreator.ours(Optional.empty()), T1))
                .isInstanceOf(DamException.class).hasMessageContaining("cannot record a file name 'clip?.mov'");
        assertThat(root.resolve("ascmhl")).doesNotExist();
    }

    @Test
    void aGenerationAddedElsewhereSinceReadingIsNotOverwritten() throws Exception {
        Path root = card(dir);
        List<MhlFile> files = hashed(root, EnumSet.of(HashFormat.XXH64), T1);
        MhlHistory.open(root).addGeneration(files, MhlProcess.TRANSFER, MhlCreator.ours(Optional.empty()), T1);
        MhlHistory mine = MhlHistory.open(root);
        MhlHistory.open(root).addGeneration(files, MhlProcess.IN_PLACE, MhlCreator.ours(Optional.empty()), T2);

        assertThatThrownBy(() -> mine.addGeneration(files, MhlProcess.IN_PLACE, MhlCreator.ours(Optional.empty()), T2.plusSeconds(60)))
                .isInstanceOf(DamException.class).hasMessageContaining("was changed by another program while this one worked");
        assertThat(MhlHistory.open(root).generations()).hasSize(2);
    }

    @Test
    void clutterAndTheHistoryAreIgnoredAtAnyDepth() {
        assertThat(MhlHistory.ignored(".DS_Store")).isTrue();
        assertThat(MhlHistory.ignored("DCIM/._MVI_0001.MOV")).isTrue();
        assertThat(MhlHistory.ignored("System Volume Information/IndexerVolumeGuid")).isTrue();
        assertThat(MhlHistory.ignored("$RECYCLE.BIN/x")).isTrue();
        assertThat(MhlHistory.ignored("sub/ascmhl/0001_x.mhl")).isTrue();
        assertThat(MhlHistory.ignored("thumbs.db")).isTrue();
        assertThat(MhlHistory.ignored("DCIM/100CANON/MVI_0001.MOV")).isFalse();
        assertThat(MhlHistory.ignored("my.DS_Store.notes")).isFalse();
    }

    private Path hostile(String mhl) throws Exception {
        Path root = Files.createDirectories(dir.resolve("h" + System.nanoTime()).resolve("card"));
        Path file = Files.createDirectories(root.resolve("ascmhl")).resolve("0001_card_2026-01-01_000000Z.mhl");
        Files.writeString(file, mhl);
        Files.writeString(root.resolve("ascmhl/ascmhl_chain.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0">
                  <hashlist sequencenr="1"><path>%s</path><c4>%s</c4></hashlist>
                </ascmhldirectory>
                """.formatted(file.getFileName(), MultiHasher.c4(file)));
        return root;
    }

    /** The chain's entries (file → c4), read with a regular expression: independent of the code under test. */
    static Map<String, String> chain(Path root) throws Exception {
        String xml = Files.readString(root.resolve("ascmhl/ascmhl_chain.xml"));
        Matcher m = Pattern.compile("<path>([^<]+)</path>\\s*<c4>([^<]+)</c4>").matcher(xml);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        while (m.find()) out.put(m.group(1), m.group(2));
        return out;
    }

    /** C4 of a file computed here from its SHA-512, without the code under test. */
    private static String c4(Path file) throws Exception {
        byte[] sum = java.security.MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file));
        java.math.BigInteger v = new java.math.BigInteger(1, sum);
        String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        StringBuilder b = new StringBuilder();
        while (v.signum() > 0) {
            b.insert(0, alphabet.charAt(v.mod(java.math.BigInteger.valueOf(58)).intValue()));
            v = v.divide(java.math.BigInteger.valueOf(58));
        }
        return "c4" + "1".repeat(88 - b.length()) + b;
    }

    /** The local ASCMHL.xsd handed to the schema factory in place of its web address. */
    private record LocalInput(Path file, String systemId) implements LSInput {
        @Override public Reader getCharacterStream() { return null; }
        @Override public void setCharacterStream(Reader r) {}
        @Override public InputStream getByteStream() {
            try {
                return Files.newInputStream(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        @Override public void setByteStream(InputStream s) {}
        @Override public String getStringData() { return null; }
        @Override public void setStringData(String s) {}
        @Override public String getSystemId() { return systemId; }
        @Override public void setSystemId(String s) {}
        @Override public String getPublicId() { return null; }
        @Override public void setPublicId(String s) {}
        @Override public String getBaseURI() { return null; }
        @Override public void setBaseURI(String s) {}
        @Override public String getEncoding() { return StandardCharsets.UTF_8.name(); }
        @Override public void setEncoding(String s) {}
        @Override public boolean getCertifiedText() { return false; }
        @Override public void setCertifiedText(boolean b) {}
    }
}
