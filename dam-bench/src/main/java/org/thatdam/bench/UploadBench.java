package org.thatdam.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.thatdam.core.json.Json;
import org.thatdam.core.serve.ServerEndpoint;

/**
 * Upload throughput over loopback: one large file of random bytes sent to a running {@code dam serve}
 * by {@code dam upload} (tus: creation, then PATCH requests growing from 4 to 64 MiB, each carrying
 * its xxh64, then the result) against {@code curl -T} sending the same bytes in one tus creation-with-upload
 * request (no checksum). Both end when the server has the whole file in the library. Ours is timed
 * by the command itself from the creation to the result (the JVM's start is not counted; the note
 * gives the whole process); curl's by its own {@code time_total}. Medians of a few runs; every run
 * is a new upload (the file's time changes, so the resume store does not skip it).
 */
final class UploadBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String MEASURE = "upload.tus-loopback vs curl";

    private UploadBench() {}

    static Section run(Peers peers, Path work, boolean quick) throws Exception {
        long size = (quick ? 128L : 512L) << 20;
        int runs = quick ? 3 : 5;
        String dam = Path.of("").toAbsolutePath().resolve("dam").toString();
        Path home = work.resolve("upload-home");
        deleteTree(home); // the bench's own library, made afresh
        Path input = randomFile(work.resolve("upload-" + (size >> 20) + "MiB.bin"), size);
        Path cache = work.resolve("upload-cache");
        deleteTree(cache);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bytes", size);
        json.put("runs", runs);
        List<Row> rows = new ArrayList<>();
        Process serve = new ProcessBuilder(dam, "serve", "--home", home.toString(), "--port", "0", "--no-scan", "--no-jobs")
                .redirectErrorStream(true).redirectOutput(work.resolve("upload-serve.log").toFile()).start();
        try {
            ServerEndpoint server = awaitEndpoint(home, serve);
            String note = String.format(Locale.ROOT, "%d MiB of random bytes to dam serve on 127.0.0.1, median of %d", size >> 20, runs);
            ours(dam, home, cache, input, 0); // untimed: the server's first upload
            Timed<double[][]> o = Timed.run("dam upload", () -> {
                double[][] r = new double[2][runs];
                for (int i = 0; i < runs; i++) {
                    double[] one = ours(dam, home, cache, input, i + 1);
                    r[0][i] = one[0];
                    r[1][i] = one[1];
                }
                return r;
            });
            double oursMBs = median(o.value()[0]);
            Map<String, Object> m = new LinkedHashMap<>();
            o.into(m);
            m.put("MBps", o.value()[0]);
            m.put("wholeProcessMBps", o.value()[1]);
            json.put("ours", m);
            note += String.format(Locale.ROOT, "; ours: PATCHes of 4 to 64 MiB with xxh64 (each flushed to disk by the server), %.0f MB/s counting the JVM's start",
                    median(o.value()[1]));
            if (o.disturbed()) note += String.format(Locale.ROOT, "; disturbed: other processes used %.2f cores", o.otherCores());
            if (!peers.curl.present()) {
                rows.add(Row.skipped(MEASURE, oursMBs, "MB/s", true, peers.curl.skipReason()));
            } else {
                curl(peers, server, input); // untimed
                Timed<double[]> c = Timed.run("curl", () -> {
                    double[] r = new double[runs];
                    for (int i = 0; i < runs; i++) r[i] = curl(peers, server, input);
                    return r;
                });
                Map<String, Object> p = new LinkedHashMap<>();
                c.into(p);
                p.put("MBps", c.value());
                json.put("curl", p);
                rows.add(Row.compare(MEASURE, oursMBs, median(c.value()), "MB/s", true,
                        note + "; curl: one creation-with-upload POST"));
            }
        } finally {
            serve.destroy(); // the server's own shutdown: lock and server.json released
            if (!serve.waitFor(30, TimeUnit.SECONDS)) serve.destroyForcibly();
            deleteTree(home.resolve("library"));
        }
        return new Section(json, rows);
    }

    /** One {@code dam upload}: [MB/s as the command timed it, MB/s of the whole process]. */
    private static double[] ours(String dam, Path home, Path cache, Path input, int run) throws Exception {
        // a new time is a new upload for the resume store
        Files.setLastModifiedTime(input, FileTime.from(Instant.parse("2020-01-01T00:00:00Z").plusSeconds(run)));
        ProcessBuilder pb = new ProcessBuilder(dam, "upload", input.toString(), "--home", home.toString(), "--json")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        long t = System.nanoTime();
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("dam upload failed (exit " + (p.isAlive() ? "none" : p.exitValue()) + ")");
        }
        double wall = (System.nanoTime() - t) / 1e9;
        JsonNode s = Json.mapper().readTree(out);
        long bytes = s.path("bytesSent").asLong();
        if (bytes != Files.size(input) || s.path("failed").asInt() != 0) throw new IllegalStateException("dam upload did not send the whole file: " + s);
        dropUploaded(s);
        return new double[] {bytes / s.path("seconds").asDouble() / 1e6, bytes / wall / 1e6};
    }

    /** One upload with curl in a single creation-with-upload request; MB/s by curl's own timing. */
    private static double curl(Peers peers, ServerEndpoint server, Path input) throws Exception {
        long size = Files.size(input);
        String name = Base64.getEncoder().encodeToString("curl.bin".getBytes(StandardCharsets.UTF_8));
        Cmd.Result r = Cmd.check(List.of(peers.curl.exe(), "-sS", "-o", "/dev/null", "-X", "POST", "-T", input.toString(),
                "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Length: " + size, "-H", "Content-Type: application/offset+octet-stream",
                "-H", "Upload-Metadata: filename " + name, "-H", "Authorization: Bearer " + server.localKey(), "-H", "Expect:",
                "-w", "%{http_code} %{time_total} %header{upload-offset} %header{location}", server.localUrl() + "/api/v1/uploads"), TIMEOUT);
        String[] w = r.text().strip().split(" ");
        if (w.length < 4 || !w[0].equals("201") || !w[2].equals(String.valueOf(size))) {
            throw new IllegalStateException("curl's upload did not complete: " + r.text());
        }
        // what the finished upload became, to remove its file from the bench's library
        Cmd.Result res = Cmd.check(List.of(peers.curl.exe(), "-sS", "-H", "Authorization: Bearer " + server.localKey(),
                server.localUrl() + w[3] + "/result"), TIMEOUT);
        dropPath(Json.mapper().readTree(res.stdout()).path("path").asText(null));
        return size / Double.parseDouble(w[1]) / 1e6;
    }

    /** The bench's library keeps no copies: each received file goes once measured (its disk is the bench's). */
    private static void dropUploaded(JsonNode summary) throws IOException {
        for (JsonNode f : summary.path("files")) dropPath(f.path("serverPath").asText(null));
    }

    private static void dropPath(String path) throws IOException {
        if (path != null) Files.deleteIfExists(Path.of(path));
    }

    private static ServerEndpoint awaitEndpoint(Path home, Process serve) throws Exception {
        Path json = home.resolve("server.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!serve.isAlive()) throw new IllegalStateException("dam serve ended (exit " + serve.exitValue() + "), see upload-serve.log");
            if (Files.isRegularFile(json)) {
                try {
                    ServerEndpoint e = Json.mapper().readValue(json.toFile(), ServerEndpoint.class);
                    if (e.port() > 0) return e;
                } catch (IOException partial) {
                    // written atomically, but read on the way in: again
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("dam serve did not publish server.json within 120 s");
    }

    /** {@code size} random bytes (kept between runs of the bench when already there). */
    private static Path randomFile(Path file, long size) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == size) return file;
        SplittableRandom rnd = new SplittableRandom(16);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                rnd.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
        return file;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
