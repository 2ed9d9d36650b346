package org.thatdam.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.thatdam.catalog.CatalogChannel;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.model.ScanReport;

/**
 * Two nodes' buses joined by their relays over one channel (here in memory, delivering every message to every
 * listener, the sender's own included, as PostgreSQL's NOTIFY does): each node sees the other's events once and
 * never its own twice.
 */
class EventRelayTest {

    /** NOTIFY's behaviour: every listener of a channel gets every message, its sender included. */
    static final class Broadcast implements CatalogChannel {
        final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();

        @Override
        public void publish(String channel, String payload) {
            listeners.getOrDefault(channel, List.of()).forEach(l -> l.accept(payload));
        }

        @Override
        public AutoCloseable listen(String channel, Consumer<String> onMessage) {
            listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(onMessage);
            return () -> listeners.get(channel).remove(onMessage);
        }
    }

    @Test
    void eachNodeSeesTheOthersEventsOnceAndItsOwnOnlyOnce() throws Exception {
        Broadcast channel = new Broadcast();
        EventBus worker = new EventBus();
        EventBus api = new EventBus();
        List<DamEvent> onWorker = new CopyOnWriteArrayList<>();
        List<DamEvent> onApi = new CopyOnWriteArrayList<>();
        worker.subscribe(onWorker::add);
        api.subscribe(onApi::add);
        try (EventRelay w = new EventRelay(worker, channel, "worker-1/run");
             EventRelay a = new EventRelay(api, channel, "api/run")) {
            w.receive();
            a.receive();
            DamEvent done = new DamEvent.JobStateChanged(7, "proxy", 3L, "done", null, 1);
            DamEvent scanned = new DamEvent.ScanFinished("s1", new ScanReport(1, 1, 0, 0, 0, 0, 0, 0, 0, 10,
                    List.of(new ScanReport.Problem("/m/x.mp4", "unreadable")), List.of()));
            worker.publish(done);
            worker.publish(scanned);
            DamEvent edited = new DamEvent.AssetUpdated(3);
            api.publish(edited);

            await().atMost(Duration.ofSeconds(10)).until(() -> onApi.size() == 3 && onWorker.size() == 3);
            // Events of one node arrive in the order it published them; between nodes there is no order.
            assertThat(onApi).containsExactlyInAnyOrder(edited, done, scanned);
            assertThat(onApi.indexOf(done)).isLessThan(onApi.indexOf(scanned));
            assertThat(onWorker).containsExactlyInAnyOrder(done, scanned, edited);
            assertThat(onWorker.indexOf(done)).isLessThan(onWorker.indexOf(scanned));
        }
    }

    @Test
    void anEventTooLargeForOneMessageStaysOnItsNode() throws Exception {
        Broadcast channel = new Broadcast();
        EventBus worker = new EventBus();
        EventBus api = new EventBus();
        List<DamEvent> onApi = new CopyOnWriteArrayList<>();
        api.subscribe(onApi::add);
        try (EventRelay w = new EventRelay(worker, channel, "worker-1/run");
             EventRelay a = new EventRelay(api, channel, "api/run")) {
            a.receive();
            worker.publish(new DamEvent.ScanProgress("s1", 1, 0, 0, 0, 0, 0, 0, "/m/" + "x".repeat(CatalogChannel.MAX_PAYLOAD_BYTES)));
            worker.publish(new DamEvent.AssetFailed(9, "/m/" + "y".repeat(CatalogChannel.MAX_PAYLOAD_BYTES), "bad"));
            DamEvent small = new DamEvent.AssetRemoved(9);
            worker.publish(small);
            await().atMost(Duration.ofSeconds(10)).until(() -> !onApi.isEmpty());
            assertThat(onApi).containsExactly(small);
        }
    }
}
