package org.thatdam.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.thatdam.model.Actor;
import org.thatdam.model.LibraryRoot;
import org.thatdam.core.Dam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

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
            List<LibraryRoot> roots = dam.roots().roots();
            if (json) Output.json(out(), roots.stream().map(org.thatdam.server.api.RootView::of).toList());
            else Output.table(out(), List.of("root", "added"), roots.stream().map(r -> List.of(r.path(), r.addedAt().toString())).toList());
            return 0;
        }
    }

    @Command(name = "add", description = {"Add a folder as a library root and scan it.",
            "Refused: the whole file system; /proc, /sys, /dev, /run and /boot; the library's data folder; "
                    + "a folder inside another root or holding one."})
    static final class AddRoot extends DamCommand {
        @Parameters(paramLabel = "DIR") Path dir;

        @Option(names = "--no-scan", description = "Only add it; the next scan (or a running server) catalogues it.")
        boolean noScan;

        @Override
        int run(Dam dam) throws Exception {
            var result = dam.roots().add(dir, Actor.commandLine());
            boolean added = result.added();
            String root = result.root().path();
            out().println((added ? "added root " : "already a root: ") + Units.clean(root));
            if (added && !noScan) {
                out().flush();
                ScanCommand.print(out(), ScanCommand.scan(dam, List.of(Path.of(root)), Optional.empty(), null, err(), true), false);
            }
            return 0;
        }
    }

    @Command(name = "remove", description = "Stop scanning a folder by default. Catalogued assets stay.")
    static final class RemoveRoot extends DamCommand {
        @Parameters(paramLabel = "DIR") Path dir;

        @Override
        int run(Dam dam) {
            out().println("removed root " + Units.clean(dam.scans().removeRoot(dir, Actor.commandLine()).path()));
            return 0;
        }
    }
}
