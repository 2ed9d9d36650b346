package org.thatdam.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command accepts. */
public final class GlobalOptions {
    @Option(names = "--home", paramLabel = "DIR", description = "Library data folder (default: $DAM_HOME or ~/.dam).")
    Path home;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: <home>/dam.toml).")
    Path config;
}
