package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;
import org.thatdam.core.library.PruneRequest;

/** How to prune: only report (dryRun, the default), mark missing, or forget (purge); left out means the default. */
public record PruneBody(@Nullable Boolean dryRun, @Nullable Boolean purge) {

    public PruneRequest toRequest() {
        PruneRequest d = PruneRequest.defaults();
        return new PruneRequest(dryRun == null ? d.dryRun() : dryRun, purge == null ? d.purge() : purge);
    }
}
