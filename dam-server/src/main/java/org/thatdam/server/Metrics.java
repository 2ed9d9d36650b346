package org.thatdam.server;

import io.javalin.Javalin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.thatdam.model.JobState;
import org.thatdam.core.Dam;
import org.thatdam.core.events.DamEvent;

/** Prometheus metrics: request latency by route, jobs by state, queue depth, scan counters. */
final class Metrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<Map<JobState, Long>> jobCounts = new AtomicReference<>(Map.of());
    private volatile long lastCount;
    private final AutoCloseable subscription;

    Metrics(Dam dam, Javalin app, EventHub hub) {
        for (JobState s : JobState.values()) {
            Gauge.builder("dam_jobs", () -> counts(dam).getOrDefault(s, 0L)).tag("state", s.id())
                    .description("jobs by state").register(registry);
        }
        Gauge.builder("dam_job_queue_depth", () -> counts(dam).getOrDefault(JobState.QUEUED, 0L))
                .description("jobs waiting to run").register(registry);
        Gauge.builder("dam_event_stream_clients", hub::clientCount).register(registry);
        Counter scanned = Counter.builder("dam_scan_files").tag("result", "scanned").register(registry);
        Counter added = Counter.builder("dam_scan_files").tag("result", "added").register(registry);
        Counter failed = Counter.builder("dam_scan_files").tag("result", "failed").register(registry);
        Counter scans = Counter.builder("dam_scans").description("scans finished").register(registry);
        subscription = dam.events().subscribe(e -> {
            if (e instanceof DamEvent.ScanFinished f) {
                scans.increment();
                scanned.increment(f.report().scanned());
                added.increment(f.report().added());
                failed.increment(f.report().failed());
            }
        });
        app.beforeMatched(ctx -> ctx.attribute("dam.start", System.nanoTime()));
        app.after(ctx -> {
            Long start = ctx.attribute("dam.start");
            if (start == null) return;
            String route = ctx.endpointHandlerPath();
            Timer.builder("http_server_requests").tag("method", ctx.method().name()).tag("route", route)
                    .tag("status", Integer.toString(ctx.statusCode())).publishPercentileHistogram()
                    .register(registry).record(Duration.ofNanos(System.nanoTime() - start));
        });
    }

    /** Counts cached for a second: a scrape must not query the catalog once per gauge. */
    private Map<JobState, Long> counts(Dam dam) {
        long now = System.currentTimeMillis();
        if (now - lastCount > 1000) {
            lastCount = now;
            jobCounts.set(dam.jobs().counts());
        }
        return jobCounts.get();
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception ignored) {
            // nothing to release
        }
        registry.close();
    }
}
