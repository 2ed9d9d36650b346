package org.thatdam.core.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.thatdam.core.testing.DamTesting.assertCode;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.TestCard;
import org.thatdam.model.Actor;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.ImportRun;
import org.thatdam.model.LedgerEntry;
import org.thatdam.model.Location;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.mhl.HashAction;
import org.thatdam.storage.mhl.HashFormat;
import org.thatdam.storage.mhl.MhlFile;
import org.thatdam.storage.mhl.MhlHistory;
import org.thatdam.storage.mhl.MhlVerifier;
import org.thatdam.storage.mhl.MultiHasher;

class OffloadServiceTest {

    /** The large files of the main test's card (sparse: they cost no disk on the card); smaller elsewhere. */
    static final long LARGE = 64L << 20;
    static final long SMALLER = 16L << 20;

    @TempDir Path tmp;
    Dam dam;
    TestCard.Card card;
    Path library;

    @BeforeEach
    void setUp() throws IOException {
        dam = DamTesting.openDam(tmp);
        card = TestCard.create(tmp.resolve("CARD_A001"), SMALLER);
        library = Files.createDirectories(tmp.resolve("library"));
        dam.roots().addRoot(library, Actor.commandLine());
    }

    @AfterEach
    void tearDown() {
        dam.close();
    }

    @Test
    void aCardGoesToTwoDestinationsInOnePassVerifiedRecordedCataloguedWithMhl() throws Exception {
        card = TestCard.create(tmp.resolve("CARD_B001"), LARGE);
        Map<String, DamTesting.FileState> before = DamTesting.snapshot(card.root());
        Path a = library.resolve("shoot/A001");
        Files.createDirectories(a.getParent());
        Path b = tmp.resolve("backup-drive"); // not a root yet: the command line may make it one
        Map<HashFormat, String> real = Map.of();

        ImportReport r = dam.offload().run(request(List.of(a, b), Optional.of("Day 1"), Set.of(HashFormat.MD5)),
                Actor.commandLine(), null, p -> { }, () -> false);

        assertThat(r.ok()).as("%s", r.failures()).isTrue();
        assertThat(r.files()).isEqualTo(TestCard.FILES);
        assertThat(r.copied()).isEqualTo(TestCard.FILES);
        assertThat(r.skipped()).isZero();
        assertThat(r.addedRoots()).containsExactly(FileNames.text(b.toRealPath()));
        for (Path dest : List.of(a, b)) {
            for (String f : card.files()) {
                assertThat(Files.mismatch(card.root().resolve(f), dest.resolve(f))).as(f).isEqualTo(-1);
                assertThat(Files.getLastModifiedTime(dest.resolve(f))).isEqualTo(Files.getLastModifiedTime(card.root().resolve(f)));
            }
            for (String c : card.clutter()) assertThat(dest.resolve(c)).as(c).doesNotExist();
            try (Stream<Path> s = Files.walk(dest)) {
                assertThat(s.filter(p -> p.getFileName().toString().contains(".tmp-"))).isEmpty();
            }
            // The MHL: one generation, every file with xxh64 and md5 (original), valid against the ASC schema.
            MhlHistory h = MhlHistory.open(dest);
            Map<String, MhlFile> latest = h.latest();
            assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(card.files());
            String clip = card.clips().get(0);
            assertThat(latest.get(clip).hashes()).extracting(x -> x.format(), x -> x.action()).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(HashFormat.XXH64, HashAction.ORIGINAL),
                    org.assertj.core.groups.Tuple.tuple(HashFormat.MD5, HashAction.ORIGINAL));
            real = MultiHasher.hash(card.root().resolve(clip), Set.of(HashFormat.XXH64, HashFormat.MD5));
            assertThat(latest.get(clip).hash(HashFormat.XXH64).orElseThrow().value()).isEqualTo(real.get(HashFormat.XXH64));
            try (Stream<Path> s = Files.list(dest.resolve("ascmhl"))) {
                for (Path mhl : s.filter(p -> p.toString().endsWith(".mhl")).toList()) validate("ASCMHL.xsd", mhl);
            }
            validate("ASCMHLDirectory.xsd", dest.resolve("ascmhl/ascmhl_chain.xml"));
            assertThat(MhlVerifier.verify(dest, n -> { }).changed()).isEmpty();
        }
        // Catalogued at once with the batch, both copies as locations of one asset; the hash lists are not assets.
        AssetDetails clip = DamTesting.at(dam, a.resolve(card.clips().get(0)));
        assertThat(clip.asset().batch()).isEqualTo("Day 1");
        assertThat(clip.locations()).extracting(Location::path).containsExactlyInAnyOrder(
                FileNames.text(a.toRealPath().resolve(card.clips().get(0))), FileNames.text(b.toRealPath().resolve(card.clips().get(0))));
        DamTesting.scan(dam, a, b); // a scan of the destinations walks past their hash lists too
        assertThat(DamTesting.allLocations(dam)).extracting(Location::path).noneMatch(p -> p.contains("/ascmhl/"));
        // The ledger: one verified copy per destination, with the source, hashes, time and user.
        List<LedgerEntry> ledger = dam.offload().ledger(clip.asset().id());
        assertThat(ledger).hasSize(2);
        Map<HashFormat, String> hashes = real;
        assertThat(ledger).allSatisfy(e -> {
            assertThat(e.sourcePath()).isEqualTo(FileNames.text(card.root().toRealPath().resolve(card.clips().get(0))));
            assertThat(e.xxh64()).isEqualTo(hashes.get(HashFormat.XXH64));
            assertThat(e.md5()).isEqualTo(hashes.get(HashFormat.MD5));
            assertThat(e.batch()).isEqualTo("Day 1");
            assertThat(e.user()).isNotBlank();
            assertThat(e.importId()).isEqualTo(r.importId());
        });
        ImportRun run = dam.offload().find(r.importId()).orElseThrow();
        assertThat(run.state()).isEqualTo(ImportRun.DONE);
        assertThat(run.filesDone()).isEqualTo(TestCard.FILES);
        assertThat(run.bytesDone()).isEqualTo(r.bytes());
        // The card is untouched: same content, same times.
        assertThat(DamTesting.snapshot(card.root())).isEqualTo(before);

        // A second run copies nothing again; the destination files are the very same files.
        Object inode = Files.getAttribute(a.resolve(card.large().get(0)), "unix:ino");
        ImportReport again = dam.offload().run(request(List.of(a, b), Optional.of("Day 1"), Set.of(HashFormat.MD5)),
                Actor.commandLine(), null, p -> { }, () -> false);
        assertThat(again.ok()).isTrue();
        assertThat(again.skipped()).isEqualTo(TestCard.FILES);
        assertThat(again.copied()).isZero();
        assertThat(again.bytesCopied()).isZero();
        assertThat(Files.getAttribute(a.resolve(card.large().get(0)), "unix:ino")).isEqualTo(inode);
        assertThat(again.mhl()).as("nothing was hashed: no generation claims a verification").isEmpty();
        assertThat(generations(a)).isEqualTo(1);

        // Tampering with one copy: the MHL history names exactly that file.
        flipByte(b.resolve(card.files().get(10)), 100);
        org.thatdam.storage.mhl.VerifyReport v = MhlVerifier.verify(b, n -> { });
        assertThat(v.changed()).extracting(org.thatdam.storage.mhl.VerifyReport.Mismatch::path).containsExactly(card.files().get(10));
        assertThat(v.missing()).isEmpty();
    }

    @Test
    void aCopyDamagedBeforeItsReadBackIsCopiedAgainAndOneThatStaysBadFailsTheImportLoudly() throws Exception {
        Path a = library.resolve("A001");
        String once = card.files().get(5);
        String always = card.files().get(7);
        dam.offload().observeCopies((dest, attempt) -> {
            if (dest.endsWith(once) && attempt == 1) flipByte(dest, 3);
            if (dest.endsWith(always)) flipByte(dest, 0);
        });
        ImportReport r = dam.offload().run(request(List.of(a), Optional.empty(), Set.of()), Actor.commandLine(), null,
                p -> { }, () -> false);

        assertThat(r.state()).isEqualTo(ImportRun.FAILED);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo(always);
            assertThat(f.error()).contains("read back different from the source twice");
        });
        assertThat(Files.mismatch(card.root().resolve(once), a.resolve(once))).as("retried and good").isEqualTo(-1);
        assertThat(a.resolve(always)).as("no bad copy is left").doesNotExist();
        assertThat(MhlHistory.open(a).latest()).containsKey(once).doesNotContainKey(always);
        assertThat(r.batch()).isEqualTo("CARD_A001");
        ImportRun run = dam.offload().find(r.importId()).orElseThrow();
        assertThat(run.state()).isEqualTo(ImportRun.FAILED);
        assertThat(run.failures()).extracting(ImportRun.Failure::path).containsExactly(always);

        // Fixed (the destination disk was replaced): a new run copies just that file.
        dam.offload().observeCopies(null);
        ImportReport fixed = dam.offload().run(request(List.of(a), Optional.empty(), Set.of()), Actor.commandLine(), null,
                p -> { }, () -> false);
        assertThat(fixed.ok()).isTrue();
        assertThat(fixed.copied()).isEqualTo(1);
        assertThat(fixed.skipped()).isEqualTo(TestCard.FILES - 1);
    }

    @Test
    void anInterruptedImportResumesWithoutCopyingFinishedFilesAgain() throws Exception {
        Path a = library.resolve("A001");
        AtomicInteger started = new AtomicInteger();
        assertThatThrownBy(() -> dam.offload().run(request(List.of(a), Optional.empty(), Set.of()), Actor.commandLine(), null,
                p -> { }, () -> started.incrementAndGet() > 12)).isInstanceOf(CancellationException.class);
        ImportRun stopped = dam.offload().recent(1).get(0);
        assertThat(stopped.state()).isEqualTo(ImportRun.CANCELLED);
        int done = stopped.filesDone();
        assertThat(done).isBetween(1, TestCard.FILES - 1);

        ImportReport r = dam.offload().run(request(List.of(a), Optional.empty(), Set.of()), Actor.commandLine(), null,
                p -> { }, () -> false);
        assertThat(r.ok()).isTrue();
        assertThat(r.skipped()).isEqualTo(done);
        assertThat(r.copied()).isEqualTo(TestCard.FILES - done);
        assertThat(MhlHistory.open(a).latest()).hasSize(TestCard.FILES);
    }

    @Test
    void requestsThatCannotWorkAreRefusedBeforeAnythingIsCopied() throws IOException {
        OffloadService o = dam.offload();
        assertCode(() -> o.run(request(List.of(card.root().resolve("DCIM/copy")), Optional.empty(), Set.of()), Actor.commandLine(),
                null, p -> { }, () -> false), ErrorCode.INVALID, "is inside the source");
        assertCode(() -> o.run(new ImportRequest(library.resolve("A001").resolve("x"), List.of(library), Optional.empty(), Set.of()),
                Actor.commandLine(), null, p -> { }, () -> false), ErrorCode.NOT_FOUND, "does not exist");
        Files.createDirectories(library.resolve("inner"));
        assertCode(() -> o.run(new ImportRequest(library.resolve("inner"), List.of(library), Optional.empty(), Set.of()),
                Actor.commandLine(), null, p -> { }, () -> false), ErrorCode.INVALID, "is inside the destination");
        assertCode(() -> o.run(request(List.of(library, library.resolve("inner")), Optional.empty(), Set.of()),
                Actor.commandLine(), null, p -> { }, () -> false), ErrorCode.INVALID, "overlap");
        assertCode(() -> o.run(request(List.of(tmp.resolve("no/such/dir")), Optional.empty(), Set.of()), Actor.commandLine(),
                null, p -> { }, () -> false), ErrorCode.NOT_FOUND, "does not exist");
        Actor editor = new Actor(new Principal("ed", Role.EDITOR, Principal.Via.SESSION, 1L), "127.0.0.1");
        assertCode(() -> o.enqueue(new ImportRequest(library.resolve("inner"), List.of(tmp.resolve("elsewhere")), Optional.empty(),
                Set.of()), editor), ErrorCode.FORBIDDEN, "not inside a library root");
        assertCode(() -> new ImportRequest(card.root(), List.of(library), Optional.empty(), Set.of(HashFormat.C4)),
                ErrorCode.INVALID, "md5 and sha1; not 'c4'");
        assertThat(tmp.resolve("elsewhere")).doesNotExist();
        assertThat(o.recent(10)).isEmpty();
    }

    @Test
    void theSourceIsNeverTheLibrarysDataAndEditorsImportOnlyFromAllowedFolders() throws Exception {
        OffloadService o = dam.offload();
        Path home = tmp.resolve("home");
        Actor editor = new Actor(new Principal("ed", Role.EDITOR, Principal.Via.SESSION, 1L), "127.0.0.1");
        // Not even the command line copies the home (catalog with password hashes, server key) anywhere.
        for (Path source : List.of(home, tmp)) {
            assertCode(() -> o.run(new ImportRequest(source, List.of(library.resolve("x")), Optional.empty(), Set.of()),
                    Actor.commandLine(), null, p -> { }, () -> false), ErrorCode.INVALID, "library's own data folder");
        }
        // An editor: not from any folder of the server (a 0700 folder, /etc) ...
        assertCode(() -> o.enqueue(request(List.of(library.resolve("A001")), Optional.empty(), Set.of()), editor),
                ErrorCode.FORBIDDEN, "imports.sources");
        // ... but from a folder inside a library root.
        TestCard.Card inRoot = TestCard.create(library.resolve("cards/CARD_R1"), 1 << 20);
        long job = o.enqueue(new ImportRequest(inRoot.root(), List.of(library.resolve("R1")), Optional.empty(), Set.of()), editor);
        assertThat(job).isPositive();
        // The command line imports into the home's library folder (the default upload root), never its data.
        Files.createDirectories(home.resolve("library"));
        ImportReport r = o.run(request(List.of(home.resolve("library/A001")), Optional.empty(), Set.of()), Actor.commandLine(),
                null, p -> { }, () -> false);
        assertThat(r.ok()).as("%s", r.failures()).isTrue();
        assertCode(() -> o.run(request(List.of(home.resolve("derivatives/A001")), Optional.empty(), Set.of()),
                Actor.commandLine(), null, p -> { }, () -> false), ErrorCode.INVALID, "library's own data folder");
        assertCode(() -> o.run(request(List.of(tmp.resolve("typo/A001")), Optional.empty(), Set.of()),
                Actor.commandLine(), null, p -> { }, () -> false), ErrorCode.NOT_FOUND, "mkdir -p " + tmp.resolve("typo"));
    }

    @Test
    void aLinkedFolderInsideTheDestinationIsNeverWrittenThrough() throws Exception {
        Path a = Files.createDirectories(library.resolve("A001"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(a.resolve("DCIM"), outside);

        ImportReport r = dam.offload().run(request(List.of(a), Optional.empty(), Set.of()), Actor.commandLine(), null,
                p -> { }, () -> false);

        List<String> underDcim = card.files().stream().filter(f -> f.startsWith("DCIM/")).toList();
        assertThat(underDcim).isNotEmpty();
        assertThat(r.state()).isEqualTo(ImportRun.FAILED);
        assertThat(r.failures()).extracting(ImportRun.Failure::path).containsExactlyInAnyOrderElementsOf(underDcim);
        assertThat(r.failures()).allSatisfy(f -> assertThat(f.error()).contains("is a link"));
        try (Stream<Path> s = Files.walk(outside)) {
            assertThat(s.filter(Files::isRegularFile)).as("nothing went through the link").isEmpty();
        }
        assertThat(r.copied()).isEqualTo(card.files().size() - underDcim.size());
    }

    @Test
    void aRecordedCopyThatChangedFailsLoudlyAndIsNeitherReplacedNorListedAsVerified() throws Exception {
        Path a = library.resolve("A001");
        ImportReport first = dam.offload().run(request(List.of(a), Optional.empty(), Set.of()), Actor.commandLine(), null,
                p -> { }, () -> false);
        assertThat(first.ok()).isTrue();
        String damaged = card.files().get(3);
        String touched = card.files().get(4);
        Path copy = a.resolve(damaged);
        flipByte(copy, 1);
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
        Files.setLastModifiedTime(a.resolve(touched), java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
        byte[] bad = Files.readAllBytes(copy);

        ImportReport again = dam.offload().run(request(List.of(a), Optional.empty(), Set.of()), Actor.commandLine(), null,
                p -> { }, () -> false);

        assertThat(again.state()).isEqualTo(ImportRun.FAILED);
        assertThat(again.failures()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo(damaged);
            assertThat(f.error()).contains("changed since it was made").contains("not overwritten");
        });
        assertThat(Files.readAllBytes(copy)).as("left as it is").isEqualTo(bad);
        // The touched (identical) copy was read back: the new generation lists it alone, with a proof from this run.
        assertThat(generations(a)).isEqualTo(2);
        assertThat(again.copied()).isZero();
        assertThat(MhlHistory.open(a).latest().get(touched).hash(HashFormat.XXH64).orElseThrow().action())
                .isEqualTo(HashAction.VERIFIED);
        assertThat(MhlHistory.open(a).latest().get(damaged).hash(HashFormat.XXH64).orElseThrow().action())
                .isEqualTo(HashAction.ORIGINAL);
    }

    private static long generations(Path dest) throws IOException {
        try (Stream<Path> s = Files.list(dest.resolve("ascmhl"))) {
            return s.filter(p -> p.toString().endsWith(".mhl")).count();
        }
    }

    @Test
    void anImportJobRunsInTheEngineAndIsLinkedToItsRecord() throws Exception {
        card = TestCard.create(library.resolve("cards/CARD_J1"), SMALLER); // editors import from inside a root
        Actor editor = new Actor(new Principal("ed", Role.EDITOR, Principal.Via.SESSION, 1L), "127.0.0.1");
        long job = dam.offload().enqueue(request(List.of(library.resolve("A001")), Optional.of("Job day"), Set.of(HashFormat.SHA1)), editor);
        dam.engine().start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                .until(() -> dam.jobs().find(job).state().id(), s -> s.equals("done") || s.equals("failed"));
        assertThat(dam.jobs().find(job).state().id()).as(dam.jobs().find(job).error()).isEqualTo("done");
        ImportRun run = dam.offload().ofJob(job).orElseThrow();
        assertThat(run.user()).isEqualTo("ed");
        assertThat(run.hashes()).containsExactly("xxh64", "sha1");
        assertThat(run.filesDone()).isEqualTo(TestCard.FILES);
        assertThat(MhlHistory.open(library.resolve("A001")).latest().get(clip(card)).hash(HashFormat.SHA1)).isPresent();
    }

    private static String clip(TestCard.Card c) {
        return c.clips().get(0);
    }

    private ImportRequest request(List<Path> dests, Optional<String> batch, Set<HashFormat> hashes) {
        return new ImportRequest(card.root(), dests, batch, hashes);
    }

    static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int v = f.read();
            f.seek(at);
            f.write(v ^ 0x01);
        }
    }

    /** Validates against the ASC MHL schemas kept with the MHL library's tests. */
    static void validate(String xsd, Path xml) throws Exception {
        Path dir = Path.of(System.getProperty("user.dir")).resolveSibling("dam-storage/src/test/resources/ascmhl");
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        f.setResourceResolver((type, ns, publicId, systemId, baseUri) -> {
            if (systemId == null || !systemId.endsWith("/ASCMHL.xsd")) return null;
            var in = new org.w3c.dom.ls.LSInput() {
                public java.io.Reader getCharacterStream() { return null; }
                public void setCharacterStream(java.io.Reader r) { }
                public java.io.InputStream getByteStream() {
                    try {
                        return Files.newInputStream(dir.resolve("ASCMHL.xsd"));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                public void setByteStream(java.io.InputStream s) { }
                public String getStringData() { return null; }
                public void setStringData(String s) { }
                public String getSystemId() { return systemId; }
                public void setSystemId(String s) { }
                public String getPublicId() { return publicId; }
                public void setPublicId(String s) { }
                public String getBaseURI() { return baseUri; }
                public void setBaseURI(String s) { }
                public String getEncoding() { return null; }
                public void setEncoding(String s) { }
                public boolean getCertifiedText() { return false; }
                public void setCertifiedText(boolean b) { }
            };
            return in;
        });
        f.newSchema(dir.resolve(xsd).toFile()).newValidator().validate(new StreamSource(xml.toFile()));
    }
}
