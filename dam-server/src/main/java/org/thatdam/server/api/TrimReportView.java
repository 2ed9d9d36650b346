package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.process.TrimReport;

/**
 * An idle trim or its dry run: the ranges kept and removed ({@code [startSec, endSec]}), the lengths
 * before and after, and the derivative kind of the trimmed file ({@code output}; null for a dry run).
 */
public record TrimReportView(double inputSec, double outputSec, List<double[]> kept, List<double[]> removed,
                             @Nullable String output, boolean dryRun, double noiseDb, double minIdleSec, double padSec,
                             boolean silence, double detectSec) {

    public static TrimReportView of(TrimReport r) {
        return new TrimReportView(r.inputSec(), r.outputSec(), r.kept(), r.removed(), r.output(), r.dryRun(), r.noiseDb(),
                r.minIdleSec(), r.padSec(), r.silence(), r.detectSec());
    }
}
