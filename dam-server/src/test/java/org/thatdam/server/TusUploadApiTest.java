package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUploader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.testing.TestClock;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.JobState;
import org.thatdam.model.Role;

/**
 * The tus 1.0 endpoint on a real server, by raw HTTP requests (each extension: creation,
 * creation-with-upload, termination, expiration, checksum), by a raw socket cut mid-body (resume),
 * and by a tus client the project did not write ({@code tus-java-client}). Uploads land in the
 * default upload root (the library's {@code library/uploads/<date>/}) and are catalogued at once.
 */
class TusUploadApiTest {

    static final TestClock CLOCK = TestClock.now();
    static final long MIB = 1024 * 1024;

    /** The library holds one clip (so its content is a duplicate); limits small enough to test. */
    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.of("trip/clip.mp4", TestMedia::h264Mp4)).clock(CLOCK)
            .config(ConfigKey.UPLOADS_MAX_FILE_MB, "8").config(ConfigKey.UPLOADS_MAX_TOTAL_MB, "12");

    private final List<String> begun = new ArrayList<>();

    @AfterEach
    void cancelWhatIsLeft() {
        for (String location : begun) tus("DELETE", location, null);
    }

    // ------------------------------------------------------------------ core, creation, expiration

    @Test
    void optionsTellsVersionExtensionsLimitAndAlgorithms() {
        HttpResponse<String> r = tus("OPTIONS", TusRoutes.PATH, null);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(header(r, "Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(header(r, "Tus-Version")).isEqualTo("1.0.0");
        assertThat(header(r, "Tus-Extension").split(","))
                .contains("creation", "creation-with-upload", "termination", "expiration", "checksum");
        assertThat(header(r, "Tus-Max-Size")).isEqualTo(Long.toString(8 * MIB));
        assertThat(header(r, "Tus-Checksum-Algorithm").split(",")).contains("sha1", "md5", "crc32", "xxh64");
    }

    @Test
    void createAskAppendAndFinish() throws Exception {
        byte[] data = bytes(1000, 1);
        HttpResponse<String> created = tus("POST", TusRoutes.PATH, null, "Upload-Length", "1000",
                "Upload-Metadata", metadata(Map.of("filename", "notes.bin", "filetype", "application/octet-stream")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(header(created, "Tus-Resumable")).isEqualTo("1.0.0");
        String location = header(created, "Location");
        assertThat(location).matches("/api/v1/uploads/[A-Za-z0-9_-]{43}");
        begun.add(location);
        Instant expires = ZonedDateTime.parse(header(created, "Upload-Expires"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(expires).isAfter(CLOCK.instant().plus(Duration.ofHours(23)));

        HttpResponse<String> head = tus("HEAD", location, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Upload-Offset")).isEqualTo("0");
        assertThat(header(head, "Upload-Length")).isEqualTo("1000");
        assertThat(header(head, "Cache-Control")).isEqualTo("no-store");
        assertThat(header(head, "Upload-Metadata")).contains("filename " + b64("notes.bin"));
        assertThat(header(head, "Upload-Expires")).isNotNull();

        HttpResponse<String> first = patch(location, 0, slice(data, 0, 400));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(204);
        assertThat(header(first, "Upload-Offset")).isEqualTo("400");
        assertThat(header(first, "Upload-Expires")).isNotNull();

        HttpResponse<String> stale = patch(location, 0, slice(data, 0, 400));
        assertThat(stale.statusCode()).as("an offset the server does not have").isEqualTo(409);
        assertThat(stale.body()).contains("offset 400");
        HttpResponse<String> wrongType = tus("PATCH", location, slice(data, 400, 1000), "Upload-Offset", "400",
                "Content-Type", "application/octet-stream");
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(wrongType.body()).contains("application/offset+octet-stream");
        HttpResponse<String> noOffset = tus("PATCH", location, slice(data, 400, 1000), "Content-Type", TusRoutes.BYTES);
        assertThat(noOffset.statusCode()).isEqualTo(400);

        HttpResponse<String> last = patch(location, 400, slice(data, 400, 1000));
        assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
        assertThat(header(last, "Upload-Offset")).isEqualTo("1000");
        JsonNode result = result(location);
        assertThat(result.path("state").asText()).as(result.toString()).isEqualTo("received");
        assertThat(result.path("fileName").asText()).isEqualTo("notes.bin");
        Path placed = Path.of(result.path("path").asText());
        assertThat(placed).startsWith(live.dam().layout().libraryDir().resolve("uploads").toRealPath());
        assertThat(Files.readAllBytes(placed)).isEqualTo(data);
        assertThat(tus("HEAD", location, null).headers().firstValue("Upload-Offset")).hasValue("1000");
    }

    @Test
    void anotherVersionIsRefusedWith412() {
        HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri(TusRoutes.PATH)).header("Tus-Resumable", "0.2.2")
                .header("Upload-Length", "10").header("Upload-Metadata", metadata(Map.of("filename", "a.bin")))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(412);
        assertThat(header(r, "Tus-Version")).isEqualTo("1.0.0");
        assertThat(header(r, "Tus-Resumable")).isEqualTo("1.0.0");
        HttpResponse<String> none = live.send(HttpRequest.newBuilder(live.uri(TusRoutes.PATH)).header("Upload-Length", "10")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(none.statusCode()).isEqualTo(412);
        assertThat(none.body()).contains("Tus-Resumable: 1.0.0");
    }

    @Test
    void creationNeedsALengthAndAFileNameAndRefusesDeferredLength() {
        assertThat(tus("POST", TusRoutes.PATH, null, "Upload-Metadata", metadata(Map.of("filename", "a.bin"))).statusCode()).isEqualTo(400);
        HttpResponse<String> deferred = tus("POST", TusRoutes.PATH, null, "Upload-Defer-Length", "1",
                "Upload-Metadata", metadata(Map.of("filename", "a.bin")));
        assertThat(deferred.statusCode()).isEqualTo(400);
        assertThat(deferred.body()).contains("creation-defer-length");
        assertThat(tus("POST", TusRoutes.PATH, null, "Upload-Length", "-5").statusCode()).isEqualTo(400);
        assertThat(tus("POST", TusRoutes.PATH, null, "Upload-Length", "10").statusCode()).as("no file name").isEqualTo(422);
        assertThat(tus("POST", TusRoutes.PATH, null, "Upload-Length", "10", "Upload-Metadata", "filename !!!").statusCode())
                .as("not Base64").isEqualTo(400);
        assertThat(tus("POST", TusRoutes.PATH, null, "Upload-Length", "10", "Upload-Metadata",
                "filename " + b64("a") + ",filename " + b64("b")).statusCode()).as("a key twice").isEqualTo(400);
        assertThat(tus("POST", TusRoutes.PATH, null, "Upload-Length", "10", "Upload-Metadata",
                metadata(Map.of("filename", "a.bin", "batch", "bad\u202Ename"))).statusCode()).as("a batch name with a direction control")
                .isEqualTo(422);
        HttpResponse<String> folder = tus("POST", TusRoutes.PATH, null, "Upload-Length", "10", "Upload-Metadata",
                metadata(Map.of("filename", "a.bin", "folder", "/etc")));
        assertThat(folder.statusCode()).as("a folder outside every root").isEqualTo(400);
        assertThat(folder.body()).contains("not a library root");
    }

    @Test
    void creationWithUploadCataloguesAtOnceAndQueuesThePoster() throws Exception {
        byte[] clip = distinctClip(1);
        HttpResponse<String> r = tus("POST", TusRoutes.PATH, clip, "Upload-Length", Integer.toString(clip.length),
                "Upload-Metadata", metadata(Map.of("filename", "beach.mp4", "batch", "holiday")), "Content-Type", TusRoutes.BYTES);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(header(r, "Upload-Offset")).isEqualTo(Integer.toString(clip.length));
        JsonNode result = result(header(r, "Location"));
        assertThat(result.path("state").asText()).as(result.toString()).isEqualTo("catalogued");
        long asset = result.path("assetId").asLong();
        JsonNode details = live.getJson("/api/v1/assets/" + asset);
        assertThat(details.toString()).contains("holiday").contains("beach.mp4");
        assertThat(live.dam().jobs().list(JobState.QUEUED, 1000)).anySatisfy(j -> {
            assertThat(j.assetId()).isEqualTo(asset);
            assertThat(j.kind()).isEqualTo("poster");
        });
        List<JsonNode> audited = LiveServer.items(live.getJson("/api/v1/audit?action=upload&limit=100"));
        assertThat(audited).anySatisfy(e -> {
            assertThat(e.path("user").asText()).isEqualTo(LiveServer.ADMIN);
            assertThat(e.path("target").asText()).endsWith("/beach.mp4");
            assertThat(e.path("detail").asText()).contains("catalogued");
        });
    }

    @Test
    void terminationDeletesTheUpload() {
        String location = create(100, "gone.bin");
        assertThat(patch(location, 0, bytes(50, 2)).statusCode()).isEqualTo(204);
        Path part = live.dam().uploads().partOf(id(location));
        assertThat(part).exists();
        assertThat(tus("DELETE", location, null).statusCode()).isEqualTo(204);
        assertThat(part).doesNotExist();
        assertThat(tus("HEAD", location, null).statusCode()).isEqualTo(404);
        assertThat(patch(location, 50, bytes(50, 2)).statusCode()).isEqualTo(404);
        assertThat(tus("DELETE", location, null).statusCode()).isEqualTo(404);
    }

    @Test
    void anUnfinishedUploadExpiresAndIsSwept() {
        String location = create(100, "late.bin");
        assertThat(patch(location, 0, bytes(10, 3)).statusCode()).isEqualTo(204);
        Path part = live.dam().uploads().partOf(id(location));
        CLOCK.advance(Duration.ofHours(23));
        assertThat(tus("HEAD", location, null).statusCode()).as("within the expiry").isEqualTo(200);
        assertThat(patch(location, 10, bytes(10, 4)).statusCode()).as("a PATCH renews it").isEqualTo(204);
        CLOCK.advance(Duration.ofHours(23));
        assertThat(tus("HEAD", location, null).statusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofHours(2));
        assertThat(live.dam().uploads().sweep()).isPositive();
        assertThat(part).doesNotExist();
        assertThat(tus("HEAD", location, null).statusCode()).isEqualTo(404);
        assertThat(patch(location, 20, bytes(10, 5)).statusCode()).isEqualTo(404);
    }

    @Test
    void aPostMayStandInForPatchAndDelete() {
        String location = create(20, "override.bin");
        HttpResponse<String> r = tus("POST", location, bytes(20, 6), "X-HTTP-Method-Override", "PATCH", "Upload-Offset", "0",
                "Content-Type", TusRoutes.BYTES);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(header(r, "Upload-Offset")).isEqualTo("20");
        String other = create(20, "override2.bin");
        assertThat(tus("POST", other, null, "X-HTTP-Method-Override", "DELETE").statusCode()).isEqualTo(204);
        assertThat(tus("HEAD", other, null).statusCode()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ checksum

    @Test
    void checksumsOfEveryAlgorithmAreCheckedAndAMismatchKeepsNothing() throws Exception {
        byte[] data = bytes(4000, 7);
        String location = create(data.length, "sums.bin");
        int at = 0;
        for (String algorithm : List.of("sha1", "md5", "crc32", "xxh64")) {
            byte[] chunk = slice(data, at, at + 1000);
            HttpResponse<String> bad = tus("PATCH", location, chunk, "Upload-Offset", Integer.toString(at), "Content-Type",
                    TusRoutes.BYTES, "Upload-Checksum", algorithm + " " + Base64.getEncoder().encodeToString(digest(algorithm, bytes(1000, 99))));
            assertThat(bad.statusCode()).as(algorithm + " mismatch: " + bad.body()).isEqualTo(460);
            assertThat(header(tus("HEAD", location, null), "Upload-Offset")).as("nothing kept").isEqualTo(Integer.toString(at));
            HttpResponse<String> good = tus("PATCH", location, chunk, "Upload-Offset", Integer.toString(at), "Content-Type",
                    TusRoutes.BYTES, "Upload-Checksum", algorithm + " " + Base64.getEncoder().encodeToString(digest(algorithm, chunk)));
            assertThat(good.statusCode()).as(algorithm + ": " + good.body()).isEqualTo(204);
            at += 1000;
            assertThat(header(good, "Upload-Offset")).isEqualTo(Integer.toString(at));
        }
        assertThat(Files.readAllBytes(Path.of(result(location).path("path").asText()))).isEqualTo(data);
        byte[] first = bytes(10, 14);
        HttpResponse<String> withUpload = tus("POST", TusRoutes.PATH, first, "Upload-Length", "20", "Content-Type", TusRoutes.BYTES,
                "Upload-Metadata", metadata(Map.of("filename", "sums3.bin")),
                "Upload-Checksum", "crc32 " + Base64.getEncoder().encodeToString(digest("crc32", bytes(10, 15))));
        assertThat(withUpload.statusCode()).as("creation-with-upload, the checksum wrong").isEqualTo(460);
        begun.add(header(withUpload, "Location"));
        assertThat(headOffset(header(withUpload, "Location"))).isZero();
        String other = create(10, "sums2.bin");
        HttpResponse<String> unknown = tus("PATCH", other, bytes(10, 8), "Upload-Offset", "0", "Content-Type", TusRoutes.BYTES,
                "Upload-Checksum", "sha256 " + b64("x"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("sha1,md5,crc32,xxh64");
    }

    @Test
    void aWholeFileChecksumInTheMetadataIsVerified() throws Exception {
        byte[] data = bytes(300, 9);
        String wrong = "sha1 " + Base64.getEncoder().encodeToString(digest("sha1", bytes(300, 10)));
        HttpResponse<String> r = tus("POST", TusRoutes.PATH, data, "Upload-Length", "300", "Content-Type", TusRoutes.BYTES,
                "Upload-Metadata", metadata(Map.of("filename", "whole.bin", "checksum", wrong)));
        JsonNode result = result(header(r, "Location"));
        assertThat(result.path("state").asText()).isEqualTo("failed");
        assertThat(result.path("error").asText()).contains("sha1 checksum");
        String right = "md5 " + Base64.getEncoder().encodeToString(digest("md5", data));
        HttpResponse<String> ok = tus("POST", TusRoutes.PATH, data, "Upload-Length", "300", "Content-Type", TusRoutes.BYTES,
                "Upload-Metadata", metadata(Map.of("filename", "whole.bin", "checksum", right)));
        assertThat(result(header(ok, "Location")).path("state").asText()).isEqualTo("received");
    }

    // ------------------------------------------------------------------ resume, concurrency

    @Test
    void aCutConnectionKeepsWhatArrivedAndTheUploadResumes() throws Exception {
        byte[] data = bytes(300_000, 11);
        String location = create(data.length, "resumed.bin");
        Random random = new Random(42);
        long offset = 0;
        for (int cut = 0; cut < 3; cut++) {
            int send = 1 + random.nextInt(80_000);
            long from = offset;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", live.port()), 5000);
                OutputStream out = s.getOutputStream();
                out.write(("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1:" + live.port() + "\r\nAuthorization: Bearer "
                        + live.key(Role.ADMIN) + "\r\nTus-Resumable: 1.0.0\r\nContent-Type: " + TusRoutes.BYTES
                        + "\r\nUpload-Offset: " + from + "\r\nContent-Length: " + (data.length - from) + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(data, (int) from, send);
                out.flush();
            } // closed mid-body
            long expected = from + send;
            offset = awaitOffset(location, expected);
            assertThat(offset).as("cut %d: what arrived is kept", cut).isEqualTo(expected);
            long now = offset;
            // the cut request lets go of the upload just after its offset counts: an empty PATCH says when
            assertThat(await409Free(() -> patch(location, now, new byte[0])).statusCode()).isEqualTo(204);
        }
        long at = offset;
        HttpResponse<String> rest = await409Free(() -> patch(location, at, slice(data, (int) at, data.length)));
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(204);
        assertThat(Files.readAllBytes(Path.of(result(location).path("path").asText()))).isEqualTo(data);
    }

    @Test
    void oneUploadTakesOneWriterAtATime() throws Exception {
        String location = create(10_000, "busy.bin");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", live.port()), 5000);
            OutputStream out = s.getOutputStream();
            out.write(("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1:" + live.port() + "\r\nAuthorization: Bearer "
                    + live.key(Role.ADMIN) + "\r\nTus-Resumable: 1.0.0\r\nContent-Type: " + TusRoutes.BYTES
                    + "\r\nUpload-Offset: 0\r\nContent-Length: 10000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes(100, 12));
            out.flush();
            // the first request holds the upload while its body is still coming: its first bytes are in the file
            Path part = live.dam().uploads().partOf(id(location));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.size(part) < 100 && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            assertThat(Files.size(part)).isEqualTo(100);
            HttpResponse<String> second = patch(location, 0, bytes(10, 13));
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(second.body()).contains("another request");
        }
    }

    @Test
    void concurrentUploadsAllArriveWhole() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> done = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byte[] data = bytes(200_000, 20 + i);
                sent.add(data);
                String location = create(data.length, "together-" + i + ".bin");
                done.add(pool.submit(() -> {
                    for (int at = 0; at < data.length; at += 50_000) {
                        HttpResponse<String> r = patch(location, at, slice(data, at, Math.min(data.length, at + 50_000)));
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
                    }
                    return Files.readAllBytes(Path.of(result(location).path("path").asText()));
                }));
            }
            for (int i = 0; i < 4; i++) assertThat(done.get(i).get()).isEqualTo(sent.get(i));
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ names, limits, duplicates, access

    @Test
    void theClientsFileNameIsNeverTrusted() throws Exception {
        List<List<String>> expected = List.of(
                List.of("../../etc/passwd", "passwd"),
                List.of("..\\..\\windows\\win.ini", "win.ini"),
                List.of("CON.mp4", "_CON.mp4"),
                List.of("lpt1", "_lpt1"),
                List.of("a\u202Eb.mp4", "ab.mp4"),
                List.of("x\u0001y\n\u007f.bin", "xy.bin"),
                List.of(".hidden", "hidden"),
                List.of("trail. . ", "trail"),
                List.of("/", "upload"),
                List.of("clash.bin", "clash.bin"),
                List.of("clash.bin", "clash (2).bin"),
                List.of("sub/clash.bin", "clash (3).bin"));
        int n = 30;
        for (List<String> e : expected) {
            JsonNode result = upload(e.get(0), bytes(64, n++), Map.of());
            assertThat(result.path("fileName").asText()).as("name for %s", e.get(0)).isEqualTo(e.get(1));
            assertThat(Path.of(result.path("path").asText())).startsWith(live.dam().layout().libraryDir().toRealPath());
        }
        String longName = "é".repeat(200) + ".mov";
        String kept = upload(longName, bytes(64, n++), Map.of()).path("fileName").asText();
        assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(kept).endsWith(".mov").startsWith("éé");
        JsonNode nested = upload("f.bin", bytes(64, n++), Map.of("relativePath", "../../card/DCIM\\..\\100/f.bin"));
        assertThat(nested.path("path").asText()).endsWith("/card/DCIM/100/f.bin");
    }

    @Test
    void limitsAreA413SayingTheLimit() {
        HttpResponse<String> big = tus("POST", TusRoutes.PATH, null, "Upload-Length", Long.toString(9 * MIB),
                "Upload-Metadata", metadata(Map.of("filename", "big.mov")));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(LiveServer.parse(big.body()).path("error").path("message").asText()).contains("8 MiB").contains("uploads.max-file-mb");
        create(7 * MIB, "reserved.mov");
        HttpResponse<String> more = tus("POST", TusRoutes.PATH, null, "Upload-Length", Long.toString(6 * MIB),
                "Upload-Metadata", metadata(Map.of("filename", "more.mov")));
        assertThat(more.statusCode()).isEqualTo(413);
        assertThat(more.body()).contains("12 MiB").contains("uploads.max-total-mb");
        String small = create(10, "small.bin");
        HttpResponse<String> tooLong = patch(small, 0, bytes(11, 40));
        assertThat(tooLong.statusCode()).isEqualTo(413);
        assertThat(headOffset(small)).isZero();
    }

    @Test
    void anEmptyFileIsRefusedAndLeavesNothingBehind() throws Exception {
        Path staging = live.dam().uploads().partOf("x").getParent();
        long staged;
        try (var files = Files.list(staging)) {
            staged = files.count();
        }
        HttpResponse<String> empty = tus("POST", TusRoutes.PATH, null, "Upload-Length", "0",
                "Upload-Metadata", metadata(Map.of("filename", "empty.mp4")));
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(422);
        assertThat(LiveServer.parse(empty.body()).path("error").path("message").asText()).isEqualTo(
                "an empty file cannot be uploaded: it holds no footage");
        assertThat(header(empty, "Location")).isNull();
        try (var files = Files.list(staging)) {
            assertThat(files.count()).as("nothing staged").isEqualTo(staged);
        }
        assertThat(live.dam().layout().home().resolve("library/uploads").resolve(java.time.LocalDate.now(CLOCK).toString())
                .resolve("empty.mp4")).doesNotExist();
    }

    /** The server's limit on a request's headers (8 KiB together) bounds the metadata kept with each upload. */
    @Test
    void metadataIsBoundedByTheHeaderLimit() {
        HttpResponse<String> big = tus("POST", TusRoutes.PATH, null, "Upload-Length", "10",
                "Upload-Metadata", metadata(Map.of("filename", "a.bin", "filetype", "x".repeat(7000))));
        assertThat(big.statusCode()).as(big.body()).isEqualTo(431);
        assertThat(LiveServer.parse(big.body()).path("error").path("code").asText()).isEqualTo("too_large");
        HttpResponse<String> fits = tus("POST", TusRoutes.PATH, null, "Upload-Length", "10",
                "Upload-Metadata", metadata(Map.of("filename", "a.bin", "filetype", "x".repeat(5000))));
        assertThat(fits.statusCode()).as(fits.body()).isEqualTo(201);
        begun.add(header(fits, "Location"));
    }

    @Test
    void refusedFirstBytesAreAnsweredWithTheRefusalAndTheUploadGoesOn() throws Exception {
        byte[] data = bytes(20, 41);
        HttpResponse<String> tooLong = tus("POST", TusRoutes.PATH, bytes(30, 42), "Upload-Length", "20", "Content-Type", TusRoutes.BYTES,
                "Upload-Metadata", metadata(Map.of("filename", "long.bin")));
        assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(413);
        assertThat(LiveServer.parse(tooLong.body()).path("error").path("message").asText()).contains("needs only 20 more");
        String location = header(tooLong, "Location");
        assertThat(location).as("the upload exists: its Location is told").startsWith(TusRoutes.PATH + "/");
        begun.add(location);
        assertThat(header(tooLong, "Upload-Offset")).isEqualTo("0");
        assertThat(headOffset(location)).isZero();
        assertThat(patch(location, 0, data).statusCode()).isEqualTo(204);
        assertThat(Files.readAllBytes(Path.of(result(location).path("path").asText()))).isEqualTo(data);

        HttpResponse<String> mismatch = tus("POST", TusRoutes.PATH, data, "Upload-Length", "20", "Content-Type", TusRoutes.BYTES,
                "Upload-Metadata", metadata(Map.of("filename", "sum.bin")),
                "Upload-Checksum", "sha1 " + Base64.getEncoder().encodeToString(digest("sha1", bytes(20, 43))));
        assertThat(mismatch.statusCode()).isEqualTo(460);
        assertThat(mismatch.body()).contains("sha1");
        assertThat(header(mismatch, "Location")).isNotNull();
        begun.add(header(mismatch, "Location"));
        assertThat(header(mismatch, "Upload-Offset")).isEqualTo("0");
    }

    @Test
    void contentTheLibraryHasIsADuplicateAndDiscarded() throws Exception {
        byte[] clip = Files.readAllBytes(TestMedia.h264Mp4());
        JsonNode result = upload("again.mp4", clip, Map.of());
        assertThat(result.path("state").asText()).as(result.toString()).isEqualTo("duplicate");
        assertThat(result.path("duplicateOf").asLong()).isEqualTo(live.idOf("trip/clip.mp4"));
        assertThat(result.path("path").isNull()).isTrue();
        try (var files = Files.walk(live.dam().layout().libraryDir())) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("again"))).isEmpty();
        }
        assertThat(live.mediaDir().resolve("trip/clip.mp4")).exists();
    }

    @Test
    void anUploadIsOnlyItsOwnersAndNeedsAnEditor() {
        String location = create(10, "mine.bin");
        HttpResponse<String> other = live.send(HttpRequest.newBuilder(live.uri(location)).header("Tus-Resumable", "1.0.0")
                .header("Authorization", "Bearer " + live.key(Role.EDITOR)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(other.statusCode()).isEqualTo(404);
        HttpResponse<String> viewer = live.send(HttpRequest.newBuilder(live.uri(TusRoutes.PATH)).header("Tus-Resumable", "1.0.0")
                .header("Authorization", "Bearer " + live.key(Role.VIEWER)).header("Upload-Length", "1")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(viewer.statusCode()).isEqualTo(403);
        HttpResponse<String> crossSite = tus("POST", TusRoutes.PATH, null, "Upload-Length", "1", "Origin", "http://evil.example",
                "Upload-Metadata", metadata(Map.of("filename", "x.bin")));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(header(crossSite, "Tus-Resumable")).as("on a refusal too").isEqualTo("1.0.0");
        assertThat(header(viewer, "Tus-Resumable")).isEqualTo("1.0.0");
    }

    // ------------------------------------------------------------------ a client we did not write

    @Test
    void tusJavaClientUploadsAClipAndResumes() throws Exception {
        byte[] clip = distinctClip(2);
        Path file = Files.write(live.tmp().resolve("client-clip.mp4"), clip);
        TusClient client = new TusClient();
        client.setUploadCreationURL(live.uri(TusRoutes.PATH).toURL());
        client.setHeaders(Map.of("Authorization", "Bearer " + live.key(Role.EDITOR)));
        client.enableResuming(new TusURLMemoryStore());
        TusUpload upload = new TusUpload(file.toFile());
        upload.setMetadata(Map.of("filename", "client-clip.mp4", "batch", "from-client"));

        TusUploader first = client.resumeOrCreateUpload(upload);
        first.setChunkSize(8 * 1024);
        first.setRequestPayloadSize(16 * 1024);
        assertThat(first.uploadChunk()).isPositive(); // one request's worth, then the "connection" is gone
        first.finish(false);
        long sent = first.getOffset();
        assertThat(sent).isLessThan(clip.length);

        TusUploader again = client.resumeOrCreateUpload(upload);
        assertThat(again.getUploadURL()).isEqualTo(first.getUploadURL());
        assertThat(again.getOffset()).isEqualTo(sent);
        again.setChunkSize(64 * 1024);
        while (again.uploadChunk() > -1) {
            // until the server has it all
        }
        again.finish();
        // the upload is the editor's: only the editor sees what it became
        HttpResponse<String> r = live.send(HttpRequest.newBuilder(live.uri(again.getUploadURL().getPath() + "/result"))
                .header("Authorization", "Bearer " + live.key(Role.EDITOR)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = LiveServer.parse(r.body());
        assertThat(result.path("state").asText()).as(result.toString()).isEqualTo("catalogued");
        assertThat(Files.readAllBytes(Path.of(result.path("path").asText()))).isEqualTo(clip);
        assertThat(live.getJson("/api/v1/assets/" + result.path("assetId").asLong()).toString()).contains("from-client");
    }

    // ------------------------------------------------------------------ helpers

    /** A request with {@code Tus-Resumable: 1.0.0} and the admin's key; headers as name, value pairs. */
    private HttpResponse<String> tus(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(live.uri(path)).header("Tus-Resumable", "1.0.0")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return live.send(b);
    }

    private HttpResponse<String> patch(String location, long offset, byte[] body) {
        return tus("PATCH", location, body, "Upload-Offset", Long.toString(offset), "Content-Type", TusRoutes.BYTES);
    }

    private String create(long length, String name) {
        HttpResponse<String> r = tus("POST", TusRoutes.PATH, null, "Upload-Length", Long.toString(length),
                "Upload-Metadata", metadata(Map.of("filename", name)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String location = header(r, "Location");
        begun.add(location);
        return location;
    }

    /** Sends {@code data} in one creation-with-upload and answers the result. */
    private JsonNode upload(String name, byte[] data, Map<String, String> more) {
        Map<String, String> meta = new LinkedHashMap<>(more);
        meta.put("filename", name);
        HttpResponse<String> r = tus("POST", TusRoutes.PATH, data, "Upload-Length", Integer.toString(data.length),
                "Upload-Metadata", metadata(meta), "Content-Type", TusRoutes.BYTES);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return result(header(r, "Location"));
    }

    private JsonNode result(String location) {
        return live.getJson(location + "/result");
    }

    private long headOffset(String location) {
        return Long.parseLong(header(tus("HEAD", location, null), "Upload-Offset"));
    }

    /** Polls the offset until it is {@code expected} (the cut request is still being wound up) or a deadline passes. */
    private long awaitOffset(String location, long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        long offset;
        do {
            offset = headOffset(location);
        } while (offset != expected && System.nanoTime() < deadline);
        return offset;
    }

    /** Repeats a request while the upload is still held by a request that was cut (409), up to a deadline. */
    private static HttpResponse<String> await409Free(java.util.function.Supplier<HttpResponse<String>> request) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        HttpResponse<String> r;
        do {
            r = request.get();
        } while (r.statusCode() == 409 && r.body().contains("another request") && System.nanoTime() < deadline);
        return r;
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static String id(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    static String metadata(Map<String, String> values) {
        return String.join(",", values.entrySet().stream().map(e -> e.getKey() + " " + b64(e.getValue())).toList());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    /** The test clip with a few bytes of its own after it: still the same playable clip, but content the library does not have. */
    static byte[] distinctClip(int n) throws IOException {
        byte[] clip = Files.readAllBytes(TestMedia.h264Mp4());
        byte[] tail = ("\0\0\0\u0010free" + "%08d".formatted(n)).getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = java.util.Arrays.copyOf(clip, clip.length + tail.length);
        System.arraycopy(tail, 0, out, clip.length, tail.length);
        return out;
    }

    private static byte[] digest(String algorithm, byte[] data) throws Exception {
        return switch (algorithm) {
            case "sha1" -> MessageDigest.getInstance("SHA-1").digest(data);
            case "md5" -> MessageDigest.getInstance("MD5").digest(data);
            case "crc32" -> {
                CRC32 c = new CRC32();
                c.update(data);
                yield java.nio.ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
            }
            case "xxh64" -> java.nio.ByteBuffer.allocate(8)
                    .putLong(XXHashFactory.fastestJavaInstance().hash64().hash(data, 0, data.length, 0)).array();
            default -> throw new IllegalArgumentException(algorithm);
        };
    }
}
