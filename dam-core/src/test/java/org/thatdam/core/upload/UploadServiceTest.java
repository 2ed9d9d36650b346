package org.thatdam.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.openDam;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.SmallDisk;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * The staging folder outlives the server: a restart keeps every upload resumable at its durable offset.
 * Space and count limits on a real small disk.
 */
class UploadServiceTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aRestartKeepsUploadsResumableAndCutsBytesPastTheRecordedOffset() throws Exception {
        byte[] data = new byte[5000];
        new Random(1).nextBytes(data);
        Actor me = Actor.commandLine();
        String id;
        Path part;
        try (Dam dam = openDam(tmp.resolve("home"), "0")) {
            Upload u = dam.uploads().create(me, data.length, Map.of("filename", "kept.bin"));
            id = u.id();
            u = dam.uploads().append(me, id, 0, new ByteArrayInputStream(data, 0, 2000), 2000, null);
            assertThat(u.offset()).isEqualTo(2000);
            part = dam.uploads().partOf(id);
        }
        // a crash after bytes reached the file but before the offset was recorded
        Files.write(part, Arrays.copyOfRange(data, 2000, 2100), java.nio.file.StandardOpenOption.APPEND);
        try (Dam dam = openDam(tmp.resolve("home"), "0")) {
            assertThat(dam.uploads().get(me, id).offset()).isEqualTo(2000);
            assertThat(Files.size(part)).isEqualTo(2000);
            Upload done = dam.uploads().append(me, id, 2000, new ByteArrayInputStream(data, 2000, 3000), -1, null);
            assertThat(done.finished()).isTrue();
            assertThat(Files.readAllBytes(Path.of(done.result().path()))).isEqualTo(data);
            assertThat(part).doesNotExist();
        }
    }

    @Test
    void aCutRequestKeepsWhatArrivedUnlessItCarriedAChecksum() throws Exception {
        byte[] data = new byte[1000];
        new Random(2).nextBytes(data);
        Actor me = Actor.commandLine();
        try (Dam dam = openDam(tmp.resolve("home"), "0")) {
            String id = dam.uploads().create(me, data.length, Map.of("filename", "cut.bin")).id();
            assertThat(cut(dam, me, id, 0, data, 300, null)).isEqualTo(300);
            UploadChecksum sum = UploadChecksum.parse("md5 " + java.util.Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("MD5").digest(Arrays.copyOfRange(data, 300, 1000))));
            assertThat(cut(dam, me, id, 300, data, 200, sum)).as("all or nothing with a checksum").isEqualTo(300);
            assertThat(Files.size(dam.uploads().partOf(id))).isEqualTo(300);
        }
    }

    @Test
    void aNewUploadMustFitBesideWhatUnfinishedOnesStillNeed() throws Exception {
        Actor me = Actor.commandLine();
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 32); Dam dam = open(disk.dir().resolve("home"), 8)) {
            long free = disk.usable();
            long first = free - 8 * MIB - 4 * MIB; // leaves 4 MiB above the floor
            String id = dam.uploads().create(me, first, Map.of("filename", "first.mov")).id();
            DamTesting.assertCode(() -> dam.uploads().create(me, 5 * MIB, Map.of("filename", "second.mov")), ErrorCode.TOO_LARGE,
                    "promised to unfinished uploads");
            // what the first one has received is no longer promised but on disk: the sum stays the same
            byte[] some = new byte[(int) MIB];
            dam.uploads().append(me, id, 0, new ByteArrayInputStream(some), some.length, null);
            DamTesting.assertCode(() -> dam.uploads().create(me, 5 * MIB, Map.of("filename", "second.mov")), ErrorCode.TOO_LARGE,
                    "storage.min-free-mb");
            assertThat(dam.uploads().create(me, 2 * MIB, Map.of("filename", "small.mov")).offset()).isZero();
        }
    }

    @Test
    void bytesStopAtTheFloorAndWhatArrivedIsKept() throws Exception {
        Actor me = Actor.commandLine();
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 32); Dam dam = open(disk.dir().resolve("home"), 8)) {
            byte[] data = new byte[(int) (12 * MIB)];
            new Random(3).nextBytes(data);
            String id = dam.uploads().create(me, data.length, Map.of("filename", "big.mov")).id();
            Path filler = disk.fill("filler", 12 * MIB); // another program takes the space promised to the upload
            DamTesting.assertCode(() -> dam.uploads().append(me, id, 0, new ByteArrayInputStream(data), data.length, null),
                    ErrorCode.DISK_FULL, "the upload stopped at offset ");
            long kept = dam.uploads().get(me, id).offset();
            assertThat(kept).as("what arrived before the floor").isPositive().isLessThan(data.length);
            assertThat(disk.usable()).isGreaterThanOrEqualTo(8 * MIB);
            assertThat(Files.readAllBytes(dam.uploads().partOf(id))).isEqualTo(Arrays.copyOf(data, (int) kept));

            Files.delete(filler); // space returns: the upload continues where it stopped
            Upload done = dam.uploads().append(me, id, kept, new ByteArrayInputStream(data, (int) kept, data.length - (int) kept),
                    data.length - kept, null);
            assertThat(done.finished()).isTrue();
            assertThat(Files.readAllBytes(Path.of(done.result().path()))).isEqualTo(data);
        }
    }

    @Test
    void aUserMayHaveAThousandUnfinishedUploadsAndEmptyFilesAreRefused() throws Exception {
        Actor me = Actor.commandLine();
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 32); Dam dam = open(disk.dir().resolve("home"), 0)) {
            DamTesting.assertCode(() -> dam.uploads().create(me, 0, Map.of("filename", "empty.mp4")), ErrorCode.INVALID,
                    "an empty file cannot be uploaded");
            for (int i = 0; i < UploadService.MAX_UNFINISHED; i++) dam.uploads().create(me, 1, Map.of("filename", "f" + i + ".bin"));
            DamTesting.assertCode(() -> dam.uploads().create(me, 1, Map.of("filename", "one-more.bin")), ErrorCode.RATE_LIMITED,
                    "1000 unfinished uploads");
        }
    }

    private static Dam open(Path home, int minFreeMb) {
        return Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString(),
                ConfigKey.SCAN_SETTLE_SECONDS, "0", ConfigKey.STORAGE_MIN_FREE_MB, Integer.toString(minFreeMb))));
    }

    /** Appends {@code data} from {@code offset}, the stream failing after {@code arrive} bytes; answers the offset after. */
    private static long cut(Dam dam, Actor me, String id, long offset, byte[] data, int arrive, UploadChecksum sum) {
        InputStream in = new InputStream() {
            int at = (int) offset;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (at >= offset + arrive) throw new IOException("connection reset");
                int n = (int) Math.min(len, offset + arrive - at);
                System.arraycopy(data, at, b, off, n);
                at += n;
                return n;
            }
        };
        try {
            dam.uploads().append(me, id, offset, in, data.length - offset, sum);
        } catch (DamException expected) {
            // the request ended early
        }
        return dam.uploads().get(me, id).offset();
    }
}
