package org.thatdam.storage.mhl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.storage.mhl.VerifyReport.Mismatch;

class MhlVerifierTest {

    private static final Instant T1 = Instant.parse("2026-03-01T10:15:30Z");
    private static final Instant T2 = Instant.parse("2026-03-02T10:15:30Z");

    @TempDir Path dir;

    private Path sealed() throws Exception {
        Path root = MhlHistoryTest.card(dir);
        MhlHistory.open(root).addGeneration(MhlHistoryTest.hashed(root, EnumSet.of(HashFormat.XXH64), T1),
                MhlProcess.TRANSFER, MhlCreator.ours(Optional.empty()), T1);
        return root;
    }

    @Test
    void anUntouchedFolderVerifiesWithProgressUpToItsSize() throws Exception {
        Path root = sealed();
        List<Long> seen = new ArrayList<>();
        long[] total = {-1};
        VerifyReport r = MhlVerifier.verify(root, new MhlVerifier.Progress() {
            @Override
            public void start(int files, long totalBytes) {
                total[0] = totalBytes;
            }

            @Override
            public void bytesDone(long done) {
                seen.add(done);
            }
        });
        assertThat(r.ok()).isTrue();
        assertThat(r.checked()).isEqualTo(3);
        assertThat(r.bytes()).isEqualTo(10 + 19 + 1).isEqualTo(total[0]);
        assertThat(seen).isSorted().last().isEqualTo(30L);
        assertThat(r.missing()).isEmpty();
        assertThat(r.added()).isEmpty(); // clutter (.DS_Store, ._*, Thumbs.db, .Trashes) is not "new"
    }

    @Test
    void tamperingIsReportedByPath() throws Exception {
        Path root = sealed();
        Path clip = root.resolve("DCIM/100CANON/MVI_0002.MOV");
        byte[] b = Files.readAllBytes(clip);
        b[3] ^= 1;
        Files.write(clip, b);
        Files.delete(root.resolve("DCIM/100CANON/MVI_0001.MOV"));
        Files.writeString(root.resolve("DCIM/100CANON/MVI_0003.MOV"), "shot later");
        Files.writeString(root.resolve("DCIM/.DS_Store"), "more clutter");

        VerifyReport r = MhlVerifier.verify(root, n -> { });

        assertThat(r.ok()).isFalse();
        assertThat(r.changed()).containsExactly(new Mismatch("DCIM/100CANON/MVI_0002.MOV", HashFormat.XXH64,
                MultiHasher.hash(Files.write(dir.resolve("orig"), "second clip, longer".getBytes()), Set.of(HashFormat.XXH64)).get(HashFormat.XXH64),
                MultiHasher.hash(clip, Set.of(HashFormat.XXH64)).get(HashFormat.XXH64)));
        assertThat(r.missing()).containsExactly("DCIM/100CANON/MVI_0001.MOV");
        assertThat(r.added()).containsExactly("DCIM/100CANON/MVI_0003.MOV");
        assertThat(r.checked()).isEqualTo(2);
    }

    @Test
    void theReferenceToolsHistoriesVerify() throws Exception {
        VerifyReport good = MhlVerifier.verify(MhlHistoryTest.example(dir, "scenario_03"), n -> { });
        assertThat(good.ok()).isTrue();
        assertThat(good.checked()).isEqualTo(3);

        // Scenario 4: Sidecar.txt was damaged in transit and the second generation recorded the failure;
        // the trusted hash stays the original one.
        VerifyReport bad = MhlVerifier.verify(MhlHistoryTest.example(dir, "scenario_04"), n -> { });
        assertThat(bad.changed()).containsExactly(new Mismatch("Sidecar.txt", HashFormat.XXH64, "3ab5a4166b9bde44", "70d2cf31aaa3eac4"));
        assertThat(bad.missing()).isEmpty();
    }

    @Test
    void recordingAddsAnInPlaceGenerationLikeTheReferenceTool() throws Exception {
        Path root = sealed();
        Path clip = root.resolve("DCIM/100CANON/MVI_0002.MOV");
        Files.writeString(clip, "second clip, LONGER");
        Files.writeString(root.resolve("extra.txt"), "new");

        MhlVerifier.Recorded rec = MhlVerifier.record(root, EnumSet.of(HashFormat.XXH64), MhlCreator.ours(Optional.empty()), T2, MhlVerifier.Progress.NONE);

        assertThat(rec.report().changed()).extracting(Mismatch::path).containsExactly("DCIM/100CANON/MVI_0002.MOV");
        assertThat(rec.generation().getFileName().toString()).startsWith("0002_A001_card_");
        MhlHistory h = MhlHistory.open(root);
        assertThat(h.generations().getLast().process()).isEqualTo(MhlProcess.IN_PLACE);
        assertThat(h.latest().get("DCIM/100CANON/MVI_0001.MOV").hashes()).extracting(MhlHash::action).containsExactly(HashAction.VERIFIED);
        assertThat(h.latest().get("DCIM/100CANON/MVI_0002.MOV").hashes()).extracting(MhlHash::action).containsExactly(HashAction.FAILED);
        assertThat(h.latest().get("extra.txt").hashes()).extracting(MhlHash::action).containsExactly(HashAction.ORIGINAL);
        MhlHistoryTest.validate("ASCMHL.xsd", rec.generation());

        // A recorded failure does not make the damage trusted: the file still fails afterwards.
        assertThat(MhlVerifier.verify(root, n -> { }).changed()).extracting(Mismatch::path).containsExactly("DCIM/100CANON/MVI_0002.MOV");
    }

    @Test
    void aFolderWithoutHistoryIsAClearError() throws Exception {
        Path root = Files.createDirectories(dir.resolve("plain"));
        assertThatThrownBy(() -> MhlVerifier.verify(root, n -> { })).isInstanceOf(DamException.class)
                .hasMessageContaining("has no ASC MHL history (no ascmhl/ folder")
                .satisfies(e -> assertThat(((DamException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> MhlVerifier.verify(dir.resolve("nope"), n -> { })).isInstanceOf(DamException.class)
                .hasMessageContaining("no such folder");
    }

    @Test
    void anotherToolsIgnorePatternsAreHonoured() {
        var m = MhlVerifier.ignoreMatcher(List.of(".DS_Store", "*.tmp", "proxies/", "/Render/cache"));
        assertThat(m.matcher("a/b/x.tmp").matches()).isTrue();
        assertThat(m.matcher("proxies/clip.mov").matches()).isTrue();
        assertThat(m.matcher("day1/proxies/clip.mov").matches()).isTrue();
        assertThat(m.matcher("Render/cache/f").matches()).isTrue();
        assertThat(m.matcher("x/Render/cache/f").matches()).isFalse();
        assertThat(m.matcher("clip.tmp.mov").matches()).isFalse();
    }

    @Test
    void filesRecordedOnlyInFormatsWeDoNotComputeAreUncheckedNotVerified() throws Exception {
        Path root = Files.createDirectories(dir.resolve("card"));
        Files.writeString(root.resolve("a.mov"), "abc");
        Files.writeString(root.resolve("b.mov"), "");
        Path mhl = Files.createDirectories(root.resolve("ascmhl")).resolve("0001_card_2026-01-01_000000Z.mhl");
        Files.writeString(mhl, """
                <?xml version="1.0" encoding="UTF-8"?>
                <hashlist version="2.0" xmlns="urn:ASC:MHL:v2.0">
                  <creatorinfo><creationdate>2026-01-01T00:00:00Z</creationdate><hostname>h</hostname><tool version="1">other</tool></creatorinfo>
                  <processinfo><process>transfer</process></processinfo>
                  <hashes>
                    <hash><path size="3">a.mov</path><xxh128 action="original">06b05ab6733a618578af5f94892f3950</xxh128></hash>
                    <hash><path size="0">b.mov</path><xxh3 action="original">2d06800538d394c2</xxh3><xxh64 action="original">EF46DB3751D8E999</xxh64></hash>
                  </hashes>
                </hashlist>
                """);
        Files.writeString(root.resolve("ascmhl/ascmhl_chain.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0">
                  <hashlist sequencenr="1"><path>%s</path><c4>%s</c4></hashlist>
                </ascmhldirectory>
                """.formatted(mhl.getFileName(), MultiHasher.c4(mhl)));

        VerifyReport r = MhlVerifier.verify(root, n -> { });

        assertThat(r.unchecked()).containsExactly("a.mov");
        assertThat(r.checked()).isEqualTo(1); // b.mov, by its xxh64 (upper case hex read as lower case)
        assertThat(r.changed()).isEmpty();
        assertThat(r.ok()).isFalse();
    }
}
