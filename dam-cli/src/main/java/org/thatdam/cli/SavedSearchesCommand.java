package org.thatdam.cli;

import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.model.Principal;
import org.thatdam.model.SavedSearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "saved-searches", description = "The searches people saved in the dashboard (each account its own).",
        subcommands = {SavedSearchesCommand.ListSaved.class, SavedSearchesCommand.Delete.class})
final class SavedSearchesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "A user's saved searches, by name (run one with: dam search --filter FILTER QUERY).")
    static final class ListSaved extends DamCommand {
        @Option(names = "--user", required = true, paramLabel = "NAME") String user;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            List<SavedSearch> saved = dam.savedSearches().list(user, Principal.commandLine());
            if (json) {
                Output.json(out(), saved);
                return 0;
            }
            Output.table(out(), List.of("id", "name", "query", "filter", "sort"),
                    saved.stream().map(s -> List.of(s.id() + "", Units.clean(s.name()), Units.clean(s.query()),
                            Units.clean(s.filter()), Output.str(s.sort()))).toList());
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a saved search (its id from list).")
    static final class Delete extends DamCommand {
        @Parameters(paramLabel = "ID") long id;

        @Override
        int run(Dam dam) {
            dam.savedSearches().delete(id, Principal.commandLine());
            out().printf("deleted saved search %d%n", id);
            return 0;
        }
    }
}
