package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;
import org.thatdam.core.process.TrimRequest;

/** Settings of an idle trim; each one left out takes its default ({@code dryRun} false). */
public record TrimBody(@Nullable Double noiseDb, @Nullable Double minIdleSec, @Nullable Double padSec,
                       @Nullable Boolean silence, @Nullable Boolean dryRun) {

    public TrimRequest toRequest() {
        TrimRequest d = TrimRequest.defaults();
        return new TrimRequest(noiseDb == null ? d.noiseDb() : noiseDb, minIdleSec == null ? d.minIdleSec() : minIdleSec,
                padSec == null ? d.padSec() : padSec, silence == null ? d.silence() : silence, dryRun != null && dryRun);
    }
}
