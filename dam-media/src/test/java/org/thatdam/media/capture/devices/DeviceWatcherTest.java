package org.thatdam.media.capture.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hotplug on a real folder standing in for /dev: inotify events, the debounce, the poll, a failing listener. */
class DeviceWatcherTest {

    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration DEBOUNCE = Duration.ofMillis(300);

    @TempDir
    Path dev;

    @Test
    void aBurstOfNodesIsToldOnceAfterItSettles() throws IOException {
        AtomicInteger told = new AtomicInteger();
        Duration debounce = Duration.ofSeconds(1); // generous: a busy machine must not split the burst
        try (DeviceWatcher w = new DeviceWatcher(dev, told::incrementAndGet, debounce, Duration.ofHours(1), true)) {
            Files.writeString(dev.resolve("tty5"), ""); // not a device we care about
            for (int i = 0; i < 4; i++) Files.writeString(dev.resolve("video" + i), "");
            await().atMost(LONG).until(() -> told.get() == 1);
            // Nothing else happened: no second call through a whole further debounce.
            await().during(debounce.multipliedBy(2)).atMost(LONG).until(() -> told.get() == 1);

            Files.delete(dev.resolve("video3"));
            await().atMost(LONG).until(() -> told.get() == 2);
        }
    }

    @Test
    void soundCardsComingAndGoingAreToldToo() throws IOException {
        AtomicInteger told = new AtomicInteger();
        try (DeviceWatcher w = new DeviceWatcher(dev, told::incrementAndGet, DEBOUNCE, Duration.ofHours(1), true)) {
            Path snd = Files.createDirectory(dev.resolve("snd")); // the first sound card makes the folder
            await().atMost(LONG).until(() -> told.get() == 1);
            Files.writeString(snd.resolve("pcmC1D0c"), "");
            await().atMost(LONG).until(() -> told.get() == 2);
        }
    }

    @Test
    void withoutEventsThePollFindsTheChange() throws IOException {
        AtomicInteger told = new AtomicInteger();
        try (DeviceWatcher w = new DeviceWatcher(dev, told::incrementAndGet, DEBOUNCE, Duration.ofMillis(200), false)) {
            Files.writeString(dev.resolve("video7"), "");
            await().atMost(LONG).until(() -> told.get() == 1);
            await().during(Duration.ofMillis(800)).atMost(LONG).until(() -> told.get() == 1); // unchanged: not told again
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheWatching() throws IOException {
        AtomicInteger told = new AtomicInteger();
        Runnable failing = () -> {
            told.incrementAndGet();
            throw new IllegalStateException("the listener failed");
        };
        try (DeviceWatcher w = new DeviceWatcher(dev, failing, DEBOUNCE, Duration.ofHours(1), true)) {
            Files.writeString(dev.resolve("video0"), "");
            await().atMost(LONG).until(() -> told.get() == 1);
            Files.writeString(dev.resolve("video1"), "");
            await().atMost(LONG).until(() -> told.get() == 2);
        }
    }

    @Test
    void closingStopsItsThread() {
        DeviceWatcher w = new DeviceWatcher(dev, () -> {}, DEBOUNCE, Duration.ofHours(1), true);
        assertThat(w.running()).isTrue();
        w.close();
        assertThat(w.running()).isFalse();
    }
}
