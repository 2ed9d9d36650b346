package org.thatdam.cli;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.scan.ScanReport;
import org.thatdam.core.config.DamConfig;
import org.thatdam.server.DamServer;
import org.thatdam.server.ServerStartException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = {
        "Serve the library over HTTP (default http://127.0.0.1:8080) and scan the library roots at start-up.",
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
        try (Dam dam = Dam.open(config); DamServer server = listen(dam, config)) {
            var out = spec.commandLine().getOut();
            out.printf("That DAM Toolbox on http://%s:%d/ (library: %s)%n", config.serverHost(), server.port(),
                    config.home());
            out.flush();
            if (!noJobs) dam.jobs().start();
            // The index opens (or is rebuilt from the catalog) in the background; /ready says when.
            Thread.ofPlatform().name("open-index").daemon(true).start(() -> {
                try {
                    dam.search();
                } catch (RuntimeException e) {
                    LOG.error("cannot open the search index", e);
                }
            });
            if (config.scanOnServe()) {
                startupScan(dam);
            }
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "shutdown"));
            stop.await();
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
        List<Path> roots = dam.library().roots().stream().map(r -> Path.of(r.path())).toList();
        if (roots.isEmpty()) {
            LOG.info("no library roots yet: add one with 'dam roots add DIR'");
            return;
        }
        Thread.ofPlatform().name("startup-scan").daemon(true).start(() -> {
            try {
                ScanReport r = dam.scanner().scan(roots, dam.scanOptions(Optional.empty(), null));
                LOG.info("start-up scan: {} scanned, {} added, {} updated, {} failed in {} ms",
                        r.scanned(), r.added(), r.updated(), r.failed(), r.durationMs());
            } catch (RuntimeException e) {
                LOG.error("start-up scan failed", e);
            }
        });
    }
}
