package org.thatdam.core.derive;

import org.thatdam.catalog.Catalog;
import org.thatdam.core.jobs.JobContext;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;

/**
 * Wraps a job handler so that files it wrote for an asset that was forgotten while it ran are
 * removed. Forgetting deletes the asset's derivative folder, but a job finishing just after that
 * would create it again (and its catalog rows would fail): checking once the handler has written
 * its last file closes that window whatever the order.
 */
public final class OrphanCleanup implements JobHandler {

    private final JobHandler handler;
    private final Catalog catalog;
    private final DerivativeFiles files;

    public OrphanCleanup(JobHandler handler, Catalog catalog, DerivativeFiles files) {
        this.handler = handler;
        this.catalog = catalog;
        this.files = files;
    }

    @Override
    public JobKind kind() {
        return handler.kind();
    }

    @Override
    public void run(JobContext context) throws Exception {
        try {
            handler.run(context);
        } catch (Exception | Error e) {
            try {
                removeOrphans(context);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup); // the job's own failure is the one to report
            }
            throw e;
        }
        removeOrphans(context);
    }

    private void removeOrphans(JobContext context) {
        Long assetId = context.job().assetId();
        if (assetId != null && catalog.read(s -> s.assets().find(assetId)).isEmpty()) {
            files.deleteAll(assetId);
        }
    }
}
