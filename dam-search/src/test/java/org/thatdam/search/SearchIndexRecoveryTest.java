package org.thatdam.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.thatdam.search.TestAssets.asset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What open() does with directories that hold something other than a healthy index. */
class SearchIndexRecoveryTest {

    @TempDir
    Path tmp;

    private static byte[] garbage(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** What the caller is expected to do: on SearchIndexException, delete and rebuild. */
    private static SearchIndex openOrRebuild(Path dir, List<IndexedAsset> catalog) throws IOException {
        try {
            return SearchIndex.open(dir);
        } catch (SearchIndexException e) {
            deleteTree(dir);
            SearchIndex index = SearchIndex.open(dir);
            index.rebuild(catalog);
            return index;
        }
    }

    @Test
    void createsAMissingDirectory() {
        Path dir = tmp.resolve("a/b/index");
        try (SearchIndex index = SearchIndex.open(dir)) {
            assertThat(index.count()).isZero();
            assertThat(index.search(SearchRequest.of("")).total()).isZero();
        }
        assertThat(dir).isDirectory();
    }

    @Test
    void theAppliedChangeLogPositionSurvivesReopening() {
        Path dir = tmp.resolve("index");
        try (SearchIndex index = SearchIndex.open(dir)) {
            assertThat(index.appliedSeq()).as("a new index has no position").isEqualTo(-1);
            index.rebuild(List.of(asset(1, "/m/a.mov").build()), 7);
            assertThat(index.appliedSeq()).isEqualTo(7);
        }
        try (SearchIndex index = SearchIndex.open(dir)) {
            assertThat(index.appliedSeq()).isEqualTo(7);
            index.upsert(asset(2, "/m/b.mov").build());
            index.commit(9);
            index.rebuild(List.of(asset(1, "/m/a.mov").build()));
            assertThat(index.appliedSeq()).as("a plain rebuild keeps the position").isEqualTo(9);
        }
        try (SearchIndex index = SearchIndex.open(dir)) {
            assertThat(index.appliedSeq()).isEqualTo(9);
            assertThat(index.count()).isEqualTo(1);
        }
    }

    @Test
    void garbageFilesAreACorruptIndex() throws IOException {
        Path dir = tmp.resolve("index");
        Files.createDirectories(dir);
        Files.write(dir.resolve("segments_1"), garbage(500));
        Files.write(dir.resolve("_0.cfs"), garbage(5000));
        assertThatThrownBy(() -> SearchIndex.open(dir)).isInstanceOf(SearchIndexException.class)
                .hasMessageContaining(dir.toString());
        try (SearchIndex index = openOrRebuild(dir, SearchIndexTest.library())) {
            assertThat(index.count()).isEqualTo(8);
        }
    }

    @Test
    void foreignFilesWithoutAnIndexAreRefused() throws IOException {
        Path dir = tmp.resolve("index");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> SearchIndex.open(dir)).isInstanceOf(SearchIndexException.class)
                .hasMessageContaining("no index");
    }

    @Test
    void aFileWhereTheDirectoryShouldBe() throws IOException {
        Path dir = tmp.resolve("index");
        Files.writeString(dir, "not a directory");
        assertThatThrownBy(() -> SearchIndex.open(dir)).isInstanceOf(SearchIndexException.class);
    }

    @Test
    void truncatedSegmentFilesAreACorruptIndex() throws IOException {
        Path dir = tmp.resolve("index");
        try (SearchIndex index = SearchIndex.open(dir)) {
            for (int i = 0; i < 200; i++) index.upsert(asset(i, "/a/clip" + i + ".mov").build());
            index.commit();
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith("segments")
                    && !p.getFileName().toString().equals("write.lock")).toList()) {
                byte[] b = Files.readAllBytes(f);
                Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
            }
        }
        assertThatThrownBy(() -> SearchIndex.open(dir)).isInstanceOf(SearchIndexException.class);
    }

    @Test
    void aCorruptSegmentsFileIsACorruptIndex() throws IOException {
        Path dir = tmp.resolve("index");
        try (SearchIndex index = SearchIndex.open(dir)) {
            index.upsert(asset(1, "/a/clip.mov").build());
            index.commit();
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) {
                byte[] b = Files.readAllBytes(f);
                b[b.length / 2] ^= 0x5a;
                Files.write(f, b);
            }
        }
        assertThatThrownBy(() -> SearchIndex.open(dir)).isInstanceOf(SearchIndexException.class);
    }

    @Test
    void anEmptyDirectoryBecomesAnIndex() throws IOException {
        Path dir = tmp.resolve("index");
        Files.createDirectories(dir);
        try (SearchIndex index = SearchIndex.open(dir)) {
            index.upsert(asset(1, "/a/clip.mov").build());
            index.commit();
        }
        try (SearchIndex index = SearchIndex.open(dir)) {
            assertThat(index.count()).isEqualTo(1);
        }
    }

    @Test
    void anotherSchemaVersionIsRebuilt() throws Exception {
        Path dir = tmp.resolve("index");
        try (SearchIndex index = SearchIndex.open(dir)) {
            index.upsert(asset(1, "/a/clip.mov").build());
            index.commit();
        }
        // rewrite the commit's user data as an older version would have left it
        try (var d = org.apache.lucene.store.FSDirectory.open(dir);
             var w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig())) {
            w.setLiveCommitData(java.util.Map.of(Schema.VERSION_KEY, "0").entrySet());
            w.commit();
        }
        assertThatThrownBy(() -> SearchIndex.open(dir)).isInstanceOf(SearchIndexException.class)
                .hasMessageContaining("schema version 0");
    }
}
