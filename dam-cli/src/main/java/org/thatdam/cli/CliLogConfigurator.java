package org.thatdam.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The program's logging set-up, in code: parsing an XML configuration is a good part of what a
 * short command costs to start. Command output goes to stdout and errors are one line on stderr,
 * so log lines have no appender here; {@link CliLogging} adds {@code <home>/logs/dam.log} once the
 * library folder is known, and stderr when verbose. A configuration file named with
 * {@code -Dlogback.configurationFile} still wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class CliLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        // java.util.logging levels follow these, so JUL callers do not build records nobody logs
        LevelChangePropagator jul = new LevelChangePropagator();
        jul.setContext(context);
        jul.setResetJUL(true);
        jul.start();
        context.addListener(jul);
        context.getLogger("org.thatdam").setLevel(Level.toLevel(System.getProperty("dam.log.level"), Level.INFO));
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
