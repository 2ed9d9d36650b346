package org.thatdam.cli;

import org.thatdam.core.Dam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "recent", description = "The most recently catalogued assets.")
final class RecentCommand extends DamCommand {

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "20") int n;
    @Option(names = "--json", description = "Print JSON.") boolean json;

    @Override
    int run(Dam dam) {
        ListCommand.print(this, dam.assets().recent(n), json);
        return 0;
    }
}
