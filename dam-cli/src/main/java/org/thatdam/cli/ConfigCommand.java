package org.thatdam.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.DamConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "config", description = {
        "Print the effective configuration and where each value came from.",
        "Order of precedence: defaults < <home>/dam.toml < environment (DAM_*) < command-line flags."})
final class ConfigCommand implements Callable<Integer> {

    @Mixin GlobalOptions global;
    @Option(names = "--json") boolean json;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    /** One key in {@code config --json}: its value, where the value came from, and its environment variable. */
    record Shown(String value, String source, String env) {}

    @Override
    public Integer call() {
        DamConfig c = CliContext.config(GlobalOptions.effective(spec.commandLine()), Map.of());
        var out = spec.commandLine().getOut();
        if (json) {
            Map<String, Shown> m = new LinkedHashMap<>();
            for (ConfigKey k : ConfigKey.ALL) {
                DamConfig.Setting s = c.sources().get(k);
                m.put(k.key(), new Shown(k == ConfigKey.HOME ? c.home().toString() : s.value(), s.source(), k.envName()));
            }
            Output.json(out, m);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (ConfigKey k : ConfigKey.ALL) {
            DamConfig.Setting s = c.sources().get(k);
            rows.add(List.of(k.key(), k == ConfigKey.HOME ? c.home().toString() : s.value(), s.source(), k.envName()));
        }
        Output.table(out, List.of("key", "value", "source", "environment"), rows);
        out.println();
        for (ConfigKey k : ConfigKey.ALL) out.printf("  %-22s %s%n", k.key(), k.description());
        out.flush();
        return 0;
    }
}
