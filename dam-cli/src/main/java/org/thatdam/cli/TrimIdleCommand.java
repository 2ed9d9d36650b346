package org.thatdam.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.thatdam.model.Actor;
import org.thatdam.model.MediaInfo;
import org.thatdam.core.Dam;
import org.thatdam.model.DamException;
import org.thatdam.server.api.TrimReportView;
import org.thatdam.core.process.ProcessTarget;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.process.IdleTrimService;
import org.thatdam.core.process.TrimReport;
import org.thatdam.core.process.TrimRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "trim-idle", description = {"Cut the idle stretches (frozen picture; with --silence only while also silent) out of a video.",
        "On an asset the result is kept as its derivative 'idle-trimmed'; on another file it goes to --out or to exports/NAME-trimmed.mp4."})
final class TrimIdleCommand extends DamCommand {

    @Parameters(paramLabel = "ID|FILE", description = "Asset id, the path of a catalogued file, or any video or audio file.")
    String ref;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the result here (must not exist: an original is never replaced).")
    String out;

    @Option(names = "--noise", paramLabel = "DB", description = "Picture (and sound) changes quieter than this count as idle (default ${DEFAULT-VALUE}).",
            defaultValue = "-50")
    double noiseDb;

    @Option(names = "--min-idle", paramLabel = "SEC", description = "Only stretches idle at least this long are cut (default ${DEFAULT-VALUE}).",
            defaultValue = "2.0")
    double minIdle;

    @Option(names = "--pad", paramLabel = "SEC", description = "Context kept on each side of a cut (default ${DEFAULT-VALUE}).",
            defaultValue = "0.25")
    double pad;

    @Option(names = "--silence", description = "A stretch is idle only when the picture is frozen and the sound is silent too.")
    boolean silence;

    @Option(names = "--dry-run", description = "Only find and print the ranges; write nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the API's trim report and the files delivered.")
    boolean json;

    @Override
    int run(Dam dam) throws Exception {
        ProcessTarget.refuseExisting(out);
        ProcessTarget target = ProcessTarget.resolve(dam.assets(), ref);
        TrimRequest request = new TrimRequest(noiseDb, minIdle, pad, silence, dryRun);
        boolean bar = !json && ProgressLine.onTerminal();
        TrimReport report;
        Path output = null;
        if (target.isAsset()) {
            long assetId = target.asset().asset().id();
            long jobId = dam.idleTrim().request(assetId, request, Actor.commandLine());
            if (!JobWait.awaitDone(dam, jobId, err(), bar, "idle trim of asset " + assetId)) {
                return 1;
            }
            report = dam.idleTrim().latest(assetId)
                    .orElseThrow(() -> DamException.notFound("asset " + assetId + " has no idle trim (deleted meanwhile?)"));
            if (report.output() != null) {
                String kind = report.output();
                output = dam.assets().derivativeFile(assetId, kind)
                        .orElseThrow(() -> DamException.notFound("asset " + assetId + " has no derivative '" + kind + "' (deleted meanwhile?)"));
                if (out != null) output = ProcessTarget.deliver(output, out);
            }
        } else {
            MediaInfo media = target.probe(dam.prober());
            Path work = ProcessTarget.workDir(dam.layout(), "trim-");
            try (TaskProgress progress = new TaskProgress(err(), "trim-idle", bar)) {
                report = dam.idleTrim().trim(target.file(), media, request, work.resolve(IdleTrimService.outputName(media)),
                        progress, () -> false);
                if (report.output() != null) {
                    output = target.deliverResult(dam.layout(), Path.of(report.output()), "trimmed", out);
                    report = report.withOutput(output.toString()); // the working copy is gone
                }
            } finally {
                DerivativeFiles.deleteTree(work);
            }
        }
        if (json) {
            Output.json(out(), Delivered.of(TrimReportView.of(report), output == null ? List.of() : List.of(output)));
            return 0;
        }
        out().printf(Locale.ROOT, "%.2fs -> %.2fs: %d range(s) kept, %d removed%n", report.inputSec(), report.outputSec(),
                report.kept().size(), report.removed().size());
        out().println();
        Output.table(out(), List.of("", "start", "end", "length"), java.util.stream.Stream.concat(
                report.kept().stream().map(r -> row("keep", r)), report.removed().stream().map(r -> row("cut", r)))
                .sorted((a, b) -> Double.compare(Double.parseDouble(a.get(1)), Double.parseDouble(b.get(1)))).toList());
        if (output != null) out().println("\noutput: " + output);
        return 0;
    }

    private static List<String> row(String what, double[] r) {
        return List.of(what, String.format(Locale.ROOT, "%.3f", r[0]), String.format(Locale.ROOT, "%.3f", r[1]),
                String.format(Locale.ROOT, "%.3f", r[1] - r[0]));
    }

}
