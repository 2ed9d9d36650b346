package org.thatdam.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.thatdam.core.Dam;
import org.thatdam.core.serve.LibraryRuntime;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.net.Hosts;
import org.thatdam.server.DamServer;
import org.thatdam.server.ServerStartException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = {
        "Serve the library over HTTP (default http://127.0.0.1:8080), scan the library roots at start-up "
                + "and follow them: changes on disk reach the catalog within seconds (watch.enabled, watch.rescan-minutes).",
        "Binds to loopback only unless --host says otherwise; another address only once the library has a user.",
        "HTTPS with server.tls.certificate and server.tls.key; behind a reverse proxy, set server.trusted-proxies."})
final class ServeCommand implements Callable<Integer> {

    @Mixin GlobalOptions global;
    @Option(names = "--host", paramLabel = "ADDR", description = "Address to bind (default server.host = 127.0.0.1).") String host;
    @Option(names = "--port", paramLabel = "PORT", description = "Port (default server.port = 8080; 0 = any free port).") Integer port;
    @Option(names = "--no-scan", description = "Do not scan the library roots at start-up.") boolean noScan;
    @Option(names = "--no-jobs", description = "Do not run the job queue here (another process, e.g. `dam jobs wait`, runs it).")
    boolean noJobs;
    @Option(names = "--role", paramLabel = "ROLE", description = {
            "What this node runs (default server.role = all): api = the HTTP API, its search index following the shared "
                    + "catalog, no jobs; worker = jobs, folder watching and scans, no HTTP; all = both."})
    String role;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<ConfigKey, String> flags = new LinkedHashMap<>();
        if (host != null) flags.put(ConfigKey.SERVER_HOST, host);
        if (port != null) flags.put(ConfigKey.SERVER_PORT, port.toString());
        if (noScan) flags.put(ConfigKey.SERVE_SCAN_ON_START, "false");
        if (role != null) flags.put(ConfigKey.SERVER_ROLE, role);
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
        DamConfig.Node node = config.node();
        try (LibraryRuntime runtime = LibraryRuntime.open(config);
             DamServer server = node.role().servesHttp() ? listen(runtime.dam(), config) : null) {
            var out = spec.commandLine().getOut();
            if (server != null) {
                String url = String.format("%s://%s:%d", server.https() ? "https" : "http", Hosts.forUrl(config.serverHost()), server.port());
                runtime.publish(config.serverHost(), server.port(), url, server.certificateFingerprint().orElse(null));
                out.printf("That DAM Toolbox on %s/ (library: %s)%n", url, config.home());
            }
            out.println(runtime.describe());
            out.flush();
            runtime.start(!noJobs);
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
}
