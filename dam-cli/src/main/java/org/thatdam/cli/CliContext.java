package org.thatdam.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.config.DamConfig;
import org.thatdam.storage.DataLayout;

/** Turns global options (and a command's own overrides) into the effective config and an open library. */
final class CliContext {

    private CliContext() {}

    static DamConfig config(GlobalOptions g, Map<ConfigKey, String> overrides) {
        DamConfig config = load(g, overrides);
        CliLogging.toFolder(new DataLayout(config.home()).logsDir());
        return config;
    }

    /** For a command that only talks to a server: it logs into the library only when there is one, never making it. */
    static DamConfig clientConfig(GlobalOptions g) {
        DamConfig config = load(g, Map.of());
        if (java.nio.file.Files.isDirectory(config.home())) CliLogging.toFolder(new DataLayout(config.home()).logsDir());
        return config;
    }

    private static DamConfig load(GlobalOptions g, Map<ConfigKey, String> overrides) {
        Map<ConfigKey, String> flags = new LinkedHashMap<>();
        if (g.home != null) flags.put(ConfigKey.HOME, g.home.toString());
        flags.putAll(overrides);
        return ConfigLoader.load(System.getenv(), g.config, flags);
    }

    static Dam open(GlobalOptions g) {
        return Dam.open(config(g, Map.of()));
    }
}
