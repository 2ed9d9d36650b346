package org.thatdam.cli;

import java.nio.file.Path;
import java.util.List;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.Batch;
import org.thatdam.core.Dam;
import org.thatdam.core.scan.ScanService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "batches", description = "Groups of assets (by default, the folder a file was found in).",
        subcommands = {BatchesCommand.ListBatches.class, BatchesCommand.ShowBatch.class, BatchesCommand.CreateBatch.class,
                BatchesCommand.RenameBatch.class, BatchesCommand.DeleteBatch.class})
final class BatchesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static List<String> row(Batch b) {
        return List.of(b.name(), b.assetCount() + "", Units.bytes(b.totalBytes()), Units.duration(b.totalDurationSec()),
                b.createdAt().toString());
    }

    static final List<String> HEADERS = List.of("batch", "assets", "bytes", "duration", "created");

    @Command(name = "list", description = "All batches with their counts.")
    static final class ListBatches extends DamCommand {
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            List<Batch> batches = dam.batches().batches();
            if (json) Output.json(out(), batches.stream().map(org.thatdam.server.api.BatchView::of).toList());
            else Output.table(out(), HEADERS, batches.stream().map(BatchesCommand::row).toList());
            return 0;
        }
    }

    @Command(name = "show", description = "One batch and its assets.")
    static final class ShowBatch extends DamCommand {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--limit", defaultValue = "1000") int limit;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            Batch b = dam.batches().batch(name);
            var assets = dam.assets().list(new AssetQuery(name, null, null, AssetQuery.Sort.NAME, limit, 0));
            if (json) {
                Output.json(out(), new org.thatdam.server.api.BatchPage(org.thatdam.server.api.BatchView.of(b),
                        assets.stream().map(org.thatdam.server.api.AssetSummary::of).toList()));
                return 0;
            }
            Output.table(out(), HEADERS, List.of(row(b)));
            out().println();
            ListCommand.table(this, assets);
            return 0;
        }
    }

    @Command(name = "create", description = "Scan FOLDER (a library root or a folder inside one) and put every asset under it into batch NAME.")
    static final class CreateBatch extends DamCommand {
        @Parameters(paramLabel = "FOLDER") Path folder;
        @Option(names = "--name", required = true, paramLabel = "NAME") String name;
        @Option(names = "--json", description = "Print the batch as the API answers it.") boolean json;

        @Override
        int run(Dam dam) {
            ScanService.BatchCreated created = dam.scans().createBatch(folder.toAbsolutePath().toString(), name, Actor.commandLine());
            if (json) {
                Output.json(out(), org.thatdam.server.api.BatchView.of(created.batch()));
            } else {
                out().printf("batch '%s': %d asset(s) (%d new, %d failed)%n", Units.clean(created.batch().name()), created.assigned(),
                        created.scan().added(), created.scan().failed());
            }
            return 0;
        }
    }

    @Command(name = "rename", description = "Rename a batch.")
    static final class RenameBatch extends DamCommand {
        @Parameters(index = "0", paramLabel = "NAME") String from;
        @Parameters(index = "1", paramLabel = "NEW_NAME") String to;

        @Override
        int run(Dam dam) {
            dam.batches().renameBatch(from, to, Actor.commandLine());
            out().printf("renamed batch '%s' to '%s'%n", Units.clean(from), Units.clean(to.strip()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete the grouping. Assets and files stay.")
    static final class DeleteBatch extends DamCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        int run(Dam dam) {
            dam.batches().deleteBatch(name, Actor.commandLine());
            out().printf("deleted batch '%s' (its assets and files are untouched)%n", Units.clean(name));
            return 0;
        }
    }
}
