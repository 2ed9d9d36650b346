package org.thatdam.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.core.Dam;
import org.thatdam.core.jobs.JobEngine;
import org.thatdam.server.api.JobView;
import org.thatdam.core.library.NotFoundException;
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
        @Option(names = "--limit", defaultValue = "100") int limit;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            JobState st = state == null ? null : JobState.parse(state);
            List<Job> jobs = dam.catalog().read(s -> s.jobs().list(st, Math.max(1, Math.min(limit, 100_000))));
            if (json) {
                Output.json(out(), jobs.stream().map(JobView::of).toList());
                return 0;
            }
            Output.table(out(), List.of("id", "kind", "asset", "state", "progress", "attempts", "error"),
                    jobs.stream().map(j -> List.of(j.id() + "", j.kind(), Output.str(j.assetId()), j.state().id(),
                            Math.round(j.progress() * 100) + "%", j.attempts() + "/" + j.maxAttempts(),
                            Output.str(j.error()))).toList());
            Map<JobState, Long> counts = dam.catalog().read(s -> s.jobs().counts());
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
            long now = dam.clock().millis();
            if (which.failed) {
                int n = dam.catalog().write(s -> {
                    int c = 0;
                    for (Job j : s.jobs().list(JobState.FAILED, 100_000)) if (s.jobs().retry(j.id(), now)) c++;
                    return c;
                });
                out().println("requeued " + n + " failed job(s)");
                return 0;
            }
            long id = which.id;
            Job j = dam.catalog().read(s -> s.jobs().find(id)).orElseThrow(() -> new NotFoundException("no job with id " + id));
            if (!dam.catalog().write(s -> s.jobs().retry(id, now))) {
                throw new IllegalArgumentException("job " + id + " is " + j.state().id()
                        + ": only failed or cancelled jobs can be retried (or the same work is already queued)");
            }
            out().println("requeued job " + id);
            return 0;
        }
    }

    @Command(name = "cancel", description = "Cancel a queued or running job (a running ffmpeg is stopped).")
    static final class Cancel extends DamCommand {
        @Parameters(paramLabel = "ID") long id;

        @Override
        int run(Dam dam) {
            Job j = dam.catalog().read(s -> s.jobs().find(id)).orElseThrow(() -> new NotFoundException("no job with id " + id));
            if (!dam.jobs().cancel(id)) {
                throw new IllegalArgumentException("job " + id + " already finished (" + j.state().id() + ")");
            }
            out().println("cancelled job " + id);
            return 0;
        }
    }

    @Command(name = "wait", description = "Run queued jobs here (alongside a running server, if any) until none is left.")
    static final class Wait extends DamCommand {
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default: no limit).")
        Long timeout;
        @Option(names = "--json") boolean json;

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
        JobEngine engine = dam.jobs();
        engine.start();
        boolean idle;
        try (AutoCloseable bar = JobProgressBar.attach(dam, cmd.err(), humanOut != null && ProgressLine.onTerminal())) {
            idle = engine.awaitIdle(timeoutSec == null ? Duration.ofDays(365) : Duration.ofSeconds(timeoutSec));
        }
        Map<JobState, Long> counts = dam.catalog().read(s -> s.jobs().counts());
        if (humanOut != null) {
            humanOut.println((idle ? "queue empty: " : "timed out: ") + describe(counts));
            if (counts.get(JobState.FAILED) > 0) humanOut.println("failed jobs: dam jobs list --state failed");
        }
        return new QueueResult(idle, counts);
    }
}
