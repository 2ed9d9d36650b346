package org.thatdam.cli;

import org.thatdam.core.Dam;
import picocli.CommandLine.Command;

@Command(name = "reindex", description = "Rebuild the search index from the catalog (the catalog is the source of truth).")
final class ReindexCommand extends DamCommand {

    @Override
    int run(Dam dam) {
        long t0 = System.nanoTime();
        long n = dam.search().rebuild();
        out().printf("indexed %,d asset(s) in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
