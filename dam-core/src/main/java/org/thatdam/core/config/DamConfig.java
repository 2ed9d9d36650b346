package org.thatdam.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration, typed. Built by {@link ConfigLoader} from defaults &lt; dam.toml &lt;
 * environment (DAM_*) &lt; command-line flags; {@link #sources} remembers where each value came from.
 */
public record DamConfig(
        Path home,
        String serverHost,
        int serverPort,
        int scanWorkers,
        Duration scanSettle,
        Duration probeTimeout,
        Optional<Path> ffmpegPath,
        Optional<Path> ffprobePath,
        boolean scanOnServe,
        Map<ConfigKey, Setting> sources) {

    /** A value and the place it came from ("default", a file path, "env DAM_…", "flag --…"). */
    public record Setting(String value, String source) {}

    public DamConfig withServer(String host, int port) {
        return new DamConfig(home, host, port, scanWorkers, scanSettle, probeTimeout, ffmpegPath, ffprobePath,
                scanOnServe, sources);
    }
}
