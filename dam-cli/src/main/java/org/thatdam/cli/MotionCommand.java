package org.thatdam.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.thatdam.core.Dam;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.server.api.MotionReportView;
import org.thatdam.core.process.ProcessTarget;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.process.MotionReport;
import org.thatdam.core.process.MotionRequest;
import org.thatdam.media.motion.MotionSegment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "motion", description = {"Find where a video moves: segments, stills at the peaks, optionally a clip of only the moving parts.",
        "On an asset the results are kept as its derivatives; on another file they go only where --frames/--clip say."})
final class MotionCommand extends DamCommand {

    @Parameters(paramLabel = "ID|FILE", description = "Asset id, the path of a catalogued file, or any video file.")
    String ref;

    @Option(names = "--sensitivity", paramLabel = "0..1", description = "Higher finds smaller or subtler motion (default ${DEFAULT-VALUE}).",
            defaultValue = "0.5")
    double sensitivity;

    @Option(names = "--min-segment", paramLabel = "SEC", description = "Drop moving parts shorter than this (default ${DEFAULT-VALUE}).",
            defaultValue = "1.0")
    double minSegment;

    @Option(names = "--frames", paramLabel = "DIR", description = "Also save JPEG stills of the motion peaks into DIR (existing files are never replaced).")
    String framesDir;

    @Option(names = "--peaks", paramLabel = "N", description = "How many peak stills at most (default ${DEFAULT-VALUE}).", defaultValue = "6")
    int peaks;

    @Option(names = "--clip", paramLabel = "OUT", description = "Also write an MP4 of only the moving parts to OUT (must not exist).")
    String clipOut;

    @Option(names = "--json", description = "Print the API's motion report and the files delivered.")
    boolean json;

    @Override
    int run(Dam dam) throws Exception {
        ProcessTarget.refuseExisting(clipOut);
        if (framesDir != null) framesDir = ProcessTarget.userFolder(framesDir).toString();
        ProcessTarget target = ProcessTarget.resolve(dam.assets(), ref);
        boolean bar = !json && ProgressLine.onTerminal();
        MotionReport report;
        List<Path> frames = new ArrayList<>();
        Path clip = null;
        if (target.isAsset()) {
            long assetId = target.asset().asset().id();
            long jobId = dam.motion().request(assetId, new MotionRequest(sensitivity, minSegment, peaks, clipOut != null),
                    Actor.commandLine());
            if (!JobWait.awaitDone(dam, jobId, err(), bar, "motion analysis of asset " + assetId)) return 1;
            report = dam.motion().latest(assetId)
                    .orElseThrow(() -> DamException.notFound("asset " + assetId + " has no motion analysis (deleted meanwhile?)"));
            for (String kind : report.frames()) {
                Path f = derivative(dam, assetId, kind);
                // the derivative itself, or the copy the user asked for
                frames.add(framesDir == null ? f : ProcessTarget.deliver(f, Path.of(framesDir, f.getFileName().toString()).toString()));
            }
            if (clipOut != null && report.clip() != null) {
                clip = ProcessTarget.deliver(derivative(dam, assetId, report.clip()), clipOut);
            }
        } else {
            Path work = ProcessTarget.workDir(dam.layout(), "motion-");
            try (TaskProgress progress = new TaskProgress(err(), "motion", bar)) {
                report = dam.motion().analyze(target.file(), target.probe(dam.prober()),
                        new MotionRequest(sensitivity, minSegment, framesDir == null ? 0 : peaks, clipOut != null), work,
                        progress, () -> false);
                for (String f : report.frames()) {
                    frames.add(target.deliverResult(dam.layout(), Path.of(f), "motion",
                            Path.of(framesDir, Path.of(f).getFileName().toString()).toString()));
                }
                if (report.clip() != null) clip = target.deliverResult(dam.layout(), Path.of(report.clip()), "motion", clipOut);
            } finally {
                DerivativeFiles.deleteTree(work);
            }
            // The working copies are gone: the report names the delivered files instead.
            report = report.withOutputs(frames.stream().map(Path::toString).toList(), clip == null ? null : clip.toString());
        }
        if (json) {
            List<Path> files = new ArrayList<>(frames);
            if (clip != null) files.add(clip);
            Output.json(out(), Delivered.of(MotionReportView.of(report), files));
            return 0;
        }
        out().printf(Locale.ROOT, "%.1fs of motion in %.1fs, %d segment(s), analysed in %.1fs (%.0fx realtime)%n",
                report.motionSec(), report.durationSec(), report.segments().size(), report.analysisSec(),
                report.analysisSec() > 0 ? report.durationSec() / report.analysisSec() : 0);
        if (!report.segments().isEmpty()) {
            out().println();
            Output.table(out(), List.of("start", "end", "length", "peak", "peak at"), report.segments().stream()
                    .map(MotionCommand::row).toList());
        }
        frames.forEach(f -> out().println("still: " + f));
        if (clip != null) out().println("clip: " + clip);
        if (clipOut != null && clip == null) out().println("no clip: nothing moves at these settings");
        if (framesDir != null && Files.isDirectory(Path.of(framesDir)) && frames.isEmpty()) out().println("no stills: nothing moves");
        return 0;
    }

    private static Path derivative(Dam dam, long assetId, String kind) {
        return dam.assets().derivativeFile(assetId, kind)
                .orElseThrow(() -> DamException.notFound("asset " + assetId + " has no derivative '" + kind + "' (deleted meanwhile?)"));
    }

    private static List<String> row(MotionSegment s) {
        return List.of(String.format(Locale.ROOT, "%.2f", s.startSec()), String.format(Locale.ROOT, "%.2f", s.endSec()),
                String.format(Locale.ROOT, "%.2f", s.endSec() - s.startSec()), String.format(Locale.ROOT, "%.3f", s.peakScore()),
                String.format(Locale.ROOT, "%.2f", s.peakSec()));
    }
}
