package org.thatdam.core.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.config.DamConfig;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.JobState;
import org.thatdam.model.ScanReport;
import org.thatdam.storage.DataLayout;

/** What `dam serve` runs beside the HTTP server, on a real library: lock, start-up scan, jobs, index, shutdown. */
class LibraryRuntimeTest {

    @TempDir Path tmp;

    DamConfig config(boolean scanOnStart) {
        return ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, tmp.resolve("home").toString(),
                ConfigKey.SCAN_SETTLE_SECONDS, "0", ConfigKey.SERVE_SCAN_ON_START, Boolean.toString(scanOnStart),
                ConfigKey.SEMANTIC_AUTO, "false"));
    }

    @Test
    void startScansTheRootsRunsTheJobsAndOpensTheIndex() throws Exception {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.png(), media, "still.png");
        try (LibraryRuntime runtime = LibraryRuntime.open(config(true))) {
            runtime.dam().roots().addRoot(media, Actor.commandLine());
            runtime.start(true);
            ScanReport scan = runtime.startupScan().get(2, TimeUnit.MINUTES);
            assertThat(scan.added()).isEqualTo(1);
            assertThat(runtime.dam().jobs().runUntilIdle(java.time.Duration.ofMinutes(2))).isTrue();
            assertThat(runtime.dam().jobs().counts().get(JobState.DONE)).isEqualTo(2); // poster, full hash
            assertThat(runtime.dam().search().awaitCatalog(java.time.Duration.ofMinutes(1))).isTrue();
            assertThat(runtime.dam().search().search(new org.thatdam.search.SearchRequest("still", null, 10, 0, false))
                    .total()).isEqualTo(1);
            runtime.publish("127.0.0.1", 1234, "http://127.0.0.1:1234");
            assertThat(ServerLock.running(runtime.dam().layout())).hasValueSatisfying(h ->
                    assertThat(h.endpoint().token()).isEqualTo(runtime.dam().token()));
        }
    }

    @Test
    void oneRuntimePerLibraryAndClosingGivesTheLockBack() {
        DamConfig config = config(false);
        DataLayout layout;
        try (LibraryRuntime first = LibraryRuntime.open(config)) {
            layout = first.dam().layout();
            first.start(false);
            assertThat(first.startupScan().join()).as("no scan asked for").isNull();
            assertThatThrownBy(() -> LibraryRuntime.open(config)).isInstanceOf(ServerRunningException.class);
            assertThat(first.dam().assets().count(AssetQuery.all(1))).as("the first still works").isZero();
        }
        assertThat(ServerLock.running(layout)).isEmpty();
        try (LibraryRuntime again = LibraryRuntime.open(config)) {
            assertThat(Files.exists(again.dam().layout().catalogDb())).isTrue();
        }
    }

    @Test
    void startingForgetsAuditEntriesOlderThanTheKeptDays() throws Exception {
        DamConfig config = ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, tmp.resolve("home").toString(),
                ConfigKey.SERVE_SCAN_ON_START, "false", ConfigKey.AUDIT_KEEP_DAYS, "30"));
        try (LibraryRuntime runtime = LibraryRuntime.open(config)) {
            long now = System.currentTimeMillis();
            runtime.dam().catalog().update(s -> {
                s.audit().append(now - java.time.Duration.ofDays(31).toMillis(), null, "login.failed", "old", null, null);
                s.audit().append(now - java.time.Duration.ofDays(29).toMillis(), null, "login.failed", "recent", null, null);
            });
            runtime.start(false);
            org.awaitility.Awaitility.await("the start-up pruning").atMost(java.time.Duration.ofMinutes(1))
                    .pollInterval(java.time.Duration.ofMillis(50)).until(() -> runtime.dam().audit().query(null, null, 10).size() == 1);
            assertThat(runtime.dam().audit().query(null, null, 10)).extracting(e -> e.target()).containsExactly("recent");
        }
    }

    @Test
    void anApiOrWorkerNodeNeedsASharedCatalogAndASharedStore() {
        java.util.function.Function<Map<ConfigKey, String>, DamConfig> with = extra -> {
            Map<ConfigKey, String> flags = new java.util.HashMap<>(Map.of(ConfigKey.HOME, tmp.resolve("home").toString()));
            flags.putAll(extra);
            return ConfigLoader.load(Map.of("DAM_CATALOG_USER", "dam"), null, flags);
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LibraryRuntime.open(with.apply(Map.of(ConfigKey.SERVER_ROLE, "worker"))))
                .isInstanceOf(org.thatdam.core.config.ConfigException.class)
                .hasMessageContaining("server.role = worker is for nodes sharing one catalog: set catalog.url = postgresql://");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LibraryRuntime.open(with.apply(Map.of(ConfigKey.SERVER_ROLE, "api",
                        ConfigKey.CATALOG_URL, "postgresql://127.0.0.1:1/dam"))))
                .isInstanceOf(org.thatdam.core.config.ConfigException.class)
                .hasMessageContaining("server.role = api needs a store every node shares");
        assertThat(tmp.resolve("home/server.lock")).as("refused before the lock is taken").doesNotExist();
    }
}
