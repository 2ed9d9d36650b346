package org.thatdam.cli;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import org.thatdam.core.serve.ServerEndpoint;
import org.thatdam.core.serve.ServerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.scan.ScanService;
import org.thatdam.server.DamServer;
import org.thatdam.server.ServerStartException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = {
        "Serve the library over HTTP (default http://127.0.0.1:8080), scan the library roots at start-up",
        "and follow them: changes on disk reach the catalog within seconds (watch.enabled, watch.rescan-minutes).",
        "Binds to loopback only unless --host says otherwise."})
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin GlobalOptions global;
    @Option(names = "--host", paramLabel = "ADDR", description = "Address to bind (default server.host = 127.0.0.1).") String host;
    @Option(names = "--port", paramLabel = "PORT", description = "Port (default server.port = 8080; 0 = any free port).") Integer port;
    @Option(names = "--no-scan", description = "Do not scan the library roots at start-up.") boolean noScan;
    @Option(names = "--no-jobs", description = "Do not run the job queue here (another process, e.g. `dam jobs wait`, runs it).")
    boolean noJobs;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        if (host != null) flags.put(ConfigKey.SERVER_HOST, host);
        if (port != null) flags.put(ConfigKey.SERVER_PORT, port.toString());
        if (noScan) flags.put(ConfigKey.SERVE_SCAN_ON_START, "false");
        var config = CliContext.config(GlobalOptions.effective(spec.commandLine()), flags);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // The hook waits for the clean-up below (server.json removed, index committed) before the JVM exits.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown");
        // First the lock: a second server on the same library stops here, before touching anything
        // (taking it also removes a server.json left by a server that died).
        try (ServerLock lock = ServerLock.acquire(Dam.layout(config));
             Dam dam = Dam.open(config); DamServer server = listen(dam, config)) {
            String url = String.format("http://%s:%d", config.serverHost().contains(":")
                    ? "[" + config.serverHost() + "]" : config.serverHost(), server.port());
            lock.publish(new ServerEndpoint(ProcessHandle.current().pid(), config.serverHost(), server.port(), url,
                    Instant.now(), dam.token()));
            var out = spec.commandLine().getOut();
            out.printf("That DAM Toolbox on %s/ (library: %s)%n", url, config.home());
            out.flush();
            if (!noJobs) dam.engine().start();
            // The index opens (or is rebuilt from the catalog) in the background; /ready says when.
            Thread.ofPlatform().name("open-index").daemon(true).start(() -> {
                try {
                    dam.search();
                } catch (RuntimeException e) {
                    // A full disk is one line (the index is kept; the next search opens it again), a bug a trace.
                    if (org.thatdam.storage.IoErrors.isDiskFull(e)) LOG.warn("cannot open the search index: {}", e.getMessage());
                    else LOG.error("cannot open the search index", e);
                }
            });
            // Watching starts before the start-up scan, so nothing changed during it is lost.
            if (config.watch().enabled()) dam.watcher().start();
            if (config.scanOnServe()) {
                startupScan(dam);
            }
            Runtime.getRuntime().addShutdownHook(hook);
            stop.await();
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /** A server that cannot listen says so in one line, with the option that changes it. */
    private static DamServer listen(Dam dam, DamConfig config) {
        try {
            return DamServer.start(dam, config.serverHost(), config.serverPort());
        } catch (ServerStartException e) {
            throw e.withAdvice(switch (e.reason()) {
                case ADDRESS_IN_USE -> "choose one with --port";
                case PERMISSION_DENIED -> "choose one above 1023 with --port";
                case ADDRESS_NOT_AVAILABLE, UNKNOWN_HOST -> "choose one with --host";
                case FAILED -> null;
            });
        }
    }

    private static void startupScan(Dam dam) {
        if (dam.roots().roots().isEmpty()) {
            LOG.info("no library roots yet: add one with 'dam roots add DIR'");
            return;
        }
        dam.scans().submit(List.of(), List.of(), ScanService.Trigger.STARTUP).report().whenComplete((r, e) -> {
            if (r != null) {
                LOG.info("start-up scan: {} scanned, {} added, {} updated, {} failed, {} missing in {} ms",
                        r.scanned(), r.added(), r.updated(), r.failed(), r.missing(), r.durationMs());
            }
        });
    }
}
