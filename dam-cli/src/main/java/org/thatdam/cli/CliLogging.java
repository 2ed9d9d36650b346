package org.thatdam.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Where log lines go: a command prints what was asked, so logs go to {@code <home>/logs/dam.log}
 * (rolling, bounded) and reach stderr only with {@code --verbose}. Libraries that log through
 * java.util.logging (Lucene's note about the vector module) are routed here too instead of
 * printing on stderr themselves.
 */
final class CliLogging {

    static final String FILE_NAME = "dam.log";
    private static final String FILE = "file";
    private static final String CONSOLE = "stderr";
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n";
    private static final String CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
    /** dam.log plus three rolled files, each at most this big. */
    private static final String MAX_FILE_SIZE = "10MB";
    private static final int KEEP = 3;
    /**
     * Lucene's advice to enable the incubating vector module, at every start: not something a user of
     * the console can act on, so it reaches the console only as an error (the file keeps it as is).
     */
    private static final String LUCENE_VECTORS = "org.apache.lucene.internal.vectorization";

    private CliLogging() {}

    /** The log file lines go to now, if one is open. */
    static synchronized java.util.Optional<String> file() {
        return root().getAppender(FILE) instanceof FileOnFirstLine a
                ? java.util.Optional.of(a.file) : java.util.Optional.empty();
    }

    /** Before a command runs: JUL through SLF4J, and stderr only when asked for. */
    static synchronized void start(boolean toStderr) {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        Logger root = root();
        detach(root, CONSOLE);
        detach(root, FILE);
        if (toStderr) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setName(CONSOLE);
            console.setContext(root.getLoggerContext());
            console.setTarget("System.err");
            console.setEncoder(encoder(root.getLoggerContext(), CONSOLE_PATTERN));
            console.addFilter(new Filter<>() {
                @Override
                public FilterReply decide(ILoggingEvent e) {
                    return e.getLoggerName().startsWith(LUCENE_VECTORS) && !e.getLevel().isGreaterOrEqual(Level.ERROR)
                            ? FilterReply.DENY : FilterReply.NEUTRAL;
                }
            });
            console.start();
            root.addAppender(console);
        }
    }

    /** While a full-screen program owns the terminal: lines go to the file only (one on stderr would break its screen). */
    static synchronized void fileOnly() {
        detach(root(), CONSOLE);
    }

    /**
     * Once the library folder is known: log lines go to {@code logsDir/dam.log}. A folder that
     * cannot be made is left to the library itself to report.
     */
    static synchronized void toFolder(Path logsDir) {
        Logger root = root();
        Path file = logsDir.resolve(FILE_NAME).toAbsolutePath();
        if (root.getAppender(FILE) instanceof FileOnFirstLine current && file.toString().equals(current.file)) {
            return;
        }
        try {
            Files.createDirectories(logsDir);
        } catch (IOException | SecurityException e) {
            return;
        }
        if (!Files.isWritable(logsDir)) return;
        LoggerContext ctx = root.getLoggerContext();
        FileOnFirstLine appender = new FileOnFirstLine(file.toString(), () -> rollingFile(ctx, logsDir, file.toString()));
        appender.setName(FILE);
        appender.setContext(ctx);
        appender.start();
        detach(root, FILE);
        root.addAppender(appender);
    }

    private static RollingFileAppender<ILoggingEvent> rollingFile(LoggerContext ctx, Path logsDir, String file) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setName(FILE);
        appender.setContext(ctx);
        appender.setFile(file);
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(appender);
        rolling.setFileNamePattern(logsDir.toAbsolutePath().resolve("dam.%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(KEEP);
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder(ctx, PATTERN));
        rolling.start();
        trigger.start();
        appender.start();
        return appender;
    }

    /**
     * The log file, opened at its first line: most commands log nothing, and setting up the file's
     * layout is a noticeable part of what a short command costs to start. A file that cannot be
     * opened then is left out, as it was when it was opened at once.
     */
    private static final class FileOnFirstLine extends AppenderBase<ILoggingEvent> {
        final String file;
        private final Supplier<RollingFileAppender<ILoggingEvent>> open;
        private RollingFileAppender<ILoggingEvent> target;

        FileOnFirstLine(String file, Supplier<RollingFileAppender<ILoggingEvent>> open) {
            this.file = file;
            this.open = open;
        }

        @Override
        protected void append(ILoggingEvent event) { // doAppend, which calls this, holds the lock
            if (target == null) target = open.get();
            if (target.isStarted()) target.doAppend(event);
        }

        @Override
        public void stop() {
            super.stop();
            synchronized (this) {
                if (target != null) target.stop();
            }
        }
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }

    private static void detach(Logger root, String name) {
        Appender<ILoggingEvent> old = root.getAppender(name);
        if (old != null) {
            root.detachAppender(old);
            old.stop();
        }
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
