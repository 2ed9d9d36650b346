package org.thatdam.cli;

import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.cli.tui.ApiBackend;
import org.thatdam.cli.tui.HomeBackend;
import org.thatdam.cli.tui.Tui;
import org.thatdam.cli.tui.TuiBackend;
import org.thatdam.cli.tui.TuiViews;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.serve.ServerEndpoint;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.storage.DataLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.thatdam.cli.client.ServerAddress;
import org.thatdam.cli.client.ServerClient;

@Command(name = "tui", description = {
        "The terminal UI: the library, search, jobs and scans at the keyboard (works over SSH and in tmux, 80x24 and up).",
        "With --server it follows that server (with the key of --api-key-file or $DAM_API_KEY); else the server running "
                + "on this library (--home), or else the library itself in this process."},
        footer = {"", "Keys:",
            "  1-5      Dashboard, Library, Search, Jobs, Scan",
            "  /        search from any view (results update as you type)",
            "  Enter    open the chosen asset",
            "  Esc      leave a text field, then go back",
            "  ?        every key of the view in front",
            "  q        quit (Ctrl-C too)"})
final class TuiCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TuiCommand.class);

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", description = "A server to follow, e.g. https://dam.example.org (with the key of --api-key-file or $DAM_API_KEY).")
    String server;

    @Option(names = "--api-key-file", paramLabel = "FILE", description = "A file holding the API key to send (default: $DAM_API_KEY).")
    Path keyFile;

    @Override
    public Integer call() throws Exception {
        if (keyFile != null && server == null) throw DamException.invalid("--api-key-file goes with --server URL");
        if (!onTerminal()) {
            throw DamException.invalid("dam tui needs a terminal: run it in an interactive terminal (or over ssh -t), "
                    + "not with its input or output redirected");
        }
        CliLogging.fileOnly(); // --verbose too: the log file has every line
        try (TuiBackend backend = backend()) {
            // A wrong key or an unreachable server is an answer in words now, not a screen that never loads.
            backend.stats();
            Terminal terminal = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                    .setForceTextTerminal(true)
                    // Ctrl-C is a key that quits cleanly, not a signal that leaves the terminal half set up
                    .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                    .createTerminal();
            Tui tui = new Tui(terminal, backend, TuiViews::new);
            // SIGINT/SIGTERM from outside: the terminal is restored before the JVM goes.
            Thread restore = new Thread(tui::stopScreen, "tui-restore");
            Runtime.getRuntime().addShutdownHook(restore);
            try {
                tui.run(tui.views().dashboard());
            } catch (DamException e) {
                return stopped(e);
            } finally {
                tui.close();
                terminal.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(restore);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs (or ran) anyway
                }
            }
        }
        return 0;
    }

    /** A view's failure, after the terminal is back: one line for the user, the stack trace in the log (Tui logged it). */
    private int stopped(DamException e) {
        PrintWriter err = spec.commandLine().getErr();
        String more = e.code() == ErrorCode.INTERNAL ? "; details in " + CliLogging.file().orElse("<home>/logs/dam.log") : "";
        err.println("dam: " + e.getMessage() + more);
        err.flush();
        return ExitCodes.of(e.code());
    }

    /** {@code --server}, else the server running on this library, else the library opened here. */
    private TuiBackend backend() throws InterruptedException {
        if (server != null) {
            CliContext.clientConfig(GlobalOptions.effective(spec.commandLine())); // the log file of this machine's library, when it has one
            ServerAddress address = ServerAddress.of(server, keyFile);
            return ApiBackend.remote(address.baseUrl(), address.key());
        }
        GlobalOptions g = GlobalOptions.effective(spec.commandLine());
        DamConfig config = CliContext.clientConfig(g);
        Optional<ServerEndpoint> running = ServerClient.forLibrary(new DataLayout(config.home()), spec.commandLine().getErr())
                .map(ServerClient::endpoint);
        if (running.isPresent()) {
            LOG.info("the terminal UI follows the server running on {}", config.home());
            return ApiBackend.local(running.get());
        }
        return HomeBackend.open(CliContext.config(g, java.util.Map.of()));
    }

    /**
     * Whether standard input and output are a terminal. Since Java 22 {@code System.console()} may
     * answer for redirected streams too; there {@code Console.isTerminal()} tells (Java 21 has no such method).
     */
    static boolean onTerminal() {
        Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException java21) {
            return true;
        }
    }
}
