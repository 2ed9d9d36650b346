package org.thatdam.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layering: defaults < dam.toml < DAM_* environment < command-line flags, with sources reported. */
class ConfigLoaderTest {

    @TempDir
    Path tmp;
    Path home;
    Map<ConfigKey, String> homeFlag;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        homeFlag = Map.of(ConfigKey.HOME, home.toString());
    }

    private void toml(String text) throws Exception {
        Files.writeString(home.resolve("dam.toml"), text);
    }

    private static String source(DamConfig c, ConfigKey k) {
        return c.sources().get(k).source();
    }

    @Test
    void defaults() {
        DamConfig c = ConfigLoader.load(Map.of(), null, homeFlag);

        assertThat(c.home()).isEqualTo(home);
        assertThat(c.serverHost()).isEqualTo("127.0.0.1");
        assertThat(c.serverPort()).isEqualTo(8080);
        assertThat(c.scanWorkers()).isEqualTo(Runtime.getRuntime().availableProcessors()); // 0 = one per core
        assertThat(c.scanSettle()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.probeTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.ffmpegPath()).isEmpty();
        assertThat(c.ffprobePath()).isEmpty();
        assertThat(c.scanOnServe()).isTrue();
        assertThat(c.console()).isEqualTo(new DamConfig.Console(Duration.ofMinutes(30), 2048L << 20, 1000, 1024L << 20));
        assertThat(c.sources()).hasSize(ConfigKey.ALL.size());
        for (ConfigKey k : ConfigKey.ALL) {
            if (k != ConfigKey.HOME) {
                assertThat(c.sources().get(k)).as(k.key())
                        .isEqualTo(new DamConfig.Setting(k.defaultValue(), "default"));
            }
        }
        assertThat(source(c, ConfigKey.HOME)).isEqualTo("command line");
    }

    @Test
    void defaultHomeIsDotDamUnderTheUsersHomeAndLoadingCreatesNothing() {
        Path userHome = tmp.resolve("user");
        DamConfig c = ConfigLoader.load(Map.of("HOME", userHome.toString()), null, Map.of());

        assertThat(c.home()).isEqualTo(userHome.resolve(".dam"));
        assertThat(source(c, ConfigKey.HOME)).isEqualTo("default");
        assertThat(Files.exists(userHome)).isFalse();
    }

    @Test
    void homeFromTheEnvironmentAndTilde() {
        DamConfig env = ConfigLoader.load(Map.of("DAM_HOME", home.toString()), null, Map.of());
        assertThat(env.home()).isEqualTo(home);
        assertThat(source(env, ConfigKey.HOME)).isEqualTo("env DAM_HOME");

        DamConfig tilde = ConfigLoader.load(Map.of("HOME", tmp.toString()), null, Map.of(ConfigKey.HOME, "~/lib"));
        assertThat(tilde.home()).isEqualTo(tmp.resolve("lib"));
        DamConfig flagWins = ConfigLoader.load(Map.of("DAM_HOME", "/elsewhere"), null, homeFlag);
        assertThat(flagWins.home()).isEqualTo(home);
    }

    @Test
    void fileOverridesDefaultsEnvOverridesFileFlagOverridesEnv() throws Exception {
        toml("""
                [server]
                port = 9000
                host = "0.0.0.0"

                [scan]
                workers = 3
                settle-seconds = 7
                """);
        Path file = home.resolve("dam.toml");

        DamConfig fromFile = ConfigLoader.load(Map.of(), null, homeFlag);
        assertThat(fromFile.serverPort()).isEqualTo(9000);
        assertThat(fromFile.serverHost()).isEqualTo("0.0.0.0");
        assertThat(fromFile.scanWorkers()).isEqualTo(3);
        assertThat(fromFile.scanSettle()).isEqualTo(Duration.ofSeconds(7));
        assertThat(source(fromFile, ConfigKey.SERVER_PORT)).isEqualTo(file.toString());
        assertThat(source(fromFile, ConfigKey.SCAN_SETTLE_SECONDS)).isEqualTo(file.toString());
        assertThat(source(fromFile, ConfigKey.PROBE_TIMEOUT_SECONDS)).isEqualTo("default");

        Map<String, String> env = Map.of("DAM_SERVER_PORT", " 9100 ", "DAM_SCAN_SETTLE_SECONDS", "11");
        DamConfig fromEnv = ConfigLoader.load(env, null, homeFlag);
        assertThat(fromEnv.serverPort()).isEqualTo(9100);
        assertThat(source(fromEnv, ConfigKey.SERVER_PORT)).isEqualTo("env DAM_SERVER_PORT");
        assertThat(fromEnv.scanSettle()).isEqualTo(Duration.ofSeconds(11));
        assertThat(source(fromEnv, ConfigKey.SCAN_SETTLE_SECONDS)).isEqualTo("env DAM_SCAN_SETTLE_SECONDS");
        assertThat(fromEnv.serverHost()).isEqualTo("0.0.0.0"); // still from the file
        assertThat(source(fromEnv, ConfigKey.SERVER_HOST)).isEqualTo(file.toString());

        DamConfig fromFlag = ConfigLoader.load(env, null,
                Map.of(ConfigKey.HOME, home.toString(), ConfigKey.SERVER_PORT, "9200"));
        assertThat(fromFlag.serverPort()).isEqualTo(9200);
        assertThat(source(fromFlag, ConfigKey.SERVER_PORT)).isEqualTo("command line");
        assertThat(fromFlag.scanSettle()).isEqualTo(Duration.ofSeconds(11));

        // A blank environment variable does not count.
        DamConfig blank = ConfigLoader.load(Map.of("DAM_SERVER_PORT", "  "), null, homeFlag);
        assertThat(blank.serverPort()).isEqualTo(9000);
        assertThat(source(blank, ConfigKey.SERVER_PORT)).isEqualTo(file.toString());
    }

    @Test
    void dottedKeysQuotedNumbersAndBooleansInTheFile() throws Exception {
        toml("""
                server.port = "9300"
                serve.scan-on-start = false
                probe.timeout-seconds = 5
                """);
        DamConfig c = ConfigLoader.load(Map.of(), null, homeFlag);
        assertThat(c.serverPort()).isEqualTo(9300);
        assertThat(c.scanOnServe()).isFalse();
        assertThat(c.probeTimeout()).isEqualTo(Duration.ofSeconds(5));

        DamConfig envBool = ConfigLoader.load(Map.of("DAM_SERVE_SCAN_ON_START", "yes"), null, homeFlag);
        assertThat(envBool.scanOnServe()).isTrue();

        toml("""
                [console]
                max-memory-mb = 200
                max-output-files = 50
                """);
        DamConfig limits = ConfigLoader.load(Map.of(), null, homeFlag);
        assertThat(limits.console().maxMemoryBytes()).isEqualTo(200L * 1024 * 1024);
        assertThat(limits.console().maxOutputFiles()).isEqualTo(50);
        assertThat(source(envBool, ConfigKey.SERVE_SCAN_ON_START)).isEqualTo("env DAM_SERVE_SCAN_ON_START");
    }

    @Test
    void explicitConfigFileIsUsedInsteadOfTheOneInHome() throws Exception {
        toml("server.port = 9000\n");
        Path other = tmp.resolve("other.toml");
        Files.writeString(other, "[server]\nport = 9400\n");

        DamConfig c = ConfigLoader.load(Map.of(), other, homeFlag);

        assertThat(c.serverPort()).isEqualTo(9400);
        assertThat(source(c, ConfigKey.SERVER_PORT)).isEqualTo(other.toString());
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), tmp.resolve("missing.toml"), homeFlag))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config file not found")
                .hasMessageContaining("missing.toml");
    }

    @Test
    void badValuesNameTheKeyAndWhereTheyCameFrom() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("DAM_SERVER_PORT", "eighty"), null, homeFlag))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.port").hasMessageContaining("eighty")
                .hasMessageContaining("env DAM_SERVER_PORT").hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), null,
                Map.of(ConfigKey.HOME, home.toString(), ConfigKey.SERVER_PORT, "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.port").hasMessageContaining("command line")
                .hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("DAM_SCAN_WORKERS", "-1"), null, homeFlag))
                .isInstanceOf(ConfigException.class).hasMessageContaining("scan.workers");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("DAM_PROBE_TIMEOUT_SECONDS", "0"), null, homeFlag))
                .isInstanceOf(ConfigException.class).hasMessageContaining("probe.timeout-seconds");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("DAM_SERVE_SCAN_ON_START", "maybe"), null, homeFlag))
                .isInstanceOf(ConfigException.class).hasMessageContaining("serve.scan-on-start")
                .hasMessageContaining("true or false");
        Path notExecutable = Files.writeString(tmp.resolve("ffmpeg"), "not a program");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), null,
                Map.of(ConfigKey.HOME, home.toString(), ConfigKey.FFMPEG_PATH, notExecutable.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ffmpeg.path")
                .hasMessageContaining("not an executable");

        toml("[scan]\nsettle-seconds = \"soon\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), null, homeFlag))
                .isInstanceOf(ConfigException.class).hasMessageContaining("scan.settle-seconds")
                .hasMessageContaining(home.resolve("dam.toml").toString());
        // A good value from a higher layer hides the bad one underneath.
        assertThat(ConfigLoader.load(Map.of("DAM_SCAN_SETTLE_SECONDS", "2"), null, homeFlag).scanSettle())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void executablePathsAreAccepted() {
        DamConfig c = ConfigLoader.load(Map.of(), null,
                Map.of(ConfigKey.HOME, home.toString(), ConfigKey.FFPROBE_PATH, "/bin/sh"));
        assertThat(c.ffprobePath()).isEqualTo(Optional.of(Path.of("/bin/sh")));
        assertThat(c.ffmpegPath()).isEmpty();
    }

    @Test
    void unknownKeysHomeAndMalformedFilesAreRejected() throws Exception {
        toml("[server]\nprot = 9000\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), null, homeFlag))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown setting 'server.prot'")
                .hasMessageContaining(home.resolve("dam.toml").toString());

        toml("colour = \"blue\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), null, homeFlag))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown setting 'colour'");

        toml("home = \"/somewhere/else\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), null, homeFlag))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'home' cannot be set");

        toml("[server\nport = = 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), null, homeFlag))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read")
                .hasMessageContaining("dam.toml");
    }

    @Test
    void everyKeyHasAnEnvironmentName() {
        assertThat(ConfigKey.SERVER_PORT.envName()).isEqualTo("DAM_SERVER_PORT");
        assertThat(ConfigKey.SCAN_SETTLE_SECONDS.envName()).isEqualTo("DAM_SCAN_SETTLE_SECONDS");
        assertThat(ConfigKey.byKey("probe.timeout-seconds")).isEqualTo(ConfigKey.PROBE_TIMEOUT_SECONDS);
        assertThat(ConfigKey.byKey("nope")).isNull();
        for (ConfigKey k : ConfigKey.ALL) {
            assertThat(ConfigLoader.load(Map.of(k.envName(), k == ConfigKey.HOME ? home.toString() : k.defaultValue()),
                    null, k == ConfigKey.HOME ? Map.of() : homeFlag).sources().get(k).source())
                    .as(k.key()).isEqualTo(k.defaultValue().isBlank() ? "default" : "env " + k.envName()); // blank env is ignored
        }
    }
}
