package org.thatdam.server.api;

import java.time.Instant;
import java.util.List;
import org.thatdam.core.offload.VerifyService;
import org.thatdam.storage.mhl.VerifyReport;

/**
 * What a verification found: recorded files read again ({@code checked}, {@code bytes}), and those
 * missing, changed, new since the history, or recorded only in hash formats this program does not compute.
 */
public record VerifyResultView(String path, boolean ok, String summary, Instant finishedAt, int checked, long bytes,
                               List<String> missing, List<Changed> changed, List<String> added, List<String> unchecked) {

    /** A file whose content differs from the history: the format compared, the recorded and the present value. */
    public record Changed(String path, String format, String expected, String actual) {}

    public static VerifyResultView of(VerifyService.VerifyResult v) {
        VerifyReport r = v.report();
        return new VerifyResultView(v.path(), v.ok(), VerifyService.summary(r), v.finishedAt(), r.checked(), r.bytes(),
                r.missing(), r.changed().stream().map(m -> new Changed(m.path(), m.format().tag(), m.expected(), m.actual())).toList(),
                r.added(), r.unchecked());
    }
}
