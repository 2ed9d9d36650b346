package org.thatdam.storage.mhl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

class MultiHasherTest {

    @TempDir Path dir;

    private static Map<HashFormat, String> of(String text) {
        MultiHasher h = new MultiHasher(EnumSet.allOf(HashFormat.class));
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        h.update(b, 0, b.length);
        return h.digests();
    }

    @Test
    void knownVectors() {
        assertThat(of("")).containsEntry(HashFormat.XXH64, "ef46db3751d8e999")
                .containsEntry(HashFormat.MD5, "d41d8cd98f00b204e9800998ecf8427e")
                .containsEntry(HashFormat.SHA1, "da39a3ee5e6b4b0d3255bfef95601890afd80709")
                .containsEntry(HashFormat.C4, "c459dsjfscH38cYeXXYogktxf4Cd9ibshE3BHUo6a58hBXmRQdZrAkZzsWcbWtDg5oQstpDuni4Hirj75GEmTc1sFT");
        assertThat(of("abc")).containsEntry(HashFormat.XXH64, "44bc2cf5ad770999")
                .containsEntry(HashFormat.MD5, "900150983cd24fb0d6963f7d28e17f72")
                .containsEntry(HashFormat.SHA1, "a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(of("abc").get(HashFormat.C4)).hasSize(90).startsWith("c4");
    }

    @Test
    void oneStreamedPassEqualsWholeBufferHashes() throws Exception {
        byte[] content = new byte[3 * MultiHasher.BUFFER + 12_345];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("clip.bin"), content);
        long[] read = {0};
        Map<HashFormat, String> streamed = MultiHasher.hash(file, Set.of(HashFormat.XXH64, HashFormat.MD5), n -> read[0] += n);

        assertThat(read[0]).isEqualTo(content.length);
        assertThat(streamed).containsOnlyKeys(HashFormat.XXH64, HashFormat.MD5);
        assertThat(streamed.get(HashFormat.XXH64)).isEqualTo(String.format("%016x", LongHashFunction.xx().hashBytes(content)));
        assertThat(streamed.get(HashFormat.MD5)).isEqualTo(java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5").digest(content)));

        MultiHasher odd = new MultiHasher(Set.of(HashFormat.XXH64, HashFormat.MD5));
        for (int off = 0; off < content.length; off += 777) odd.update(content, off, Math.min(777, content.length - off));
        assertThat(odd.digests()).isEqualTo(streamed);
    }

    @Test
    void formatsParseByTheirTags() {
        assertThat(HashFormat.parse("XXH64")).isEqualTo(HashFormat.XXH64);
        assertThat(HashFormat.parse(" md5 ")).isEqualTo(HashFormat.MD5);
        assertThat(HashFormat.SHA1.tag()).isEqualTo("sha1");
        assertThatThrownBy(() -> HashFormat.parse("crc32")).isInstanceOf(DamException.class)
                .hasMessageContaining("unknown hash format 'crc32'")
                .satisfies(e -> assertThat(((DamException) e).code()).isEqualTo(ErrorCode.INVALID));
    }
}
