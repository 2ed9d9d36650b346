package org.thatdam.cli;

import java.io.PrintWriter;
import java.util.List;
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
        footer = {"", "Run 'dam COMMAND --help' for a command's options.", "",
            // one string per paragraph: picocli wraps it to the terminal between words
            "Exit codes: 0 ok, 1 failed, 2 invalid input or usage, 3 not found, 4 conflict, 5 forbidden, "
                    + "6 too large, 7 bad media, 8 unavailable, 9 disk full, 70 internal error."})
public final class Main implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    /**
     * The commands, in the order the help lists them. Picocli reads every option of every command it
     * is given, which is much of what a short command costs to start, so a command line that names one
     * of them gets only that one (see {@link #commandLine(String...)}).
     */
    static final List<Class<?>> COMMANDS = List.of(
            ScanCommand.class, ProbeCommand.class, ShowCommand.class, ListCommand.class, RecentCommand.class,
            LsCommand.class,
            SearchCommand.class, ReindexCommand.class,
            StatsCommand.class, TimelineCommand.class, DumpCommand.class, BatchesCommand.class, RootsCommand.class, PruneCommand.class,
            JobsCommand.class, DeriveCommands.Thumbs.class, DeriveCommands.Sprites.class, DeriveCommands.Proxy.class,
            DeriveCommands.HwAccelCommand.class, MotionCommand.class, TrimIdleCommand.class, FfmpegCommand.class,
            VerifyCommand.class,
            UploadCommand.class,
            EditCommand.class,
            FieldsCommand.class,
            VocabularyCommand.class,
            ServeCommand.class, ConfigCommand.class, UsersCommand.class, ApiKeysCommand.class, SharesCommand.class, SavedSearchesCommand.class,
            ImportCommand.class,
            AuditCommand.class, BackupCommand.class, RestoreCommand.class, MigrateCommand.class, CommandLine.HelpCommand.class,
            BulkCommand.class,
            CollectionsCommand.class,
            XmpCommand.class,
            DuplicatesCommand.class,
            ScenesCommand.class,
            CaptureCommand.class,
            TuiCommand.class);

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
        return commandLine(args).execute(args);
    }

    /** The command line for {@code args}: with only the command they name, or with all of them. */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // Subcommands before the settings below: picocli passes settings on to the subcommands it has.
        Class<?> named = named(cl.getCommandSpec(), args);
        for (Class<?> c : named == null ? COMMANDS : List.of(named)) {
            cl.addSubcommand(c);
        }
        CommandLine jobs = cl.getSubcommands().get("jobs");
        if (jobs != null) JobsCommand.listKinds(jobs.getCommandSpec());
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

    /**
     * The command {@code args} run, when their first word (after the global options and their
     * values) names one; null when they name none (a misspelt one is answered with the names near
     * it) or ask for help (which lists them all).
     */
    private static Class<?> named(CommandLine.Model.CommandSpec main, String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-")) {
                CommandLine.Model.OptionSpec o = main.findOption(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
                if (o == null || o.usageHelp()) return null;
                if (!a.contains("=") && o.arity().max() > 0) i++;
                continue;
            }
            for (Class<?> c : COMMANDS) {
                Command command = c.getAnnotation(Command.class);
                if (command.name().equals(a) || List.of(command.aliases()).contains(a)) {
                    return c == CommandLine.HelpCommand.class ? null : c;
                }
            }
            return null;
        }
        return null;
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
