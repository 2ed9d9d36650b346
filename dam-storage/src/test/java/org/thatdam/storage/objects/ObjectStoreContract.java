package org.thatdam.storage.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * What every {@link ObjectStore} does, run against each kind: the local disk and a real S3 server.
 * Each test works under its own key prefix, so the tests of a class share one store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ObjectStoreContract {

    /** Multipart uploads start above 16 MiB: 40 MiB makes three parts, the last a short one. */
    static final int LARGE = 40 << 20;

    /** This class's scratch folder (made before the store: a local store lives in it). */
    Path temp;

    ObjectStore store;

    /** A new, empty store of the kind under test. */
    abstract ObjectStore newStore() throws Exception;

    /** Checks what {@link ObjectStore#presign} gave for an object holding {@code content}. */
    abstract void checkPresigned(java.util.Optional<java.net.URI> url, byte[] content) throws Exception;

    @BeforeAll
    void openStore() throws Exception {
        temp = Files.createTempDirectory("dam-objects-");
        store = newStore();
    }

    @AfterAll
    void closeStore() throws IOException {
        if (store != null) store.close();
        try (Stream<Path> files = Files.walk(temp)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aFileIsStoredWholeAndReadBack() throws Exception {
        byte[] content = bytes(10_000, 1);
        Path file = write("clip.bin", content);
        store.put("put/clip.bin", file);

        ObjectInfo info = store.stat("put/clip.bin").orElseThrow();
        assertThat(info.key()).isEqualTo("put/clip.bin");
        assertThat(info.size()).isEqualTo(content.length);
        assertThat(info.etag()).isNotBlank();
        assertThat(info.modified()).isNotNull();
        assertThat(read(store.open("put/clip.bin", 0, -1))).isEqualTo(content);

        // a rewrite replaces the object and changes its stamp
        byte[] other = bytes(5_000, 2);
        store.put("put/clip.bin", write("clip2.bin", other));
        ObjectInfo again = store.stat("put/clip.bin").orElseThrow();
        assertThat(again.size()).isEqualTo(other.length);
        assertThat(again.etag()).isNotEqualTo(info.etag());
        assertThat(read(store.open("put/clip.bin", 0, -1))).isEqualTo(other);
    }

    @Test
    void aStreamIsStoredForItsLengthAndLeftOpen() throws Exception {
        byte[] content = bytes(3_000, 3);
        InputStream in = new ByteArrayInputStream(content);
        store.put("stream/a.bin", in, 1_000);
        assertThat(read(store.open("stream/a.bin", 0, -1))).isEqualTo(java.util.Arrays.copyOf(content, 1_000));
        // the caller's stream is where the object ended, still open
        assertThat(in.read()).isEqualTo(content[1_000] & 0xff);

        store.put("stream/empty.bin", new ByteArrayInputStream(new byte[0]), 0);
        assertThat(store.stat("stream/empty.bin").orElseThrow().size()).isZero();
        assertThat(read(store.open("stream/empty.bin", 0, -1))).isEmpty();
    }

    @Test
    void aStreamShorterThanItsLengthStoresNothing() {
        assertThatThrownBy(() -> store.put("stream/short.bin", new ByteArrayInputStream(bytes(100, 4)), 500))
                .isInstanceOf(DamException.class);
        assertThat(store.stat("stream/short.bin")).isEmpty();
        assertThat(store.list("stream/short", null, 10).items()).isEmpty();
    }

    @Test
    void rangesReadPartsOfAnObject() throws Exception {
        byte[] content = bytes(10_000, 5);
        store.put("range/r.bin", write("r.bin", content));

        assertThat(read(store.open("range/r.bin", 100, 50))).isEqualTo(slice(content, 100, 50));
        assertThat(read(store.open("range/r.bin", 9_990, -1))).isEqualTo(slice(content, 9_990, 10));
        assertThat(read(store.open("range/r.bin", 9_990, 100))).as("a length past the end stops at the end").isEqualTo(slice(content, 9_990, 10));
        assertThat(read(store.open("range/r.bin", 0, 0))).isEmpty();
        assertThat(read(store.open("range/r.bin", 10_000, -1))).as("right at the end: nothing").isEmpty();
        assertThatThrownBy(() -> store.open("range/r.bin", 10_001, -1))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RANGE_NOT_SATISFIABLE));
        assertThatThrownBy(() -> store.open("range/r.bin", -1, 10))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));
    }

    @Test
    void fetchCopiesAtomicallyAndReplacesTheTarget() throws Exception {
        byte[] content = bytes(20_000, 6);
        store.put("fetch/f.bin", write("f.bin", content));
        Path dir = Files.createDirectories(temp.resolve("fetched"));
        Path target = dir.resolve("copy.bin");
        Files.writeString(target, "old");

        store.fetch("fetch/f.bin", target);
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(target);
        }

        Path none = dir.resolve("none.bin");
        assertThatThrownBy(() -> store.fetch("fetch/missing.bin", none))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void listingPagesThroughKeysInOrder() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) expected.add(String.format("list/k%02d", i));
        expected.add("list/sub/deeper/x");
        expected.add("list/é"); // after every ASCII key: keys sort by code point, as S3 sorts their UTF-8
        for (String key : expected) putSmall(key);
        putSmall("listing-elsewhere"); // shares the text "list" but not the prefix "list/"

        List<String> seen = new ArrayList<>();
        int pages = 0;
        String after = null;
        do {
            ObjectPage page = store.list("list/", after, 5);
            assertThat(page.items().size()).isLessThanOrEqualTo(5);
            page.items().forEach(o -> seen.add(o.key()));
            after = page.next();
            pages++;
        } while (after != null && pages < 100);
        assertThat(seen).containsExactlyElementsOf(expected.stream().sorted(ObjectKeys.ORDER).toList());
        assertThat(pages).isEqualTo(5);

        ObjectPage all = store.list("list/", null, expected.size());
        assertThat(all.items()).hasSize(expected.size());
        assertThat(all.next()).as("a page that ends with the last key has no next").isNull();

        assertThat(store.list("list/k1", null, 100).items()).extracting(ObjectInfo::key)
                .containsExactly("list/k10", "list/k11", "list/k12", "list/k13", "list/k14", "list/k15", "list/k16", "list/k17", "list/k18", "list/k19");
        assertThat(store.list("list/sub/", null, 100).items()).extracting(ObjectInfo::key).containsExactly("list/sub/deeper/x");
        assertThat(store.list("list/k05", "list/k05", 10).items()).isEmpty();
        assertThat(store.list("nothing-here/", null, 10)).isEqualTo(new ObjectPage(List.of(), null));
        ObjectInfo one = store.list("list/k07", null, 1).items().getFirst();
        assertThat(one).isEqualTo(store.stat("list/k07").orElseThrow());
    }

    @Test
    void keysSortByTheirWholeNameAcrossFolders() {
        // '-' and '.' sort before '/', '0' after it: a folder's keys fall between its neighbours' names
        List<String> keys = List.of("order/a-c", "order/a.d", "order/a/b", "order/a/c/d", "order/a0");
        for (String key : keys.reversed()) putSmall(key);
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            ObjectPage page = store.list("order/", after, 1);
            page.items().forEach(o -> seen.add(o.key()));
            after = page.next();
        } while (after != null && seen.size() < 10);
        assertThat(seen).containsExactlyElementsOf(keys);
        assertThat(store.list("order/a", "order/a.d", 10).items()).extracting(ObjectInfo::key)
                .containsExactly("order/a/b", "order/a/c/d", "order/a0");
        assertThat(store.list("order/a/", "order/a/b", 10).items()).extracting(ObjectInfo::key).containsExactly("order/a/c/d");
    }

    @Test
    void deleteRemovesOneObject() {
        putSmall("delete/one.bin");
        assertThat(store.delete("delete/one.bin")).isTrue();
        assertThat(store.stat("delete/one.bin")).isEmpty();
        assertThat(store.delete("delete/one.bin")).isFalse();
    }

    @Test
    void deletePrefixRemovesEverythingUnderIt() {
        for (int i = 0; i < 12; i++) putSmall("dp/a/" + i);
        putSmall("dp/b/c/d");
        putSmall("dpx/kept");
        assertThat(store.deletePrefix("dp/")).isEqualTo(13);
        assertThat(store.list("dp/", null, 100).items()).isEmpty();
        assertThat(store.stat("dpx/kept")).isPresent();
        assertThat(store.deletePrefix("dp/")).isZero();
    }

    @Test
    void presignedUrlsServeTheObject() throws Exception {
        byte[] content = bytes(4_000, 7);
        store.put("presign/p.bin", write("p.bin", content));
        checkPresigned(store.presign("presign/p.bin", Duration.ofMinutes(1)), content);
    }

    @Test
    void largeObjectsGoUpInPartsAndComeBackIdentical() throws Exception {
        Path large = temp.resolve("large.bin");
        String hash = writeLarge(large, LARGE);
        store.put("large/file.bin", large);
        assertThat(store.stat("large/file.bin").orElseThrow().size()).isEqualTo(LARGE);
        Path back = temp.resolve("back.bin");
        store.fetch("large/file.bin", back);
        assertThat(sha256(back)).isEqualTo(hash);

        // a range across the first part's end
        long boundary = S3ObjectStore.PART_SIZE;
        assertThat(read(store.open("large/file.bin", boundary - 10, 20))).isEqualTo(readRange(large, boundary - 10, 20));

        // from a stream: two parts, the second of 1 MiB
        Path smaller = temp.resolve("smaller.bin");
        String smallerHash = writeLarge(smaller, (int) S3ObjectStore.PART_SIZE + (1 << 20));
        try (InputStream in = Files.newInputStream(smaller)) {
            store.put("large/stream.bin", in, Files.size(smaller));
        }
        store.fetch("large/stream.bin", back);
        assertThat(sha256(back)).isEqualTo(smallerHash);
    }

    @Test
    void hostileKeysAreRefusedBeforeAnythingIsTouched() throws Exception {
        Path file = write("h.bin", bytes(10, 8));
        List<String> hostile = List.of("", "/etc/passwd", "../outside", "a/../../b", "..", ".", "a/./b", "a//b", "a/",
                "a\0b", "a\nb", "a\\b", "x".repeat(1025), "\uD800");
        for (String key : hostile) {
            assertInvalid(() -> store.put(key, file));
            assertInvalid(() -> store.put(key, new ByteArrayInputStream(new byte[1]), 1));
            assertInvalid(() -> store.stat(key));
            assertInvalid(() -> store.open(key, 0, -1));
            assertInvalid(() -> store.fetch(key, temp.resolve("x")));
            assertInvalid(() -> store.delete(key));
            assertInvalid(() -> store.presign(key, Duration.ofMinutes(1)));
        }
        for (String prefix : List.of("/", "/a", "../", "a/../", "a//", "a\0")) {
            assertInvalid(() -> store.list(prefix, null, 10));
            assertInvalid(() -> store.deletePrefix(prefix));
        }
        assertInvalid(() -> store.list("", null, 0));
        assertThat(store.list("", null, 1000).items()).extracting(ObjectInfo::key).noneMatch(k -> k.contains("outside") || k.contains("passwd"));
    }

    @Test
    void aMissingObjectIsNotFound() {
        assertThat(store.stat("missing/none.bin")).isEmpty();
        assertThatThrownBy(() -> store.open("missing/none.bin", 0, -1))
                .isInstanceOfSatisfying(DamException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains("missing/none.bin");
                });
        assertThatThrownBy(() -> store.open("missing/none.bin", 0, 0))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(store.delete("missing/none.bin")).isFalse();
    }

    @Test
    void describeNamesTheStoreWithoutSecrets() {
        assertThat(store.describe()).isNotBlank().doesNotContain("secret");
    }

    // --- helpers

    void putSmall(String key) {
        byte[] b = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        store.put(key, new ByteArrayInputStream(b), b.length);
    }

    static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID));
    }

    Path write(String name, byte[] content) throws IOException {
        return Files.write(temp.resolve(name), content);
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] slice(byte[] b, int from, int length) {
        return java.util.Arrays.copyOfRange(b, from, from + length);
    }

    static byte[] readRange(Path file, long offset, int length) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(length);
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                // until the range is read
            }
            return buf.array();
        }
    }

    static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    /** {@code size} bytes: a random MiB, then copies of it each with its index stamped in, so no two parts are alike. */
    static String writeLarge(Path file, int size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = bytes(1 << 20, 9);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0, i = 0; written < size; i++) {
                block[0] = (byte) i;
                block[block.length - 1] = (byte) (i >> 8);
                int n = Math.min(block.length, size - written);
                out.write(block, 0, n);
                sha.update(block, 0, n);
                written += n;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
