package org.thatdam.core.library;

/**
 * What a prune is asked to do: only report ({@code dryRun}), and whether gone files are forgotten
 * ({@code purge}) rather than marked missing. The default is the harmless one: a dry run that
 * would only mark.
 */
public record PruneRequest(boolean dryRun, boolean purge) {

    public static PruneRequest defaults() {
        return new PruneRequest(true, false);
    }
}
