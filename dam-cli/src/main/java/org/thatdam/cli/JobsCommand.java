package org.thatdam.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.thatdam.model.Actor;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.core.Dam;
import org.thatdam.server.api.JobList;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "jobs", description = "Background work: posters, sprites, proxies, full hashes.",
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.Retry.class, JobsCommand.Cancel.class, JobsCommand.Wait.class})
final class JobsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "Jobs, newest first.")
    static final class ListJobs extends DamCommand {
        @Option(names = "--state", paramLabel = "STATE", description = "queued, running, done, failed or cancelled.") String state;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "How many (default ${DEFAULT-VALUE}).") int limit;
        @Option(names = "--json", description = "Print the jobs and the counts by state as the API's job list.") boolean json;

        @Override
        int run(Dam dam) {
            JobState st = state == null ? null : JobState.parse(state);
            List<Job> jobs = dam.jobs().list(st, limit);
            if (json) {
                Output.json(out(), JobList.of(dam.jobs().counts(), jobs));
                return 0;
            }
            Output.table(out(), List.of("id", "kind", "asset", "state", "progress", "attempts", "error"),
                    jobs.stream().map(j -> List.of(j.id() + "", j.kind(), Output.str(j.assetId()), j.state().id(),
                            Math.round(j.progress() * 100) + "%", j.attempts() + "/" + j.maxAttempts(),
                            Output.str(j.error()))).toList());
            Map<JobState, Long> counts = dam.jobs().counts();
            out().println();
            out().println(describe(counts));
            return 0;
        }
    }

    @Command(name = "retry", description = "Run a failed or cancelled job again (or all failed ones).")
    static final class Retry extends DamCommand {
        @ArgGroup(multiplicity = "1") Which which;

        static final class Which {
            @Parameters(paramLabel = "ID") Long id;
            @Option(names = "--failed", description = "Every failed job.") boolean failed;
        }

        @Override
        int run(Dam dam) {
            if (which.failed) {
                out().println("requeued " + dam.jobs().retryFailed(Actor.commandLine()) + " failed job(s)");
                return 0;
            }
            out().println("requeued job " + dam.jobs().retry(which.id, Actor.commandLine()).id());
            return 0;
        }
    }

    @Command(name = "cancel", description = "Cancel a queued or running job (a running ffmpeg is stopped).")
    static final class Cancel extends DamCommand {
        @Parameters(paramLabel = "ID") long id;

        @Override
        int run(Dam dam) {
            dam.jobs().cancel(id, Actor.commandLine());
            out().println("cancelled job " + id);
            return 0;
        }
    }

    @Command(name = "wait", description = "Run queued jobs here (alongside a running server, if any) until none is left.")
    static final class Wait extends DamCommand {
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default: no limit).")
        Long timeout;
        @Option(names = "--json", description = "Print whether the queue emptied and the counts by state.") boolean json;

        @Override
        int run(Dam dam) throws Exception {
            QueueResult r = runQueue(this, dam, timeout, json ? null : out());
            if (json) Output.json(out(), r);
            return r.idle() ? 0 : 1;
        }
    }

    /** "queued 0, running 1, done 11, failed 0, cancelled 0" */
    static String describe(Map<JobState, Long> counts) {
        return String.join(", ", counts.entrySet().stream().map(e -> e.getKey().id() + " " + e.getValue()).toList());
    }

    record QueueResult(boolean idle, Map<JobState, Long> counts) {}

    /**
     * Starts an engine in this process and waits for the whole queue; shared by `jobs wait` and
     * `scan --wait`. With {@code humanOut}, progress shows on a terminal and a summary line is printed.
     */
    static QueueResult runQueue(DamCommand cmd, Dam dam, Long timeoutSec, java.io.PrintWriter humanOut) throws Exception {
        boolean idle;
        try (AutoCloseable bar = JobProgressBar.attach(dam, cmd.err(), humanOut != null && ProgressLine.onTerminal())) {
            idle = dam.jobs().runUntilIdle(timeoutSec == null ? Duration.ofDays(365) : Duration.ofSeconds(timeoutSec));
        }
        Map<JobState, Long> counts = dam.jobs().counts();
        if (humanOut != null) {
            humanOut.println((idle ? "queue empty: " : "timed out: ") + describe(counts));
            if (counts.get(JobState.FAILED) > 0) humanOut.println("failed jobs: dam jobs list --state failed");
        }
        return new QueueResult(idle, counts);
    }
}
