package org.thatdam.cli;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "dam", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "That DAM Toolbox: a self-hosted library for video, audio and images.",
        subcommands = {
            ScanCommand.class, ProbeCommand.class, ShowCommand.class, ListCommand.class, RecentCommand.class,
            SearchCommand.class, ReindexCommand.class,
            StatsCommand.class, TimelineCommand.class, DumpCommand.class, BatchesCommand.class, RootsCommand.class, PruneCommand.class,
            JobsCommand.class, DeriveCommands.Thumbs.class, DeriveCommands.Sprites.class, DeriveCommands.Proxy.class,
            DeriveCommands.HwAccelCommand.class, MotionCommand.class, TrimIdleCommand.class, FfmpegCommand.class,
            ServeCommand.class, ConfigCommand.class, UsersCommand.class, ApiKeysCommand.class, SharesCommand.class, SavedSearchesCommand.class, AuditCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Run 'dam COMMAND --help' for a command's options.", "",
            // one string per paragraph: picocli wraps it to the terminal between words
            "Exit codes: 0 ok, 1 failed, 2 invalid input or usage, 3 not found, 4 conflict, 5 forbidden, "
                    + "6 too large, 7 bad media, 8 unavailable, 9 disk full, 70 internal error."})
public final class Main implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line; returns the exit code (tests call this directly). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionStrategy(parseResult -> {
            CommandLine command = parseResult.asCommandLineList().getLast();
            GlobalOptions global = GlobalOptions.effective(command);
            // The server on a terminal shows what it does; other commands print only what was asked.
            boolean serveOnTerminal = command.getCommand() instanceof ServeCommand && ProgressLine.onTerminal();
            CliLogging.start(global.verbose || serveOnTerminal);
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            // One line on stderr, always; the stack trace of a failure we did not foresee goes to the log.
            if (ex instanceof DamException d && d.code() != ErrorCode.INTERNAL) {
                LOG.warn("{}", message(ex));
                err.println("dam: " + message(ex));
                err.flush();
                return ExitCodes.of(d.code());
            }
            // Anything else is a bug: the trace goes to the log, the user gets one line and where to look.
            LOG.error("unexpected failure", ex);
            // The JDK's words (class, message) mean nothing to a user and may say too much: only the log has them.
            err.println("dam: internal error; details in " + CliLogging.file().orElse("<home>/logs/dam.log")
                    + ", or run again with --verbose");
            err.flush();
            return ExitCodes.INTERNAL;
        });
        return cl;
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dam " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
