package org.thatdam.cli;

import org.thatdam.core.Dam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "recent", description = "The most recently catalogued assets.")
final class RecentCommand extends DamCommand {

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "20") int n;
    @Option(names = "--json", description = "Print the page as the API's asset list.") boolean json;

    @Override
    int run(Dam dam) {
        ListCommand.print(this, dam, org.thatdam.model.AssetQuery.all(n), json);
        return 0;
    }
}
