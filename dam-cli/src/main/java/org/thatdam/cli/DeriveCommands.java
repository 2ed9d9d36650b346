package org.thatdam.cli;

import org.thatdam.model.Actor;
import org.thatdam.model.DamException;

import java.util.Map;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.core.Dam;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.server.api.AssetDetailsView;
import org.thatdam.server.api.JobView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Regenerate one derivative of one asset now, with progress: `dam thumbs|sprites|proxy ID|PATH`. */
final class DeriveCommands {

    private DeriveCommands() {}

    abstract static class Regenerate extends DamCommand {

        /** The --json answer: the job and the asset as it is now. */
        record Regenerated(JobView job, AssetDetailsView asset) {}
        @Parameters(paramLabel = "ID|PATH", description = "Asset id, or the path of one of its files.") String ref;
        @Option(names = "--json") boolean json;

        abstract JobKind kind();

        abstract String derivative();

        @Override
        int run(Dam dam) throws Exception {
            AssetDetails d = dam.assets().resolve(ref);
            long jobId = dam.jobs().enqueue(kind(), d.asset().id(), Actor.commandLine());
            Job job = JobWait.await(dam, jobId, err(), !json && ProgressLine.onTerminal());
            AssetDetails now = dam.assets().details(d.asset().id())
                    .orElseThrow(() -> DamException.notFound("no asset with id " + d.asset().id() + " (deleted meanwhile)"));
            AssetDetailsView body = AssetDetailsView.of(now, dv -> dam.assets().path(now, dv));
            Map<String, Object> view = Output.fields(body);
            if (json) {
                Output.json(out(), new Regenerated(JobView.of(job), body));
            } else if (job.state() == JobState.DONE) {
                out().println(kind().id() + " of asset " + d.asset().id() + ": " + Output.str(view.get(derivative())));
            } else if (job.state() == JobState.SKIPPED) {
                out().println(kind().id() + " of asset " + d.asset().id() + " skipped: " + job.error());
            } else {
                err().println("dam: " + kind().id() + " of asset " + d.asset().id() + " " + job.state().id()
                        + (job.error() == null ? "" : ": " + job.error()));
            }
            return job.state().succeeded() ? 0 : 1;
        }
    }

    @Command(name = "thumbs", description = "Make the poster thumbnails of one asset again (320 and 1280 px).")
    static final class Thumbs extends Regenerate {
        JobKind kind() { return JobKind.POSTER; }
        String derivative() { return "posterPath"; }
    }

    @Command(name = "sprites", description = "Make the trickplay sprite sheets and WebVTT of one video again.")
    static final class Sprites extends Regenerate {
        JobKind kind() { return JobKind.SPRITE; }
        String derivative() { return "spriteVttPath"; }
    }

    @Command(name = "proxy", description = "Make the browser-playable proxy of one asset again.")
    static final class Proxy extends Regenerate {
        JobKind kind() { return JobKind.PROXY; }
        String derivative() { return "proxyPath"; }
    }

    @Command(name = "hwaccel", description = "Which hardware H.264 encoders the bundled (or configured) ffmpeg lists, and which work here.")
    static final class HwAccelCommand extends DamCommand {
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            var r = dam.hwaccel();
            if (json) {
                Output.json(out(), r);
                return 0;
            }
            Output.table(out(), java.util.List.of("encoder", "listed", "works", "detail"), r.candidates().stream()
                    .map(c -> java.util.List.of(c.name(), c.listed() ? "yes" : "no", c.works() ? "yes" : "no",
                            Output.str(c.detail()))).toList());
            out().println();
            out().println("proxies use: " + r.chosen() + (r.chosen().equals("libx264") ? " (software; no hardware encoder works here)" : ""));
            return 0;
        }
    }
}
