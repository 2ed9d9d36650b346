package org.thatdam.core.derive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The working folder of a node with a shared store stays under its bound, losing the least recently used copies first. */
class DerivativeCacheTest {

    @TempDir Path root;

    Path file(String name, int bytes, Duration usedAgo, Instant now) throws Exception {
        Path f = root.resolve("ab/cd/1").resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[bytes]);
        Files.getFileAttributeView(f, BasicFileAttributeView.class).setTimes(null, FileTime.from(now.minus(usedAgo)), null);
        return f;
    }

    @Test
    void theLeastRecentlyUsedCopiesGoUntilTheFolderFitsButRecentOnesStay() throws Exception {
        Instant now = Instant.now();
        Path oldest = file("a.jpg", 400, Duration.ofDays(3), now);
        Path older = file("b.jpg", 400, Duration.ofDays(2), now);
        Path old = file("c.jpg", 400, Duration.ofDays(1), now);
        Path recent = file("d.mp4", 400, Duration.ofMinutes(5), now);
        Path working = file("e.mp4", 400, Duration.ZERO, now);
        DerivativeCache cache = new DerivativeCache(root, 500);

        assertThat(cache.trim(now)).isEqualTo(3);
        assertThat(oldest).doesNotExist();
        assertThat(older).doesNotExist();
        assertThat(old).doesNotExist();
        // used within the hour: kept, though 800 bytes are over the bound
        assertThat(recent).exists();
        assertThat(working).exists();
        assertThat(new DerivativeCache(root, 10_000).trim(now)).isZero();
    }
}
