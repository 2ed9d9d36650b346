package org.thatdam.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command accepts. */
public final class GlobalOptions {
    @Option(names = "--home", paramLabel = "DIR", description = "Library data folder (default: $DAM_HOME or ~/.dam).")
    Path home;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: <home>/dam.toml).")
    Path config;

    @Option(names = "--verbose", description = "Also print log lines on stderr (they always go to <home>/logs/dam.log).")
    boolean verbose;

    /**
     * These options as given to {@code command}, or else before it on the command line
     * ({@code dam --home X scan} means the same as {@code dam scan --home X}).
     */
    static GlobalOptions effective(picocli.CommandLine command) {
        GlobalOptions g = new GlobalOptions();
        for (picocli.CommandLine c = command; c != null; c = c.getParent()) {
            for (Object mixin : c.getMixins().values()) {
                if (mixin instanceof GlobalOptions o) {
                    if (g.home == null) g.home = o.home;
                    if (g.config == null) g.config = o.config;
                    g.verbose |= o.verbose;
                }
            }
        }
        return g;
    }
}
