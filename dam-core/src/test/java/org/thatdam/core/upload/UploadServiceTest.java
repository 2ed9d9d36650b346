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
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;

/** The staging folder outlives the server: a restart keeps every upload resumable at its durable offset. */
class UploadServiceTest {

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
