package org.thatdam.core.scan;

import org.thatdam.model.ScanReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.model.Actor;
import org.thatdam.storage.FileNames;

/**
 * A one-shot scan that does not leave files behind because they were still being written: it waits
 * for the deferred ones to settle (see {@link SettleQueue}), up to a bound, and catalogues them;
 * only files still changing at the end stay deferred.
 */
public final class SettledScan {

    private final Scanner scanner;
    private final Duration settle;
    private final Clock clock;
    private final AuditLog audit;

    public SettledScan(Scanner scanner, Duration settle, Clock clock, AuditLog audit) {
        this.scanner = scanner;
        this.audit = audit;
        this.settle = settle;
        this.clock = clock;
    }

    /** The longest a one-shot scan waits for growing files: ten settle times, at least a minute. */
    public static Duration defaultBound(Duration settle) {
        Duration ten = settle.multipliedBy(10);
        return ten.compareTo(Duration.ofMinutes(1)) > 0 ? ten : Duration.ofMinutes(1);
    }

    /**
     * @param waiting told how many files it is waiting for, each time it starts waiting again
     * @param by     who asked: the scan runs in many transactions of its own, so its audit entry is
     *               written before it starts, when it is accepted
     */
    public ScanReport scan(List<Path> targets, ScanOptions options, Duration bound, IntConsumer waiting, Actor by) {
        audit.record(by.principal(), AuditAction.SCAN_START, "scan", targets.isEmpty() ? "nothing" : targets.get(0)
                + (targets.size() > 1 ? " and " + (targets.size() - 1) + " more" : ""), by.address());
        ScanReport total = scanner.scan(targets, options);
        if (total.deferred() == 0) return total;
        long deadline = clock.millis() + bound.toMillis();
        SettleQueue queue = new SettleQueue(settle, clock, Integer.MAX_VALUE);
        requeue(queue, total, targets);
        while (queue.size() > 0 && clock.millis() < deadline) {
            waiting.accept(queue.size());
            long wake = Math.min(queue.nextDueMillis(), deadline);
            try {
                Thread.sleep(Math.max(1, wake - clock.millis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            List<Path> due = queue.takeSettled();
            if (due.isEmpty()) continue;
            ScanReport later = scanner.scan(due, options);
            requeue(queue, later, due);
            total = total.then(later, queue.size(), queue.paths().stream().map(Path::toString)
                    .limit(Scanner.MAX_DEFERRED_LISTED).toList());
        }
        return total;
    }

    /** Queues what a scan deferred: its files, or its targets again when there were too many to list. */
    private static void requeue(SettleQueue queue, ScanReport r, List<Path> targets) {
        if (r.deferred() > r.deferredFiles().size()) {
            queue.addAll(targets);
        } else {
            r.deferredFiles().forEach(f -> queue.add(FileNames.path(f)));
        }
    }
}
