package org.thatdam.cli;

import org.thatdam.core.Dam;
import org.thatdam.model.Actor;
import picocli.CommandLine.Command;
import org.thatdam.cli.client.ServerClient;

@Command(name = "reindex", description = "Rebuild the search index from the catalog (the catalog is the source of truth).")
final class ReindexCommand extends DamCommand {

    @Override
    int run(Dam dam) throws InterruptedException {
        long t0 = System.nanoTime();
        // While a server owns the index, it rebuilds it (and keeps serving searches meanwhile).
        var server = ServerClient.forLibrary(dam.layout(), err());
        long n = server.isPresent() ? server.get().reindex().documents() : dam.search().rebuild(Actor.commandLine());
        out().printf("indexed %,d asset(s) in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
