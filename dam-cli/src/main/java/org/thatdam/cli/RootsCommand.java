package org.thatdam.cli;

import java.nio.file.Path;
import java.util.List;
import org.thatdam.catalog.model.LibraryRoot;
import org.thatdam.core.Dam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "roots", description = "Library roots: the folders 'dam scan' and 'dam serve' scan by default.",
        subcommands = {RootsCommand.ListRoots.class, RootsCommand.AddRoot.class, RootsCommand.RemoveRoot.class})
final class RootsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "The library roots.")
    static final class ListRoots extends DamCommand {
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            List<LibraryRoot> roots = dam.library().roots();
            if (json) Output.json(out(), roots);
            else Output.table(out(), List.of("root", "added"), roots.stream().map(r -> List.of(r.path(), r.addedAt().toString())).toList());
            return 0;
        }
    }

    @Command(name = "add", description = "Add a folder as a library root.")
    static final class AddRoot extends DamCommand {
        @Parameters(paramLabel = "DIR") Path dir;

        @Override
        int run(Dam dam) {
            boolean added = dam.library().addRoot(dir);
            out().println((added ? "added root " : "already a root: ") + dir.toAbsolutePath().normalize());
            return 0;
        }
    }

    @Command(name = "remove", description = "Stop scanning a folder by default. Catalogued assets stay.")
    static final class RemoveRoot extends DamCommand {
        @Parameters(paramLabel = "DIR") Path dir;

        @Override
        int run(Dam dam) {
            dam.library().removeRoot(dir);
            out().println("removed root " + dir.toAbsolutePath().normalize());
            return 0;
        }
    }
}
