package org.thatdam.media.capture.devices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * The video capture devices of this machine (V4L2), found by asking each device rather than guessing:
 * the nodes under {@code /sys/class/video4linux}, each asked with {@code v4l2-ctl -D --list-formats-ext}
 * (or, where v4l2-ctl is not installed, {@code ffmpeg -f v4l2 -list_formats all}). Only nodes that
 * capture video themselves are listed — not a camera's metadata node, not an encoder or output. A node
 * that does not answer within {@link #PROBE_TIMEOUT} is listed as unavailable with the reason.
 *
 * <p>Each call asks the devices again (a few milliseconds each, {@link #PROBE_TIMEOUT} at worst, all at
 * once): callers keep the answer and ask again when {@link DeviceWatcher} reports a change.
 */
public final class V4l2Devices {

    private static final Logger LOG = LoggerFactory.getLogger(V4l2Devices.class);

    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** The most nodes asked; a machine with more is not one this server can record from anyway. */
    static final int MAX_NODES = 64;
    static final int MAX_ID = 48;

    private static final Pattern NODE = Pattern.compile("video(\\d{1,4})");

    private final Path sysfs;
    private final Path dev;
    private final CommandRunner runner;

    /**
     * @param sysfs  {@code /sys/class/video4linux}
     * @param dev    {@code /dev} (nodes {@code videoN}, stable names under {@code v4l/by-id})
     * @param runner runs v4l2-ctl and ffmpeg
     */
    public V4l2Devices(Path sysfs, Path dev, CommandRunner runner) {
        this.sysfs = sysfs;
        this.dev = dev;
        this.runner = runner;
    }

    /** This machine's devices, asked with the real tools. */
    public static V4l2Devices system(FfmpegTools tools) {
        return new V4l2Devices(Path.of("/sys/class/video4linux"), Path.of("/dev"), CommandRunner.system(tools));
    }

    /** The capture devices in node order; unavailable ones included, with their reason. */
    public List<DeviceSource> list() {
        List<String> nodes = nodes();
        if (nodes.isEmpty()) return List.of();
        Map<String, String> stableNames = stableNames();
        boolean v4l2ctl = runner.has(CommandRunner.V4L2_CTL);
        List<DeviceSource> out = new ArrayList<>();
        // All nodes at once, so that one that hangs costs the list PROBE_TIMEOUT, not that per node.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<DeviceSource>> probes = new ArrayList<>();
            for (String node : nodes) {
                String id = stableNames.getOrDefault(node, node);
                probes.add(pool.submit(() -> probe(node, id, v4l2ctl)));
            }
            for (Future<DeviceSource> f : probes) {
                DeviceSource d = f.get();
                if (d != null) out.add(d);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DamException(ErrorCode.UNAVAILABLE, "listing the video devices was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DamException de) throw de;
            throw new DamException(ErrorCode.INTERNAL, "listing the video devices failed", e.getCause());
        }
        return out;
    }

    /** {@code videoN} names from sysfs (or, without it, from /dev), in number order. */
    List<String> nodes() {
        Path from = Files.isDirectory(sysfs) ? sysfs : dev;
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(from, "video*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (NODE.matcher(n).matches() && names.size() < MAX_NODES) names.add(n);
            }
        } catch (IOException e) {
            if (Files.exists(from)) LOG.warn("cannot read {}: {}", from, e.toString());
            return List.of();
        }
        names.sort((a, b) -> Integer.compare(Integer.parseInt(a.substring(5)), Integer.parseInt(b.substring(5))));
        return names;
    }

    /** Asks one node; null when it is not a video capture node or has gone. */
    private DeviceSource probe(String node, String id, boolean v4l2ctl) {
        Path path = dev.resolve(node);
        String name = V4l2CtlAnswer.clean(readSys(node, "name"));
        String driver = sysDriver(node);
        if (!Files.exists(path)) return null; // unplugged while listing, or udev has not made the node yet
        if (!Files.isReadable(path) || !Files.isWritable(path)) {
            return DeviceSource.unavailable(id, name, path.toString(), null, driver,
                    "this server's user may not open " + path + " (add it to the '" + group(path) + "' group)");
        }
        CommandRunner.Answer a;
        try {
            a = v4l2ctl
                    ? runner.run(CommandRunner.V4L2_CTL, List.of("-D", "--list-formats-ext", "-d", path.toString()), PROBE_TIMEOUT)
                    : runner.run(CommandRunner.FFMPEG, FfmpegArgs.ffmpeg().logLevel("info")
                            .add("-f", "v4l2", "-list_formats", "all", "-i", path.toString()).list(), PROBE_TIMEOUT);
        } catch (DamException e) {
            LOG.info("{} did not answer: {}", path, e.getMessage());
            return DeviceSource.unavailable(id, name, path.toString(), null, driver,
                    "the device did not answer within " + PROBE_TIMEOUT.toSeconds() + " s");
        }
        return v4l2ctl ? fromV4l2Ctl(id, name, path, driver, a) : fromFfmpeg(id, name, path, driver, a);
    }

    private DeviceSource fromV4l2Ctl(String id, String sysName, Path path, String sysDriver, CommandRunner.Answer a) {
        V4l2CtlAnswer ans = V4l2CtlAnswer.parse(a.stdout());
        String name = ans.card() != null ? ans.card() : sysName;
        String driver = ans.driver() != null ? ans.driver() : sysDriver;
        if (a.exitCode() != 0 && ans.driver() == null) {
            return DeviceSource.unavailable(id, name, path.toString(), null, driver, cause(a.stderr(), path));
        }
        if (!ans.videoCapture()) return null;
        return finish(id, name, path, ans.busInfo(), driver, ans.formats(), ans.unreadable());
    }

    private DeviceSource fromFfmpeg(String id, String name, Path path, String driver, CommandRunner.Answer a) {
        FfmpegFormatList ans = FfmpegFormatList.parse(a.stderr());
        if (!ans.captures()) return null;
        if (ans.formats().isEmpty() && ans.unreadable().isEmpty()) {
            // Opened but listed nothing: a metadata node (ffmpeg checks the whole device's capabilities only),
            // unless it could not be opened at all.
            String cause = cause(a.stderr(), path);
            return cause.contains("Cannot open") || cause.contains("busy") || cause.contains("denied")
                    ? DeviceSource.unavailable(id, name, path.toString(), null, driver, cause) : null;
        }
        return finish(id, name, path, null, driver, ans.formats(), ans.unreadable());
    }

    private static DeviceSource finish(String id, String name, Path path, String bus, String driver,
                                       List<org.thatdam.model.LiveFormat> formats, List<String> unreadable) {
        if (formats.isEmpty()) {
            String why = unreadable.isEmpty() ? "it lists no picture formats"
                    : "none of its picture formats can be read (" + String.join(", ", unreadable) + ")";
            return DeviceSource.unavailable(id, name, path.toString(), bus, driver, why);
        }
        return new DeviceSource(id, name, path.toString(), bus, driver, formats, true, null);
    }

    /** The last meaningful line a tool wrote, without ffmpeg's {@code [v4l2 @ 0x…]} prefix. */
    private static String cause(String stderr, Path path) {
        String last = null;
        for (String line : stderr.split("\n", 2000)) {
            String l = line.replaceFirst("^\\[[^\\]]*\\]\\s*", "").strip();
            if (!l.isEmpty() && !l.contains("Immediate exit requested")) last = l;
        }
        String c = V4l2CtlAnswer.clean(last);
        return c == null ? "the device gave no answer" : c;
    }

    /** udev's stable names: {@code /dev/v4l/by-id/usb-046d_HD_Pro_Webcam_C920_8C6B2E5F-video-index0} → node. */
    Map<String, String> stableNames() {
        Map<String, String> byNode = new HashMap<>();
        Set<String> taken = new HashSet<>();
        Path byId = dev.resolve("v4l").resolve("by-id");
        if (!Files.isDirectory(byId)) return byNode;
        List<Path> links = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(byId)) {
            ds.forEach(p -> { if (links.size() < MAX_NODES * 4) links.add(p); });
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", byId, e.toString());
            return byNode;
        }
        links.sort(null); // the same ids whatever order the folder lists them in
        for (Path link : links) {
            try {
                if (!Files.isSymbolicLink(link)) continue;
                Path target = byId.resolve(Files.readSymbolicLink(link)).normalize();
                String node = target.getFileName().toString();
                if (!target.getParent().equals(dev.normalize()) || !NODE.matcher(node).matches()) continue;
                String id = slug(link.getFileName().toString());
                if (id != null && !byNode.containsKey(node) && taken.add(id)) byNode.put(node, id);
            } catch (IOException e) {
                LOG.debug("cannot read the link {}: {}", link, e.toString());
            }
        }
        return byNode;
    }

    /**
     * A device id from a by-id name: lowercase, {@code [a-z0-9-]}, at most {@link #MAX_ID} characters
     * ({@code -video-index0} said as {@code -video0}; a longer name keeps its start and a hash of the whole).
     * Null when nothing is left.
     */
    static String slug(String byIdName) {
        String s = byIdName.toLowerCase(java.util.Locale.ROOT).replaceAll("-video-index(\\d+)$", "-video$1")
                .replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
        if (s.isEmpty()) return null;
        if (s.length() <= MAX_ID) return s;
        String hash = String.format("%08x", s.hashCode());
        String head = s.substring(0, MAX_ID - hash.length() - 1).replaceAll("-+$", "");
        return head + "-" + hash;
    }

    private String readSys(String node, String file) {
        Path p = sysfs.resolve(node).resolve(file);
        try {
            if (!Files.isRegularFile(p)) return null;
            try (var in = Files.newInputStream(p)) { // a sysfs attribute is at most a page
                return new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    /** The kernel driver: the name of the folder {@code device/driver} links to. */
    private String sysDriver(String node) {
        Path link = sysfs.resolve(node).resolve("device").resolve("driver");
        try {
            if (!Files.exists(link)) return null;
            return V4l2CtlAnswer.clean(link.toRealPath().getFileName().toString());
        } catch (IOException e) {
            return null;
        }
    }

    private static String group(Path path) {
        try {
            return Files.readAttributes(path, java.nio.file.attribute.PosixFileAttributes.class).group().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "video";
        }
    }
}
