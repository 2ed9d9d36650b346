package org.thatdam.cli;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.thatdam.core.json.Json;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;

/** What the capture tests check media with: the bundled ffprobe/ffmpeg, a multipart JPEG reader, a stream on loopback. */
final class LiveMedia {

    private LiveMedia() {}

    static FfmpegTools tools() {
        return FfmpegTools.bundled();
    }

    /** ffprobe's format and streams of {@code file}, as JSON. */
    static JsonNode probe(Path file) throws IOException {
        ProcessResult r = ToolRunner.run(tools().ffprobe(), FfmpegArgs.ffprobe().add("-show_format", "-show_streams",
                "-of", "json").input(file).list(), Duration.ofMinutes(1));
        if (!r.ok()) throw new AssertionError("ffprobe cannot read " + file + ": " + r.errorSummary());
        return Json.mapper().readTree(r.stdout());
    }

    /** Decodes every video frame of {@code file}; returns how many (fails on any decoding error). */
    static long decodedFrames(Path file) {
        ProcessResult r = ToolRunner.run(tools().ffmpeg(), FfmpegArgs.ffmpeg().add("-xerror").input(file)
                .add("-map", "0:v:0", "-f", "null", "-").progress().list(), Duration.ofMinutes(2));
        if (!r.ok() || !r.stderrTail().isBlank()) {
            throw new AssertionError("ffmpeg did not decode " + file + " cleanly: " + r.errorSummary() + " " + r.stderrTail());
        }
        long frames = -1;
        for (String line : new String(r.stdout(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("frame=")) frames = Long.parseLong(line.substring(6).strip());
        }
        return frames;
    }

    /** The stream of {@code file} whose codec tag is {@code tmcd} (a timecode track), or null. */
    static JsonNode timecodeStream(JsonNode probe) {
        for (JsonNode s : probe.path("streams")) {
            if (s.path("codec_tag_string").asText().equals("tmcd")) return s;
        }
        return null;
    }

    static double duration(JsonNode probe) {
        return probe.path("format").path("duration").asDouble(Double.NaN);
    }

    /** A free TCP port on loopback (free now: the stream server takes it a moment later). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static BufferedImage decode(byte[] jpeg) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        if (img == null) throw new AssertionError("not a picture: " + jpeg.length + " bytes");
        return img;
    }

    /**
     * A network source for the tests: ffmpeg serving a moving 25 fps pattern as MPEG-TS over HTTP on a loopback
     * port ({@code -listen 1}: one client at a time, started again for the next until stopped). It runs through
     * ToolRunner, so it dies with this JVM.
     */
    static final class LoopbackStream implements AutoCloseable {
        final int port;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<ProcessResult> ended = new AtomicReference<>();
        private final Thread runner;

        private LoopbackStream(int port, String size) {
            this.port = port;
            List<String> args = FfmpegArgs.ffmpeg().add("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=25,realtime",
                    "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p",
                    "-flush_packets", "1", "-f", "mpegts", "-listen", "1", url(port)).list();
            // like a camera, it serves whoever connects next (the server checks a new source with a connection of its own)
            runner = Thread.ofPlatform().name("loopback-stream-" + port).daemon().start(() -> {
                while (!stop.get()) {
                    try {
                        ended.set(ToolRunner.run(tools().ffmpeg(), args, Duration.ofHours(1), null, stop::get));
                        // ended at once: it cannot serve (port taken, say), not a client that came and went
                        if (!ended.get().ok() && ended.get().elapsed().toMillis() < 500) return;
                    } catch (RuntimeException e) {
                        return; // stopped (cancelled) or cannot start: it no longer serves
                    }
                }
            });
        }

        /** Started and listening: a client that came earlier would be refused. */
        static LoopbackStream start(int port, String size) throws Exception {
            LoopbackStream s = new LoopbackStream(port, size);
            await("ffmpeg listens on " + port).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !s.alive() || listening(port));
            if (!s.alive()) throw new AssertionError("the stream's ffmpeg ended before it listened on " + port);
            return s;
        }

        /**
         * Whether a socket listens on {@code port} of IPv4 loopback, from /proc/net/tcp: connecting to ask would make
         * the question the stream's one client.
         */
        static boolean listening(int port) throws IOException {
            String local = String.format(Locale.ROOT, "0100007F:%04X", port);
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 3 && f[1].equals(local) && f[3].equals("0A")) return true;
            }
            return false;
        }

        static String url(int port) {
            return "http://127.0.0.1:" + port;
        }

        String url() {
            return url(port);
        }

        boolean alive() {
            return runner.isAlive();
        }

        /** Kills the serving ffmpeg (its client sees the stream drop) and waits until it is gone. */
        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            runner.join(Duration.ofSeconds(30));
        }
    }
}
