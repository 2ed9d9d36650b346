package org.thatdam.media.capture.devices;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when video or sound devices come and go: watches {@code /dev} for {@code video*} nodes and
 * {@code /dev/snd} for sound ones, and calls {@code onChange} once a burst of changes has been quiet
 * for {@link #DEBOUNCE} (plugging a webcam makes a video node, its metadata node, by-id links and sound
 * nodes within a few hundred milliseconds). A poll every {@link #POLL} compares the names too, for file
 * systems that send no events. {@code onChange} runs on the watcher's own thread; whatever it throws is
 * logged and the watching goes on.
 */
public final class DeviceWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceWatcher.class);

    public static final Duration DEBOUNCE = Duration.ofMillis(500);
    public static final Duration POLL = Duration.ofSeconds(10);
    private static final int MAX_NAMES = 4096;

    private final Path dev;
    private final Runnable onChange;
    private final Duration debounce;
    private final Duration poll;
    private final WatchService watcher;
    private final Thread thread;
    private volatile boolean closed;
    private WatchKey sndKey;

    /** Watches {@code /dev}. */
    public static DeviceWatcher start(Runnable onChange) {
        return new DeviceWatcher(Path.of("/dev"), onChange, DEBOUNCE, POLL, true);
    }

    /**
     * @param useEvents false to rely on the poll alone (how a file system without events behaves)
     */
    DeviceWatcher(Path dev, Runnable onChange, Duration debounce, Duration poll, boolean useEvents) {
        this.dev = dev;
        this.onChange = onChange;
        this.debounce = debounce;
        this.poll = poll;
        WatchService ws = null;
        if (useEvents) {
            try {
                ws = dev.getFileSystem().newWatchService();
                dev.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
            } catch (IOException | UnsupportedOperationException e) {
                LOG.info("cannot watch {} ({}); devices are looked for every {} s", dev, e.toString(), poll.toSeconds());
                closeQuietly(ws);
                ws = null;
            }
        }
        this.watcher = ws;
        registerSnd();
        this.thread = Thread.ofPlatform().daemon().name("device-watcher").start(this::run);
    }

    private void run() {
        String last = snapshot();
        long pending = 0; // when a change is due to be told (nanoTime), 0 when none is
        long nextPoll = System.nanoTime() + poll.toNanos();
        while (!closed) {
            try {
                long now = System.nanoTime();
                long until = Math.min(nextPoll, pending != 0 ? pending : Long.MAX_VALUE);
                long waitNanos = Math.max(1_000_000, until - now);
                boolean relevant = watcher == null ? waitPolling(waitNanos) : take(waitNanos);
                now = System.nanoTime();
                if (relevant) pending = now + debounce.toNanos();
                if (now >= nextPoll) {
                    nextPoll = now + poll.toNanos();
                    String current = snapshot();
                    if (!current.equals(last) && pending == 0) pending = now; // the poll found what no event said
                }
                if (pending != 0 && now >= pending) {
                    pending = 0;
                    last = snapshot();
                    tell();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                if (closed) return;
            } catch (RuntimeException e) {
                LOG.warn("watching devices: {}", e.toString());
            }
        }
    }

    /** Waits for events up to {@code nanos}; whether any concerned a device. */
    private boolean take(long nanos) throws InterruptedException {
        WatchKey key = watcher.poll(nanos, TimeUnit.NANOSECONDS);
        boolean relevant = false;
        while (key != null) {
            boolean inSnd = key == sndKey;
            for (WatchEvent<?> ev : key.pollEvents()) {
                if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                    relevant = true;
                    continue;
                }
                String name = String.valueOf(ev.context());
                if (inSnd || name.startsWith("video")) relevant = true;
                if (!inSnd && name.equals("snd")) {
                    relevant = true;
                    registerSnd(); // the first sound card makes /dev/snd itself
                }
            }
            if (!key.reset() && key == sndKey) sndKey = null;
            key = watcher.poll();
        }
        return relevant;
    }

    private boolean waitPolling(long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(nanos);
        return false;
    }

    private void registerSnd() {
        Path snd = dev.resolve("snd");
        if (watcher == null || sndKey != null || !Files.isDirectory(snd)) return;
        try {
            sndKey = snd.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.debug("cannot watch {}: {}", snd, e.toString());
        }
    }

    private void tell() {
        try {
            onChange.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme) throw vme;
            LOG.warn("a device change could not be handled", e);
        }
    }

    /** The names that matter, for the poll to compare. */
    private String snapshot() {
        TreeSet<String> names = new TreeSet<>();
        list(dev, "video*", "", names);
        list(dev.resolve("snd"), "*", "snd/", names);
        return String.join("\n", names);
    }

    private static void list(Path dir, String glob, String prefix, TreeSet<String> into) {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            for (Path p : ds) {
                if (into.size() >= MAX_NAMES) return;
                into.add(prefix + p.getFileName());
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", dir, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(watcher);
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(WatchService ws) {
        if (ws == null) return;
        try {
            ws.close();
        } catch (IOException e) {
            LOG.debug("closing the device watch: {}", e.toString());
        }
    }
}
