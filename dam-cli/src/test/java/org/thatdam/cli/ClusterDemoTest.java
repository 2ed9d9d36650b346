package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.bench.ClusterDemo;

/**
 * The cluster demo end to end: a real PostgreSQL, an S3 server, one API node and two worker nodes (real
 * `dam serve` JVMs of this class path), three generated clips added as a root through the API node.
 */
class ClusterDemoTest {

    @TempDir Path tmp;

    @Test
    void twoWorkersShareTheJobsOfOneLibrary() throws Exception {
        List<String> dam = List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName());
        // the semantic analyses are left out to keep the run short: posters and sprites are the jobs here
        var options = new ClusterDemo.Options(dam, null, 3, tmp, Map.of("DAM_SEMANTIC_AUTO", "false"), Duration.ofSeconds(90));

        ClusterDemo.Summary s = ClusterDemo.run(options, System.err);

        assertThat(s.ok()).as(s.json()).isTrue();
        assertThat(s.assets()).isEqualTo(3);
        assertThat(s.jobsByWorker()).as(s.json()).containsKeys("worker-1", "worker-2").doesNotContainKey("api");
        assertThat(s.objects()).as("posters and sprites in the bucket").isPositive();
        assertThat(s.json()).startsWith("{\"ok\":true,\"assets\":3,\"jobsByWorker\":{");
    }
}
