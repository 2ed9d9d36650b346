package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server as a running process: concurrent clients, the address it binds to, stopping. */
class ServerRuntimeTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia();

    @Test
    void twoHundredConcurrentRequestsFromSixteenThreadsAllSucceed() throws Exception {
        List<Long> ids = LiveServer.items(live.getJson("/api/v1/assets?limit=1000")).stream()
                .map(i -> i.path("id").asLong()).toList();
        String[] sorts = {"newest", "oldest", "name", "size", "duration"};
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String path = switch (i % 4) {
                case 0 -> "/health";
                case 1 -> "/api/v1/assets?limit=3&offset=" + (i % 7) + "&sort=" + sorts[i % sorts.length];
                case 2 -> "/api/v1/assets/" + ids.get(i % ids.size());
                default -> "/api/v1/assets?kind=video&status=ok";
            };
            calls.add(() -> {
                HttpResponse<String> r = live.get(path);
                if (r.statusCode() != 200) {
                    return path + " → " + r.statusCode() + " " + r.body();
                }
                JsonNode json = LiveServer.parse(r.body());
                if (path.startsWith("/api/v1/assets/") && json.path("id").asLong() <= 0) return path + " → no id: " + r.body();
                if (path.startsWith("/api/v1/assets?") && !json.path("items").isArray()) return path + " → no items: " + r.body();
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<String>> results = pool.invokeAll(calls, 60, TimeUnit.SECONDS);
            for (Future<String> f : results) {
                assertThat(f.isCancelled()).as("a request did not finish in time").isFalse();
                String failure = f.get();
                if (failure != null) failures.add(failure);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        live.assertStillServing();
    }

    @Test
    void portIsTheEphemeralPortActuallyBound() {
        assertThat(live.port()).isBetween(1, 65535);
        assertThat(live.getJson("/health").path("status").asText()).isEqualTo("ok");
    }

    @Test
    void isReachableOnTheLoopbackAddressItWasGiven() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), live.port()), 2000);
            assertThat(s.isConnected()).isTrue();
        }
        assertThat(live.getJson("/health").path("status").asText()).isEqualTo("ok");
    }

    @Test
    void isNotReachableOnOtherAddresses() throws IOException {
        List<InetAddress> others = new ArrayList<>();
        others.add(InetAddress.getByName("::1"));
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) continue;
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address || (a instanceof Inet6Address v6 && !v6.isLinkLocalAddress())) {
                    others.add(a);
                }
            }
        }
        for (InetAddress a : others) {
            assertThat(connects(a, live.port())).as("server bound to 127.0.0.1 reachable on %s", a).isFalse();
        }
    }

    @Test
    void bindsOnlyWhereTold() throws IOException {
        Optional<InetAddress> lan = Optional.empty();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) continue;
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address) lan = Optional.of(a);
            }
        }
        Assumptions.assumeTrue(lan.isPresent(), "no non-loopback IPv4 address on this machine");
        try (DamServer other = DamServer.start(live.dam(), lan.get().getHostAddress(), 0)) {
            assertThat(connects(lan.get(), other.port())).isTrue();
            assertThat(connects(InetAddress.getByName("127.0.0.1"), other.port())).isFalse();
        }
    }

    @Test
    void closeStopsServing() throws IOException {
        DamServer second = DamServer.start(live.dam(), "127.0.0.1", 0);
        int port = second.port();
        assertThat(port).isNotEqualTo(live.port());
        assertThat(connects(InetAddress.getByName("127.0.0.1"), port)).isTrue();
        second.close();
        assertThat(connects(InetAddress.getByName("127.0.0.1"), port)).isFalse();
        // the first server and the shared library are unaffected
        live.assertStillServing();
    }

    @Test
    void startingOnABusyPortFailsCleanly() {
        assertThatThrownBy(() -> DamServer.start(live.dam(), "127.0.0.1", live.port()).close())
                .isInstanceOf(RuntimeException.class);
        live.assertStillServing();
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (SocketException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
