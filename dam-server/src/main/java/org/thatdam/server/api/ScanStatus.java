package org.thatdam.server.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.events.DamEvent;
import org.thatdam.model.ScanReport;
import org.thatdam.core.scan.ScanService;

/**
 * One background scan: what started it, what it covers ({@code roots}: the first paths, {@code targets}:
 * how many), its state, live progress while it runs and its report when done.
 */
public record ScanStatus(String id, ScanService.Trigger trigger, List<String> roots, int targets, ScanService.State state,
                         @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable Progress progress,
                         @Nullable Report report, @Nullable String error) {

    /** How far a running scan got. */
    public record Progress(String scanId, long scanned, long added, long updated, long unchanged, long deferred, long failed, long skipped,
                           @Nullable String currentPath) {

        static Progress of(DamEvent.ScanProgress p) {
            return new Progress(p.scanId(), p.scanned(), p.added(), p.updated(), p.unchanged(), p.deferred(), p.failed(), p.skipped(),
                    p.currentPath());
        }
    }

    /** What a scan found and did; {@code problems} names the files it could not read. */
    public record Report(long scanned, long added, long updated, long unchanged, long deferred, long failed, long skipped,
                         long missing, long goneLocations, long durationMs, List<Problem> problems, List<String> deferredFiles) {

        public record Problem(String path, String error) {}

        public static Report of(ScanReport r) {
            return new Report(r.scanned(), r.added(), r.updated(), r.unchanged(), r.deferred(), r.failed(), r.skipped(),
                    r.missing(), r.goneLocations(), r.durationMs(),
                    r.problems().stream().map(p -> new Problem(p.path(), p.error())).toList(), r.deferredFiles());
        }
    }

    /** Times to the millisecond, like every other time the API sends. */
    private static @Nullable Instant millis(@Nullable Instant t) {
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    public static ScanStatus of(ScanService.Status s) {
        return new ScanStatus(s.id(), s.trigger(), s.roots(), s.targets(), s.state(), millis(s.startedAt()), millis(s.finishedAt()),
                s.progress() == null ? null : Progress.of(s.progress()), s.report() == null ? null : Report.of(s.report()),
                s.error());
    }
}
