package org.thatdam.storage.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LocalObjectStoreTest extends ObjectStoreContract {

    Path base;

    @Override
    ObjectStore newStore() throws Exception {
        base = Files.createDirectories(temp.resolve("store"));
        return new LocalObjectStore(base);
    }

    @Override
    void checkPresigned(Optional<URI> url, byte[] content) {
        assertThat(url).as("the local disk has no URLs of its own").isEmpty();
    }

    @Test
    void objectsAreFilesUnderTheBase() throws Exception {
        putSmall("files/a/b.txt");
        assertThat(Files.readString(base.resolve("files/a/b.txt"))).isEqualTo("files/a/b.txt");
        assertThat(store.describe()).contains(base.toString());
    }

    @Test
    void nothingIsWrittenOutsideTheBase() throws Exception {
        Path file = write("escape.bin", new byte[] {1});
        for (String key : java.util.List.of("../escaped", "a/../../escaped", "/tmp/escaped")) {
            assertInvalid(() -> store.put(key, file));
        }
        assertThat(base.getParent().resolve("escaped")).doesNotExist();
        assertThat(Path.of("/tmp/escaped")).doesNotExist();
    }

    @Test
    void writesUnderWayAndFoldersAreNoObjects() throws Exception {
        putSmall("tmp/real.bin");
        Files.writeString(base.resolve("tmp/.real.bin.tmp-123"), "partial");
        Files.createDirectories(base.resolve("tmp/folder"));
        assertThat(store.list("tmp/", null, 10).items()).extracting(ObjectInfo::key).containsExactly("tmp/real.bin");
        assertThat(store.stat("tmp/folder")).isEmpty();
        assertThat(store.delete("tmp/folder")).isFalse();
    }

    @Test
    void aFailedStreamLeavesNoTemporaryFile() throws Exception {
        Files.createDirectories(base.resolve("fail"));
        try {
            store.put("fail/x.bin", new java.io.ByteArrayInputStream(new byte[3]), 10);
        } catch (org.thatdam.model.DamException expected) {
            // checked by the contract
        }
        try (Stream<Path> files = Files.list(base.resolve("fail"))) {
            assertThat(files).isEmpty();
        }
    }
}
