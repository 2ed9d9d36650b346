package org.thatdam.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.thatdam.model.Actor;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.core.Dam;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.JobService;
import org.thatdam.core.jobs.QueueSummary;
import org.thatdam.server.api.JobList;
import org.thatdam.server.api.JobSummaryView;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "jobs", description = "Background work.",
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.Retry.class, JobsCommand.Cancel.class, JobsCommand.Wait.class,
                JobsCommand.Pause.class, JobsCommand.Resume.class, JobsCommand.Clear.class})
final class JobsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Every job kind's id, for the help (from {@link JobKind}, so the help names the kinds there are). */
    static final class Kinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(JobKind.values()).map(JobKind::id).iterator();
        }
    }

    /** The command's description lists the kinds of work (set once the command line is built: it comes from code). */
    static void listKinds(picocli.CommandLine.Model.CommandSpec spec) {
        spec.usageMessage().description("Background work, by kind: " + String.join(", ", new Kinds()) + ".");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "Jobs, newest first.")
    static final class ListJobs extends DamCommand {
        @Option(names = "--state", paramLabel = "STATE", description = "queued, running, done, skipped, failed or cancelled.") String state;
        @Option(names = "--kind", paramLabel = "KIND", completionCandidates = Kinds.class,
                description = "One of: ${COMPLETION-CANDIDATES}.") String kind;
        @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the newest N (paging).") int offset;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "How many (default ${DEFAULT-VALUE}).") int limit;
        @Option(names = "--json", description = "Print the jobs and the counts by state as the API's job list.") boolean json;

        @Override
        int run(Dam dam) {
            JobState st = state == null ? null : JobState.parse(state);
            List<Job> jobs = dam.jobs().list(st, kind == null ? null : JobKind.parse(kind), offset, limit);
            if (json) {
                Output.json(out(), JobList.of(dam.jobs().counts(), jobs));
                return 0;
            }
            Output.table(out(), List.of("id", "kind", "asset", "state", "progress", "attempts", "error"),
                    jobs.stream().map(j -> List.of(j.id() + "", j.kind(), Output.str(j.assetId()), j.state().id(),
                            Math.round(j.progress() * 100) + "%", j.attempts() + "/" + j.maxAttempts(),
                            Output.str(j.error()))).toList());
            out().println();
            out().println(describe(dam.jobs().summary()));
            return 0;
        }
    }

    @Command(name = "pause", description = "Pause the queue: running jobs finish, no new one starts (in any process) until resumed.")
    static final class Pause extends DamCommand {
        @Option(names = "--json", description = "Print the queue's summary as the API does.") boolean json;

        @Override
        int run(Dam dam) {
            QueueSummary s = dam.jobs().pause(Actor.commandLine());
            if (json) Output.json(out(), JobSummaryView.of(s));
            else out().println(describe(s));
            return 0;
        }
    }

    @Command(name = "resume", description = "Let a paused queue start jobs again.")
    static final class Resume extends DamCommand {
        @Option(names = "--json", description = "Print the queue's summary as the API does.") boolean json;

        @Override
        int run(Dam dam) {
            QueueSummary s = dam.jobs().resume(Actor.commandLine());
            if (json) Output.json(out(), JobSummaryView.of(s));
            else out().println(describe(s));
            return 0;
        }
    }

    @Command(name = "clear", description = "Delete finished jobs (done, skipped, cancelled) or failed ones now.")
    static final class Clear extends DamCommand {
        @ArgGroup(multiplicity = "1") Which which;

        static final class Which {
            @Option(names = "--finished", description = "Done, skipped and cancelled jobs.") boolean finished;
            @Option(names = "--failed", description = "Failed jobs.") boolean failed;
        }

        @Override
        int run(Dam dam) {
            JobService.Clear what = which.failed ? JobService.Clear.FAILED : JobService.Clear.FINISHED;
            out().println("deleted " + dam.jobs().clear(what, Actor.commandLine()) + " " + what.id() + " job(s)");
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

    /** "queued 0, running 1, done 11, skipped 0, failed 0, cancelled 0" */
    static String describe(Map<JobState, Long> counts) {
        return String.join(", ", counts.entrySet().stream().map(e -> e.getKey().id() + " " + e.getValue()).toList());
    }

    /** The counts, then whether the queue is paused, or how far the pending work is and its ETA. */
    static String describe(QueueSummary s) {
        String state = s.paused() ? "queue paused by " + s.pausedBy() + " at " + s.pausedAt() + " (dam jobs resume)"
                : s.pending() == 0 ? "queue idle"
                : "queue " + Math.round(s.progress() * 100) + "% done"
                        + (s.etaSeconds() == null ? "" : ", about " + Units.longDuration(s.etaSeconds().doubleValue()) + " left");
        return describe(s.counts()) + "\n" + state;
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
