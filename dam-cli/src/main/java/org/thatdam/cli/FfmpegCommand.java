package org.thatdam.cli;

import org.thatdam.model.Actor;
import org.thatdam.model.DamException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.thatdam.model.ConsoleRun;
import org.thatdam.model.Job;
import org.thatdam.core.Dam;
import org.thatdam.core.process.ProcessTarget;
import org.thatdam.core.process.ConsoleRequest;
import org.thatdam.media.console.Preset;
import org.thatdam.media.console.PresetParam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "ffmpeg", description = "Run ffmpeg on an asset or file: a preset, or checked custom arguments after --.",
        footerHeading = "%n", footer = {
            "There is no shell: the arguments are a token list. {{input}} is the file and",
            "{{output.EXT}} a new file in a sandbox folder; anything that reads or writes",
            "elsewhere, opens devices or the network, or runs scripts is refused, naming",
            "the argument and why.",
            "",
            "Examples:",
            "  dam ffmpeg 12 --preset scale --param width=640",
            "  dam ffmpeg clip.mov -- -i {{input}} -vf hflip -c:a copy {{output.mp4}}",
            "  dam ffmpeg presets | dam ffmpeg history"},
        subcommands = {FfmpegCommand.PresetsCommand.class, FfmpegCommand.HistoryCommand.class})
final class FfmpegCommand extends DamCommand {

    @Parameters(index = "0", paramLabel = "ID|FILE", arity = "0..1", description = "Asset id, a catalogued file's path, or any media file.")
    String ref;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Custom ffmpeg arguments (after --).")
    List<String> args = new ArrayList<>();

    @Option(names = "--preset", paramLabel = "NAME", description = "A preset (see: dam ffmpeg presets).")
    String preset;

    // Parsed here, not by picocli, so a malformed one is said plainly.
    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A preset parameter; repeatable.")
    List<String> paramArgs = new ArrayList<>();

    @Option(names = "--json", description = "Print the API's record of the run and the files delivered.")
    boolean json;

    @Override
    int run(Dam dam) throws Exception {
        if (ref == null) {
            spec.commandLine().usage(out());
            return 2;
        }
        // One rule for every caller: a preset or custom arguments, never both (none is dropped silently).
        Map<String, String> params = params(paramArgs);
        ConsoleRequest request = new ConsoleRequest(preset, params.isEmpty() ? null : params, args.isEmpty() ? null : args);
        ProcessTarget target = ProcessTarget.resolve(dam.assets(), ref);
        boolean bar = !json && ProgressLine.onTerminal();
        ConsoleRun run;
        List<Path> files = new ArrayList<>();
        if (target.isAsset()) {
            long assetId = target.asset().asset().id();
            run = dam.console().submit(assetId, request, Actor.commandLine());
            Job job = JobWait.await(dam, run.jobId(), err(), bar);
            run = dam.console().run(run.id());
            for (String kind : run.outputs()) {
                dam.assets().derivativeFile(assetId, kind).ifPresent(files::add);
            }
            if (run.state().equals("queued") || run.state().equals("running")) {
                throw DamException.conflict("ffmpeg run " + run.id() + " is still " + run.state() + " (job " + job.state().id() + ")");
            }
        } else {
            Double duration = target.probe(dam.prober()).durationSec();
            Path work = ProcessTarget.workDir(dam.layout(), "ffmpeg-");
            try (TaskProgress progress = new TaskProgress(err(), "ffmpeg", bar)) {
                run = dam.console().runFile(target.file(), duration == null ? 0 : duration, request, work, progress, () -> false);
                for (String made : run.outputs()) {
                    files.add(target.deliverResult(dam.layout(), Path.of(made), request.preset() != null ? request.preset() : "ffmpeg", null));
                }
            } finally {
                org.thatdam.core.derive.DerivativeFiles.deleteTree(work);
            }
        }
        if (json) {
            Output.json(out(), Delivered.of(org.thatdam.server.api.ConsoleRunView.of(run), files));
        } else {
            out().println("run " + run.id() + ": " + run.state() + (run.exitCode() == null ? "" : " (exit " + run.exitCode() + ")")
                    + (run.durationMs() == null ? "" : String.format(Locale.ROOT, " in %.1fs", run.durationMs() / 1000.0)));
            out().println(run.display());
            files.forEach(f -> out().println("output: " + f));
            if (!run.state().equals("ok")) {
                if (run.message() != null) err().println("dam: " + run.message());
                if (run.stderrTail() != null && !run.stderrTail().isBlank()) err().println(tail(run.stderrTail(), 12));
            }
        }
        return run.state().equals("ok") ? 0 : 1;
    }

    static Map<String, String> params(List<String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : raw) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw DamException.invalid("--param wants NAME=VALUE (for example --param width=640), got '" + Units.clean(p) + "'");
            out.put(p.substring(0, eq).strip(), p.substring(eq + 1));
        }
        return out;
    }

    static String tail(String text, int lines) {
        String[] all = text.strip().split("\\R");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    @Command(name = "presets", description = "List the presets and their parameters.")
    static final class PresetsCommand extends DamCommand {
        @Option(names = "--json", description = "Print JSON.") boolean json;

        @Override
        int run(Dam dam) {
            List<Preset> all = dam.console().presets();
            if (json) {
                Output.json(out(), all.stream().map(org.thatdam.server.api.PresetView::of).toList());
                return 0;
            }
            for (Preset p : all) {
                out().println(p.name() + " - " + p.description());
                for (PresetParam pp : p.params()) {
                    out().printf("    --param %s=%s   %s%n", pp.name(), pp.defaultValue() == null ? "" : pp.defaultValue(),
                            pp.description());
                }
            }
            return 0;
        }
    }

    @Command(name = "history", description = "Recent ffmpeg runs, newest first.")
    static final class HistoryCommand extends DamCommand {
        @Option(names = "--asset", paramLabel = "ID", description = "Only runs on this asset.") Long asset;
        @Option(names = "--limit", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).") int limit;
        @Option(names = "--json", description = "Print JSON.") boolean json;

        @Override
        int run(Dam dam) {
            if (limit < 1 || limit > 1000) throw DamException.invalid("--limit must be between 1 and 1000");
            List<ConsoleRun> runs = dam.console().history(asset, limit);
            if (json) {
                Output.json(out(), runs.stream().map(org.thatdam.server.api.ConsoleRunView::of).toList());
                return 0;
            }
            Output.table(out(), List.of("run", "asset", "state", "exit", "secs", "command", "outputs"), runs.stream().map(r -> List.of(
                    Long.toString(r.id()), r.assetId() == null ? "-" : r.assetId().toString(), r.state(),
                    r.exitCode() == null ? "" : r.exitCode().toString(),
                    r.durationMs() == null ? "" : String.format(Locale.ROOT, "%.1f", r.durationMs() / 1000.0),
                    abbreviate(r.display(), 60), String.join(" ", r.outputs().stream().map(o -> Path.of(o).getFileName().toString()).toList())))
                    .toList());
            return 0;
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }
}
