package org.thatdam.core.process;

import java.util.List;

/**
 * The ranges an idle trim keeps and removes ({@code [startSec, endSec]} pairs, in input time) and
 * the file it made: a derivative kind for an asset, a path otherwise, null for a dry run.
 */
public record TrimReport(double inputSec, double outputSec, List<double[]> kept, List<double[]> removed, String output,
                         boolean dryRun, double noiseDb, double minIdleSec, double padSec, boolean silence,
                         double detectSec) {

    /** The same report naming another output (a derivative kind, or where a loose file's result was delivered). */
    public TrimReport withOutput(String name) {
        return new TrimReport(inputSec, outputSec, kept, removed, name, dryRun, noiseDb, minIdleSec, padSec, silence,
                detectSec);
    }
}
