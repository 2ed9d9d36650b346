package org.thatdam.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.thatdam.core.json.Json;
import org.thatdam.core.serve.ServerEndpoint;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.model.FrameRate;

/**
 * Live capture on loopback, with a running {@code dam serve} (no jobs, its own home):
 * <ul>
 *   <li>glass-to-glass preview latency: a network source served by ffmpeg (HTTP MPEG-TS, 1280x720 at 25 fps, x264
 *       zerolatency) whose pictures carry the wall clock in a strip of blocks ({@link ClockStrip}), read through the
 *       server's {@code preview.mjpeg} against the same stream read by an ffmpeg writing mpjpeg straight to us;</li>
 *   <li>CPU per previewed source: the server's CPU seconds per second (its ingest ffmpeg, and the JVM) while one
 *       viewer reads that preview, against the bare ffmpeg doing the same decode, scale and JPEG encode;</li>
 *   <li>start skew of two test sources recorded together, against one frame interval.</li>
 * </ul>
 * The serving ffmpeg's own CPU is no one's: it stands for the camera.
 */
final class CaptureBench {

    static final int FPS = 25;
    /** The server's defaults, given to the peer too. */
    static final int PREVIEW_WIDTH = 640;
    static final int PREVIEW_FPS = 15;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private CaptureBench() {}

    static Section run(FfmpegTools tools, Path work, boolean quick) throws Exception {
        int seconds = quick ? 10 : 30;
        int skewRuns = quick ? 3 : 10;
        Path home = work.resolve("capture-home");
        deleteTree(home); // the bench's own library, made afresh
        Files.createDirectories(home);
        Files.writeString(home.resolve("dam.toml"), """
                [capture]
                test-sources = 2
                min-free-mb = 0
                preview-width = %d
                preview-fps = %d
                [semantic]
                auto = false
                [watch]
                enabled = false
                """.formatted(PREVIEW_WIDTH, PREVIEW_FPS));
        String dam = Path.of("").toAbsolutePath().resolve("dam").toString();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", "HTTP MPEG-TS from ffmpeg on 127.0.0.1: testsrc2 1280x720 " + FPS + " fps + clock strip, libx264 ultrafast zerolatency, GOP 1 s");
        json.put("preview", PREVIEW_WIDTH + " px wide, " + PREVIEW_FPS + " fps");
        json.put("seconds", seconds);
        List<Row> rows = new ArrayList<>();
        Process serve = new ProcessBuilder(dam, "serve", "--home", home.toString(), "--port", "0", "--no-scan", "--no-jobs")
                .redirectErrorStream(true).redirectOutput(work.resolve("capture-serve.log").toFile()).start();
        try {
            Api api = new Api(awaitEndpoint(home, serve, work.resolve("capture-serve.log")));

            // 1 + 2: one previewed network source, ours, then the peer on a stream of its own (ffmpeg serves one client)
            Preview ours;
            try (Camera camera = Camera.start(tools)) {
                JsonNode source = api.post("/api/v1/capture/sources", Map.of("name", "bench clock", "url", camera.url()), 201);
                String id = source.path("id").asText();
                CpuLoad.waitQuiet(Timed.QUIET_CORES, 60);
                try (InputStream in = api.stream("/api/v1/capture/sources/" + id + "/preview.mjpeg")) {
                    ours = Preview.read(in, seconds, serve.toHandle());
                } finally {
                    api.delete("/api/v1/capture/sources/" + id);
                }
            }
            Preview peer;
            try (Camera camera = Camera.start(tools)) {
                CpuLoad.waitQuiet(Timed.QUIET_CORES, 60);
                peer = Preview.direct(tools, camera, seconds);
            }
            json.put("previewOurs", ours.json());
            json.put("previewPeer", peer.json());
            String how = String.format(Locale.ROOT, "1280x720 %d fps H.264 over HTTP on loopback to a %d px %d fps MJPEG preview; "
                    + "%d / %d pictures read (%d / %d unreadable stamps); peer: ffmpeg -fflags nobuffer -flags low_delay, fps+scale, "
                    + "mjpeg -q:v 5, -f mpjpeg to a pipe we read", FPS, PREVIEW_WIDTH, PREVIEW_FPS, ours.latencies().length,
                    peer.latencies().length, ours.misread(), peer.misread());
            for (int p : new int[] {50, 95}) {
                rows.add(Row.compare("capture.preview.latency vs ffmpeg-mpjpeg p" + p, percentile(ours.latencies(), p),
                        percentile(peer.latencies(), p), "ms", false, how + disturbed(ours, peer)));
            }
            rows.add(Row.compare("capture.preview.cpu per source vs ffmpeg", ours.cpuPerSec(), peer.cpuPerSec(), "cores", false,
                    String.format(Locale.ROOT, "CPU s per s over %d s of one viewer: ours = the server's ingest ffmpeg %.3f + its JVM %.3f "
                            + "(reading the sockets, serving the viewer; nothing else runs in it); peer: the bare ffmpeg's decode+scale+mjpeg",
                            seconds, ours.ffmpegCpuPerSec(), ours.cpuPerSec() - ours.ffmpegCpuPerSec()) + disturbed(ours, peer)));

            // 3: two test sources recorded together
            List<Double> skews = new ArrayList<>();
            double frameMs = Double.NaN;
            for (int i = 0; i < skewRuns; i++) {
                JsonNode started = api.post("/api/v1/capture/record", Map.of("sources", List.of("test-1", "test-2"),
                        "name", "bench skew " + i, "seconds", 2), 201);
                List<Instant> starts = new ArrayList<>();
                for (JsonNode t : started.path("takes")) {
                    JsonNode done = api.awaitTake(t.path("id").asLong());
                    starts.add(Instant.parse(done.path("startedAt").asText()));
                    frameMs = FrameRate.parse(done.path("frameRate").asText()).frameNanos() / 1e6;
                    dropFile(done.path("path").asText(null));
                }
                skews.add(Math.abs(Duration.between(starts.get(0), starts.get(1)).toNanos()) / 1e6);
            }
            double[] s = skews.stream().mapToDouble(Double::doubleValue).toArray();
            Map<String, Object> sk = new LinkedHashMap<>();
            sk.put("skewMs", s);
            sk.put("frameIntervalMs", frameMs);
            json.put("startSkew", sk);
            rows.add(Row.compare("capture.record.start-skew (2 sources) vs frame interval", percentile(s, 50), frameMs, "ms", false,
                    String.format(Locale.ROOT, "median of %d group starts of test-1 + test-2 (max %.1f ms): the takes' startedAt, each "
                            + "the arrival of its first frame; peer: one frame at the test sources' rate", s.length, percentile(s, 100))));
        } finally {
            serve.destroy(); // the server's own shutdown: its ffmpegs stop with it
            if (!serve.waitFor(60, TimeUnit.SECONDS)) serve.destroyForcibly();
            deleteTree(home.resolve("library"));
        }
        return new Section(json, rows);
    }

    private static String disturbed(Preview a, Preview b) {
        double other = Math.max(a.otherCores(), b.otherCores());
        return other >= Timed.QUIET_CORES ? String.format(Locale.ROOT, "; disturbed: other processes used %.2f cores", other) : "";
    }

    /**
     * What one way of previewing gave: latencies (ms) of the pictures read after a warm-up, stamps that did not read,
     * CPU seconds per second of the previewing processes (and of its ffmpeg alone), and the cores others used meanwhile.
     */
    record Preview(double[] latencies, int misread, double cpuPerSec, double ffmpegCpuPerSec, double otherCores) {

        /** Pictures read before this are not counted: the decoder and the viewer's connection settle. */
        static final Duration WARM_UP = Duration.ofSeconds(3);

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pictures", latencies.length);
            m.put("misread", misread);
            m.put("p50Ms", percentile(latencies, 50));
            m.put("p95Ms", percentile(latencies, 95));
            m.put("maxMs", percentile(latencies, 100));
            m.put("cpuPerSec", Math.round(cpuPerSec * 1000) / 1000.0);
            m.put("ffmpegCpuPerSec", Math.round(ffmpegCpuPerSec * 1000) / 1000.0);
            m.put("otherCores", Double.isNaN(otherCores) ? null : Timed.round2(otherCores));
            return m;
        }

        /** Reads the server's preview for {@code seconds} after the warm-up, timing the CPU of the server's tree meanwhile. */
        static Preview read(InputStream in, int seconds, ProcessHandle server) throws IOException {
            Reader r = new Reader(() -> CpuLoad.processSec(server.pid()), () -> ffmpegCpu(server), true);
            return r.read(in, seconds);
        }

        /** The same stream read by a bare ffmpeg doing what the server's preview does, writing mpjpeg to us. */
        static Preview direct(FfmpegTools tools, Camera camera, int seconds) throws Exception {
            List<String> args = FfmpegArgs.ffmpeg().add("-fflags", "nobuffer", "-flags", "low_delay", "-f", "mpegts",
                    "-i", camera.url(), "-an", "-vf", "fps=" + PREVIEW_FPS + ",scale=" + PREVIEW_WIDTH + ":-2", "-c:v", "mjpeg",
                    "-q:v", "5", "-flush_packets", "1", "-f", "mpjpeg", "pipe:1").list();
            AtomicBoolean done = new AtomicBoolean();
            Preview[] result = new Preview[1];
            try {
                ToolRunner.run(tools.ffmpeg(), args, TIMEOUT, in -> {
                    Reader r = new Reader(() -> peerCpu(camera.pid()), () -> peerCpu(camera.pid()), false);
                    result[0] = r.read(in, seconds);
                    done.set(true);
                }, done::get, null);
            } catch (ToolRunner.CancelledException stopped) {
                // ours to stop once it had read enough
            }
            if (result[0] == null) throw new IllegalStateException("the direct ffmpeg preview gave no pictures");
            return result[0];
        }
    }

    /**
     * Reads multipart JPEGs, decodes each picture's stamp on arrival, and times the given CPU counters over the window;
     * {@code external}: the counted processes are not this JVM's children (the server), so CpuLoad counts them as others.
     */
    private record Reader(java.util.function.DoubleSupplier cpu, java.util.function.DoubleSupplier ffmpegCpu, boolean external) {

        Preview read(InputStream in, int seconds) throws IOException {
            long warmEnd = System.nanoTime() + Preview.WARM_UP.toNanos();
            long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
            List<Double> lat = new ArrayList<>();
            int misread = 0;
            double cpu0 = Double.NaN, ff0 = Double.NaN;
            CpuLoad.Sample a = null;
            long t0 = 0;
            var parts = new org.thatdam.media.capture.MjpegParts(in);
            byte[] jpeg;
            while ((jpeg = parts.next()) != null) {
                long now = System.currentTimeMillis();
                long nanos = System.nanoTime();
                if (nanos >= end) break;
                if (nanos < warmEnd) continue;
                if (a == null) {
                    a = CpuLoad.sample();
                    cpu0 = cpu.getAsDouble();
                    ff0 = ffmpegCpu.getAsDouble();
                    t0 = nanos;
                }
                var img = ImageIO.read(new ByteArrayInputStream(jpeg));
                long latency = img == null ? -1 : ClockStrip.latency(ClockStrip.read(img), now);
                // a stamp off by a bit reads minutes away: not a latency
                if (latency < 0 || latency > 60_000) misread++;
                else lat.add((double) latency);
            }
            if (a == null) throw new IOException("the preview ended before the warm-up was over");
            double sec = (System.nanoTime() - t0) / 1e9;
            double cpuPerSec = (cpu.getAsDouble() - cpu0) / sec;
            double ffPerSec = (ffmpegCpu.getAsDouble() - ff0) / sec;
            CpuLoad.Sample z = CpuLoad.sample();
            // this JVM and its children (camera, direct reader) are "self" for CpuLoad; the server is not
            double other = CpuLoad.otherCores(a, z) - (external ? cpuPerSec : 0);
            return new Preview(lat.stream().mapToDouble(Double::doubleValue).toArray(), misread, cpuPerSec, ffPerSec, Math.max(0, other));
        }
    }

    /** CPU seconds of the ffmpeg processes under the server (the camera is no child of it). */
    private static double ffmpegCpu(ProcessHandle server) {
        return server.descendants().filter(CaptureBench::isFfmpeg).mapToDouble(h -> CpuLoad.ownSec(h.pid())).sum();
    }

    /** CPU seconds of this JVM's ffmpeg children but the camera: the direct reader. */
    private static double peerCpu(long camera) {
        return ProcessHandle.current().descendants().filter(CaptureBench::isFfmpeg).filter(h -> h.pid() != camera)
                .mapToDouble(h -> CpuLoad.processSec(h.pid())).sum();
    }

    private static boolean isFfmpeg(ProcessHandle h) {
        return h.info().command().map(c -> c.endsWith("/ffmpeg")).orElse(false);
    }

    /**
     * The camera: ffmpeg serving the clock pattern as HTTP MPEG-TS on a loopback port, one client at a time; it dies with us
     * (ToolRunner) and ends when closed.
     */
    static final class Camera implements AutoCloseable {
        private final int port;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread runner;

        private Camera(FfmpegTools tools, int port) {
            this.port = port;
            List<String> args = FfmpegArgs.ffmpeg().add("-f", "lavfi", "-i", ClockStrip.lavfi(FPS), "-c:v", "libx264",
                    "-preset", "ultrafast", "-tune", "zerolatency", "-g", String.valueOf(FPS), "-pix_fmt", "yuv420p",
                    "-flush_packets", "1", "-f", "mpegts", "-listen", "1", url()).list();
            // like a camera, it serves whoever connects next (the server checks a new source with a connection of its own)
            runner = Thread.ofPlatform().name("bench-camera").daemon().start(() -> {
                while (!stop.get()) {
                    try {
                        var r = ToolRunner.run(tools.ffmpeg(), args, Duration.ofHours(2), null, stop::get);
                        // ended at once: it cannot serve (port taken, say), not a client that came and went
                        if (!r.ok() && r.elapsed().toMillis() < 500) return;
                    } catch (RuntimeException e) {
                        return; // stopped, or cannot start: it serves no more
                    }
                }
            });
        }

        /** Started and listening: a client that came earlier would be refused. */
        static Camera start(FfmpegTools tools) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Camera c = new Camera(tools, port);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!listening(port)) {
                if (!c.runner.isAlive() || System.nanoTime() > deadline) {
                    c.close();
                    throw new IllegalStateException("the bench camera (ffmpeg) did not listen on 127.0.0.1:" + port);
                }
                Thread.sleep(50);
            }
            return c;
        }

        /**
         * Whether a socket listens on {@code port} of IPv4 loopback, from /proc/net/tcp: connecting to ask would make
         * the question the camera's one client.
         */
        static boolean listening(int port) throws IOException {
            String local = String.format(Locale.ROOT, "0100007F:%04X", port);
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 3 && f[1].equals(local) && f[3].equals("0A")) return true;
            }
            return false;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        /** The serving ffmpeg's pid, or -1 when it is not (yet) running. */
        long pid() {
            return ProcessHandle.current().descendants().filter(CaptureBench::isFfmpeg)
                    .filter(h -> h.info().arguments().map(a -> Arrays.asList(a).contains(url())).orElse(false))
                    .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            runner.join(Duration.ofSeconds(30));
        }
    }

    /** The server's API as the library's owner (the local key of server.json). */
    private record Api(ServerEndpoint server, HttpClient http) {
        Api(ServerEndpoint server) {
            this(server, HttpClient.newHttpClient());
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(server.localUrl() + path)).timeout(Duration.ofMinutes(1))
                    .header("Authorization", "Bearer " + server.localKey());
        }

        JsonNode post(String path, Object body, int expected) throws IOException, InterruptedException {
            return check(http.send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofString()), expected, path);
        }

        JsonNode get(String path) throws IOException, InterruptedException {
            return check(http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()), 200, path);
        }

        void delete(String path) throws IOException, InterruptedException {
            http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }

        InputStream stream(String path) throws IOException, InterruptedException {
            HttpResponse<InputStream> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                try (InputStream in = r.body()) {
                    throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return r.body();
        }

        /** The take once it is no longer recording and, when it finished, catalogued. */
        JsonNode awaitTake(long id) throws Exception {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode t = get("/api/v1/capture/takes/" + id);
                String state = t.path("state").asText();
                if (state.equals("failed")) throw new IllegalStateException("take " + id + " failed: " + t.path("error").asText());
                if (!state.equals("recording") && t.path("assetId").isIntegralNumber()) return t;
                Thread.sleep(200);
            }
            throw new IllegalStateException("take " + id + " did not end within " + TIMEOUT.toMinutes() + " min");
        }

        private static JsonNode check(HttpResponse<String> r, int expected, String path) throws IOException {
            if (r.statusCode() != expected) throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
            return Json.mapper().readTree(r.body());
        }
    }

    /** The p-th percentile (nearest rank) of {@code values}; NaN when empty. */
    static double percentile(double[] values, int p) {
        if (values.length == 0) return Double.NaN;
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    private static ServerEndpoint awaitEndpoint(Path home, Process serve, Path log) throws Exception {
        Path json = home.resolve("server.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!serve.isAlive()) throw new IllegalStateException("dam serve ended (exit " + serve.exitValue() + "), see " + log);
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
        throw new IllegalStateException("dam serve did not publish server.json within 180 s");
    }

    /** The bench's library keeps no takes: each goes once measured. */
    private static void dropFile(String path) throws IOException {
        if (path != null) Files.deleteIfExists(Path.of(path));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
